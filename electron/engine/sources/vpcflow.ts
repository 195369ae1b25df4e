import type { Detection, FileHead, LoadContext, LoadResult, SourceModule } from './types.js';
import { insertVpcEventsSql, insertVpcLinksSql, knownFields } from './vpcflowSql.js';
import { loadLineBatch } from './vpcflowZeekLines.js';

/**
 * AWS VPC Flow Logs as text, versions 2 to 5: one flow a line, fields separated by spaces, `-`
 * for absent. Files delivered to S3 in a custom format start with a header line naming the
 * fields; the default format (and CloudWatch Logs exports) have none. See docs/sources/network.md.
 */

export const vpcflow: SourceModule = { id: 'aws.vpcflow', detect, load };

/** A default-format record: version, account id (or `unknown`), then the interface id. */
const defaultRecord = /^[2-9] (\d{1,12}|unknown|-) eni-[0-9a-z]+ /;

const headerLine = /^[a-z][a-z0-9-]*( [a-z][a-z0-9-]*)+$/;

/** Names that only a flow log header holds, so that another format's header is not taken. */
const addressFields = ['srcaddr', 'dstaddr', 'pkt-srcaddr', 'pkt-dstaddr'];

function detect(head: FileHead): Detection | null {
  const text = head.text.replace(/^\uFEFF/, '');
  const firstLine = (text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '').trim();

  if (headerLine.test(firstLine)) {
    const names = firstLine.split(' ');
    const known = names.filter((name) => knownFields.includes(name));
    if (known.length >= 3 && names.some((name) => addressFields.includes(name))) {
      return { layout: 'header' };
    }
    return null;
  }
  return defaultRecord.test(firstLine) ? { layout: 'default' } : null;
}

function load(ctx: LoadContext): Promise<Map<string, LoadResult>> {
  if (ctx.layout !== 'header' && ctx.layout !== 'default') {
    throw new Error(`Failed to load VPC flow logs: unknown layout ${ctx.layout}`);
  }
  // Both layouts take the same SQL: each line finds its header, if any, in the file itself.
  return loadLineBatch(ctx, { insertEvents: insertVpcEventsSql, insertLinks: insertVpcLinksSql });
}
