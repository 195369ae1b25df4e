import { bundleFiles, type OutputFile } from '../layout.js';
import { k8sAuditLog } from './k8sCalls.js';
import { otelTraces } from './otel.js';
import { trailCalls } from './trail.js';
import { vaultAuditLog } from './vault.js';
import { eni, flowLog } from './vpcflow.js';

/** The folders of the multi-source bundle that the generator writes (and replaces). */
export const generatedFolders = ['cloudtrail', 'k8s', 'otel', 'vault', 'vpcflow'];

const text = (path: string, body: string): OutputFile => ({
  path,
  bytes: Buffer.from(body, 'utf8'),
});

/**
 * The multi-source bundle's files, laid out as a responder receives them: one folder per
 * system that exported its logs, CloudTrail as its trail wrote it to S3 (every file gzipped).
 */
export function multiSourceFiles(): OutputFile[] {
  const trail = bundleFiles(trailCalls(), { plainFile: '', digestFor: '' }).map((file) => ({
    ...file,
    path: `cloudtrail/${file.path}`,
  }));
  return [
    text('otel/ops-copilot-traces.jsonl', otelTraces()),
    text('vault/audit.log', vaultAuditLog()),
    text('k8s/audit.jsonl', k8sAuditLog()),
    text(`vpcflow/${eni}.log`, flowLog()),
    ...trail,
  ].sort((a, b) => a.path.localeCompare(b.path));
}
