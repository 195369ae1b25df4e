import pino from 'pino';

/**
 * The one logger. Each subsystem takes a child (`logger.child({ sub: 'ingest' })`). It writes to
 * standard error so that the CLI's standard output stays clean for `--json`. Never log evidence
 * contents, tokens or secrets: log counts, paths, ids and timings.
 */
const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const asked = process.env.KEYTRAIL_LOG_LEVEL?.toLowerCase();

/** KEYTRAIL_LOG_LEVEL picks the level; an unknown name falls back to `warn` and says so. */
export const logger = pino(
  {
    level: asked && levels.includes(asked) ? asked : 'warn',
    base: undefined,
    redact: { paths: ['token', '*.token', 'raw', '*.raw'], censor: '[redacted]' },
  },
  pino.destination(2),
);

if (asked && !levels.includes(asked)) {
  logger.warn(`KEYTRAIL_LOG_LEVEL=${asked} is not a level (${levels.join(', ')}); using warn`);
}

export function childLogger(sub: string): pino.Logger {
  return logger.child({ sub });
}
