import pino from 'pino';

/**
 * The one logger. Each subsystem takes a child (`logger.child({ sub: 'ingest' })`). It writes to
 * standard error so that the CLI's standard output stays clean for `--json`. Never log evidence
 * contents, tokens or secrets: log counts, paths, ids and timings.
 */
export const logger = pino(
  {
    level: process.env.KEYTRAIL_LOG_LEVEL ?? 'warn',
    base: undefined,
    redact: { paths: ['token', '*.token', 'raw', '*.raw'], censor: '[redacted]' },
  },
  pino.destination(2),
);

export function childLogger(sub: string): pino.Logger {
  return logger.child({ sub });
}
