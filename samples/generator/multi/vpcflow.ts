import { addr, at, copilotPod, docsPod, prod } from './cast.js';

/**
 * The flow log of the agent's node's network interface (vpcflow/eni-....log), in the default
 * (version 2) format with its header line, as delivered to S3: one line per flow and capture
 * window, both directions of each connection, times as epoch seconds.
 */

export const eni = 'eni-0a1b2c3d4e5f60718';

const header =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';

interface Flow {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  protocol?: number;
  packets: number;
  bytes: number;
  /** When the window's first packet was seen, and when the window closed (HH:MM:SS). */
  start: string;
  end: string;
  action?: 'ACCEPT' | 'REJECT';
}

const epoch = (clock: string): number => Date.parse(at(clock)) / 1000;

/** A connection as two lines, out and back, the answer carrying most of the bytes. */
function both(flow: Flow, back: { packets: number; bytes: number }): Flow[] {
  return [
    flow,
    {
      ...flow,
      src: flow.dst,
      dst: flow.src,
      srcPort: flow.dstPort,
      dstPort: flow.srcPort,
      packets: back.packets,
      bytes: back.bytes,
    },
  ];
}

function line(f: Flow): string {
  return [
    2,
    prod,
    eni,
    f.src,
    f.dst,
    f.srcPort,
    f.dstPort,
    f.protocol ?? 6,
    f.packets,
    f.bytes,
    epoch(f.start),
    epoch(f.end),
    f.action ?? 'ACCEPT',
    'OK',
  ].join(' ');
}

const pod = copilotPod.ip;
const node = copilotPod.nodeIp;

function flows(): Flow[] {
  const o = (
    src: string,
    dst: string,
    srcPort: number,
    dstPort: number,
    start: string,
    end: string,
  ) => ({ src, dst, srcPort, dstPort, start, end, packets: 12, bytes: 2_804 });
  return [
    ...both(
      {
        ...o(addr.corednsPod, addr.dns, 53104, 53, '13:58:05', '13:58:58'),
        protocol: 17,
        packets: 40,
        bytes: 3_120,
      },
      { packets: 40, bytes: 6_480 },
    ),
    ...both(o(node, pod, 48210, 8080, '13:59:01', '13:59:55'), { packets: 10, bytes: 1_920 }),
    ...both(o(pod, addr.apiServer, 44120, 443, '13:59:58', '14:00:52'), {
      packets: 14,
      bytes: 9_733,
    }),
    ...both(
      {
        ...o(pod, addr.llmGateway, 39504, 443, '14:00:00', '14:00:57'),
        packets: 96,
        bytes: 61_340,
      },
      { packets: 132, bytes: 148_022 },
    ),
    ...both(o(pod, addr.vault, 52814, 8200, '14:00:02', '14:00:58'), { packets: 10, bytes: 4_617 }),
    ...both(o(pod, addr.vault, 52820, 8200, '14:00:03', '14:00:58'), { packets: 9, bytes: 3_902 }),
    ...both(
      {
        ...o(pod, addr.stsEndpoint, 38112, 443, '14:00:24', '14:00:58'),
        packets: 22,
        bytes: 7_410,
      },
      { packets: 20, bytes: 9_886 },
    ),
    ...both(o(pod, addr.iamEndpoint, 41076, 443, '14:00:27', '14:00:58'), {
      packets: 13,
      bytes: 4_255,
    }),
    ...both(
      {
        ...o(pod, addr.llmGateway, 39504, 443, '14:01:00', '14:01:57'),
        packets: 88,
        bytes: 70_116,
      },
      { packets: 121, bytes: 139_507 },
    ),
    ...both(o(pod, addr.apiServer, 44120, 443, '14:01:00', '14:01:55'), {
      packets: 8,
      bytes: 31_208,
    }),
    {
      ...o(docsPod.nodeIp, pod, 51822, 9100, '14:01:12', '14:01:55'),
      packets: 1,
      bytes: 60,
      action: 'REJECT',
    },
    ...both(
      {
        ...o(addr.corednsPod, addr.dns, 53104, 53, '14:02:01', '14:02:58'),
        protocol: 17,
        packets: 38,
        bytes: 2_964,
      },
      { packets: 38, bytes: 6_118 },
    ),
  ];
}

/** The log file's text: header, flows in window order, and a window with no traffic. */
export function flowLog(): string {
  const rows = flows().map(line);
  const nodata = `2 ${prod} ${eni} - - - - - - - ${epoch('14:03:00')} ${epoch('14:03:58')} - NODATA`;
  return [header, ...rows, nodata].join('\n') + '\n';
}
