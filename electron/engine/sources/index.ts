import { azure } from './azure.js';
import { cloudtrail } from './cloudtrail.js';
import { entraAudit } from './entraAudit.js';
import { entraSignin } from './entraSignin.js';
import { gcp } from './gcp.js';
import { github } from './github.js';
import { k8s } from './k8s.js';
import { mcp } from './mcp.js';
import { okta } from './okta.js';
import { otel } from './otel.js';
import { vault } from './vault.js';
import { vpcflow } from './vpcflow.js';
import { zeek } from './zeek.js';
import type { Detection, FileHead, SourceModule } from './types.js';

/** Every format Keytrail reads, asked in this order; the first to recognise a file loads it. */
export const sources: SourceModule[] = [
  cloudtrail,
  k8s,
  gcp,
  vault,
  vpcflow,
  zeek,
  okta,
  github,
  entraAudit,
  entraSignin,
  azure,
  otel,
  mcp,
];

export function detectSource(
  head: FileHead,
): { source: SourceModule; detection: Detection } | null {
  for (const source of sources) {
    const detection = source.detect(head);
    if (detection) return { source, detection };
  }
  return null;
}
