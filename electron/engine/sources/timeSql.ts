/**
 * SQL that turns a time as a log wrote it into TIMESTAMPTZ (UTC, microseconds), whatever the form:
 *
 * - ISO 8601 with 0 to 9 fraction digits and `Z` or an offset (`2024-01-01T00:00:00.123456789Z`):
 *   DuckDB's own cast, which keeps the first six digits;
 * - epoch numbers written as text, their unit told by the count of integer digits (up to 11:
 *   seconds, 12-14: milliseconds, 15-17: microseconds, 18-19: nanoseconds), converted in integer
 *   arithmetic so that no digit is lost to a floating-point number;
 * - the written forms some consoles export (`Sep 14, 2020, 7:10:27 AM`), read as UTC.
 *
 * Anything else is NULL; the text itself is always kept in `time_raw`.
 */
export function anyTimeSql(text: string): string {
  const t = `trim(${text})`;
  const whole = `split_part(${t}, '.', 1)`;
  const fraction = (digits: number) =>
    `coalesce(try_cast(nullif(left(rpad(split_part(${t}, '.', 2), ${digits}, '0'), ${digits}), '') AS BIGINT), 0)`;
  const digits = `length(ltrim(${whole}, '-'))`;
  const micros = `CASE
      WHEN ${digits} <= 11 THEN ${whole}::BIGINT * 1000000 + ${fraction(6)}
      WHEN ${digits} <= 14 THEN ${whole}::BIGINT * 1000 + ${fraction(3)}
      WHEN ${digits} <= 17 THEN ${whole}::BIGINT
      ELSE ${whole}::BIGINT // 1000 END`;
  const epoch = `(make_timestamp(${micros}) AT TIME ZONE 'UTC')`;
  const written = `(try_strptime(${t}, ['%b %d, %Y, %I:%M:%S %p', '%B %d, %Y, %I:%M:%S %p',
    '%b %d, %Y %I:%M:%S %p', '%m/%d/%Y, %I:%M:%S %p', '%m/%d/%Y %I:%M:%S %p',
    '%a %b %d %H:%M:%S %Y']) AT TIME ZONE 'UTC')`;
  return `coalesce(try_cast(${t} AS TIMESTAMPTZ),
    CASE WHEN regexp_full_match(${t}, '-?[0-9]{1,19}(\\.[0-9]+)?') THEN ${epoch}
      ELSE ${written} END)`;
}
