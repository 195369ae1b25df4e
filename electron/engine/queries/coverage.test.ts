import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempCase } from '../../../test/tempCase.js';
import { ingest } from '../ingest/ingest.js';
import { coverage } from './coverage.js';

const trail = resolve(import.meta.dirname, '../../../samples/cloudtrail/AWSLogs/111111111111');
const digest = `${trail}/CloudTrail-Digest/us-east-1/2024/11/05/111111111111_CloudTrail-Digest_us-east-1_acme-org-trail_us-east-1_20241105T232853Z.json.gz`;
// The one log file that digest lists (read from the digest by hand: logFiles[0].s3Object).
const listed =
  'AWSLogs/111111111111/CloudTrail/us-east-1/2024/11/05/111111111111_CloudTrail_us-east-1_20241105T2250Z_TgBjl44BYUUxtYsp.json.gz';

const temp = useTempCase();

describe('coverage', () => {
  it('names the log file a digest lists when the bundle lacks it', async () => {
    await ingest(temp.db, [digest]);

    const report = await coverage(temp.db);
    expect(report).toMatchObject({ digestFiles: 1, listedLogFiles: 1, noFlowDataRows: 0 });
    expect(report.missing).toEqual([
      expect.objectContaining({
        s3Bucket: 'acme-org-cloudtrail-logs',
        s3Object: listed,
        oldestEventTime: '2024-11-05T12:00:06Z',
        digestPath: digest.split('/').pop(),
      }),
    ]);
  });

  it('reports no gap once the listed log file is in the case', async () => {
    await ingest(temp.db, [digest, resolve(trail, '../..', listed)]);

    const report = await coverage(temp.db);
    expect(report.listedLogFiles).toBe(1);
    expect(report.missing).toEqual([]);
  });
});
