import { api, assumeRole, callerIdentity, s3Bucket, s3Object } from '../calls.js';
import { consoleDate, type Call } from '../cloudtrail.js';
import {
  addr,
  adminSession,
  agentCli,
  at,
  ciCli,
  copilotPod,
  data,
  deployBot,
  exfiltrated,
  nextDay,
  outsideUa,
  prod,
  region,
  svcSync,
  vpcEndpoint,
} from './cast.js';
import { trailNoise } from './trailNoise.js';

/**
 * The CloudTrail records of the multi-source sample: the agent's use of the deploy-bot key from
 * its pod (through the VPC's STS and IAM interface endpoints, which is why the records carry the
 * pod's own address), the role chain into the data account, the backdoor key and its use the
 * next night; and routine calls in both accounts that none of it touches.
 */

function agentCalls(): Call[] {
  const fromPod = (step: string, clock: string, command: string) => ({
    label: `ms.agent.${step}`,
    time: at(clock),
    region,
    ip: copilotPod.ip,
    ua: agentCli(command),
  });
  const created = at('14:00:27');

  return [
    {
      ...callerIdentity({
        ...fromPod('caller-identity', '14:00:24', 'sts.get-caller-identity'),
        trail: prod,
        who: deployBot,
      }),
      vpcEndpointId: vpcEndpoint.sts,
    },
    ...assumeRole(
      { ...fromPod('assume-admin', '14:00:25', 'sts.assume-role'), who: deployBot },
      adminSession,
      { trails: [prod, data], sendDuration: true },
    ).map((call) => ({ ...call, vpcEndpointId: vpcEndpoint.sts, vpcEndpointAccountId: prod })),
    {
      ...api(
        {
          ...fromPod('create-key', '14:00:27', 'iam.create-access-key'),
          trail: data,
          who: adminSession,
        },
        'iam.amazonaws.com',
        'CreateAccessKey',
        { userName: svcSync.name },
        {
          readOnly: false,
          response: {
            accessKey: {
              userName: svcSync.name,
              accessKeyId: svcSync.accessKeyId,
              status: 'Active',
              createDate: consoleDate(created, false),
            },
          },
        },
      ),
      vpcEndpointId: vpcEndpoint.iam,
      vpcEndpointAccountId: prod,
    },
  ];
}

/** The deploy-bot key as its owner used it: from the CI runner, that morning. */
function ciCalls(): Call[] {
  const where = (step: string, clock: string, command: string) => ({
    label: `ms.ci.${step}`,
    time: at(clock),
    trail: prod,
    region,
    who: deployBot,
    ip: addr.ciRunner,
    ua: ciCli(command),
  });
  return [
    callerIdentity(where('caller-identity', '09:12:40', 'sts.get-caller-identity')),
    api(
      where('ecr-token', '09:12:52', 'ecr.get-login-password'),
      'ecr.amazonaws.com',
      'GetAuthorizationToken',
      {
        registryIds: [prod],
      },
    ),
  ];
}

function backdoorCalls(): Call[] {
  const where = (step: string, clock: string) => ({
    label: `ms.backdoor.${step}`,
    time: at(clock, nextDay),
    trail: data,
    region,
    who: svcSync,
    ip: addr.outside,
    ua: outsideUa,
  });
  return [
    callerIdentity(where('caller-identity', '03:41:07')),
    s3Bucket(where('list-exports', '03:41:52'), 'ListObjects', exfiltrated.bucket, {
      'list-type': '2',
      prefix: 'exports/',
    }),
    s3Object(
      where('get-export', '03:42:30'),
      'GetObject',
      exfiltrated.bucket,
      exfiltrated.key,
      61_884_207,
    ),
  ];
}

/** Every CloudTrail call of the multi-source sample. */
export function trailCalls(): Call[] {
  return [...ciCalls(), ...agentCalls(), ...backdoorCalls(), ...trailNoise()];
}
