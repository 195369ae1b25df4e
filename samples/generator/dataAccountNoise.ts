import { api, assumeRole, s3Object, serviceSession } from './calls.js';
import { at, data, day1, day2, ip, region, ua } from './cast.js';
import { addSeconds, type Call } from './cloudtrail.js';
import { randomFor } from './prng.js';

/**
 * Routine activity in the data account: a nightly Glue job reading the lake with its own secret,
 * and the Lambda that writes the finance export the intruder later reads. Both act on resources
 * of the story (the export object) but never on its credentials, sessions or roles.
 */

const days = [day1, day2];

export function dataAccountNoise(): Call[] {
  const calls: Call[] = [];
  const glue = { kind: 'service' as const, host: 'glue.amazonaws.com' };

  for (const [d, day] of days.entries()) {
    const created = at(day, `01:00:0${4 + d}`);
    const session = serviceSession(
      data,
      'etl-runner',
      'GlueJobRunnerSession',
      `glue.${day}`,
      created,
    );
    const from = { ip: 'glue.amazonaws.com', ua: 'glue.amazonaws.com' };
    calls.push(
      ...assumeRole(
        { label: `glue.${day}.assume`, time: created, region, who: glue, ...from },
        session,
        {
          trails: [data],
        },
      ),
    );
    let time = addSeconds(created, 45);
    const where = (step: string) => {
      time = addSeconds(time, 7 + Math.floor(randomFor(`glue.${day}.${step}`)() * 90));
      return {
        label: `glue.${day}.${step}`,
        time,
        trail: data,
        region,
        who: session,
        ip: ip.etlWorker,
        ua: ua.glue,
      };
    };
    calls.push(
      api(where('secret'), 'secretsmanager.amazonaws.com', 'GetSecretValue', {
        secretId: 'data/etl/source-db',
      }),
    );
    for (let n = 1; n <= 6; n++) {
      calls.push(
        s3Object(
          where(`raw-${n}`),
          'GetObject',
          'acme-data-lake',
          `raw/orders/${day}/part-0000${n}.parquet`,
          52_000_000 + n * 1_337,
        ),
      );
    }
    for (let n = 1; n <= 4; n++) {
      const key = `curated/orders/dt=${day}/part-0000${n}.snappy.parquet`;
      calls.push(
        s3Object(where(`curated-${n}`), 'PutObject', 'acme-data-lake', key, 31_000_000 + n * 977),
      );
    }
  }

  const lambda = { kind: 'service' as const, host: 'lambda.amazonaws.com' };
  const created = at(day1, '02:00:01');
  const writer = serviceSession(
    data,
    'exports-writer-role',
    'exports-writer',
    'exports.day1',
    created,
  );
  const where = (step: string, clock: string) => ({
    label: `exports.${step}`,
    time: at(day1, clock),
    trail: data,
    region,
    who: writer,
    ip: ip.lambdaEgress[2] ?? '52.23.17.140',
    ua: ua.lambda,
  });
  calls.push(
    ...assumeRole(
      {
        label: 'exports.assume',
        time: created,
        region,
        who: lambda,
        ip: 'lambda.amazonaws.com',
        ua: 'lambda.amazonaws.com',
      },
      writer,
      {
        trails: [data],
        durationSeconds: 43_200,
      },
    ),
    s3Object(
      where('put-export', '02:00:41'),
      'PutObject',
      'acme-data-exports',
      'finance/customers-2024-10.csv.gz',
      48_213_377,
    ),
    s3Object(
      where('put-manifest', '02:00:43'),
      'PutObject',
      'acme-data-exports',
      'finance/manifest.json',
      611,
    ),
  );
  return calls;
}
