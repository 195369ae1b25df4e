import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { anyTimeSql } from './timeSql.js';

async function read(text: string | null): Promise<string | null> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const reader = await conn.runAndReadAll(
      `SELECT strftime(${anyTimeSql('$t::VARCHAR')} AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ') AS v`,
      { t: text },
    );
    return (reader.getRowObjectsJson()[0]?.v as string | null) ?? null;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

// Expected values worked out by hand: 1600067427 s since 1970 is 2020-09-14T07:10:27Z.
const cases: [string, string | null][] = [
  ['2020-09-14T07:10:27Z', '2020-09-14T07:10:27.000000Z'],
  ['2020-09-14T07:10:27.1Z', '2020-09-14T07:10:27.100000Z'],
  ['2020-09-14T07:10:27.123456789Z', '2020-09-14T07:10:27.123456Z'],
  ['2020-09-14T09:10:27.5+02:00', '2020-09-14T07:10:27.500000Z'],
  ['2020-09-14 07:10:27', '2020-09-14T07:10:27.000000Z'],
  ['1600067427', '2020-09-14T07:10:27.000000Z'],
  ['1600067427.123456', '2020-09-14T07:10:27.123456Z'],
  ['1600067427123', '2020-09-14T07:10:27.123000Z'],
  ['1600067427123456', '2020-09-14T07:10:27.123456Z'],
  ['1600067427123456789', '2020-09-14T07:10:27.123456Z'],
  ['Sep 14, 2020, 7:10:27 AM', '2020-09-14T07:10:27.000000Z'],
  ['Sep 14, 2020, 7:10:27 PM', '2020-09-14T19:10:27.000000Z'],
  ['yesterday', null],
  ['', null],
];

describe('anyTimeSql', () => {
  it.each(cases)('reads %j as %j', async (text, expected) => {
    expect(await read(text)).toBe(expected);
  });

  it('reads NULL as NULL', async () => {
    expect(await read(null)).toBeNull();
  });
});
