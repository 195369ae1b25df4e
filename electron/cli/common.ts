import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Method, RequestIn, ResponseOf } from '../../shared/contract.js';
import { describeError } from '../../shared/errors.js';
import type { ApiError, ErrorCode } from '../../shared/result.js';
import { dispatch } from '../engine/dispatch.js';
import { Engine } from '../engine/Engine.js';

/** Exit codes, as `keytrail --help` lists them. */
export const exitCodes = {
  ok: 0,
  failed: 1,
  usage: 2,
  partial: 3,
  notFound: 4,
} as const;

export const exitCodeHelp = `
Exit codes:
  0  done
  1  failed (the message says why)
  2  usage error (unknown option, malformed value, case path not ending in .keytrail.duckdb)
  3  ingest finished, but some files failed or some records were rejected
  4  the case, evidence or node named does not exist`;

const notFoundCodes: ErrorCode[] = ['node_not_found', 'event_not_found', 'evidence_not_found'];

/** A failure the CLI reports as `keytrail: <message>` and exits with. */
export class CliError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(message: string, exitCode: number, hint?: string) {
    super(message);
    this.exitCode = exitCode;
    this.hint = hint;
  }

  static fromApi(error: ApiError): CliError {
    const exitCode =
      error.code === 'bad_request'
        ? exitCodes.usage
        : notFoundCodes.includes(error.code)
          ? exitCodes.notFound
          : exitCodes.failed;
    return new CliError(error.message, exitCode, describeError(error));
  }
}

/** The absolute case path, refusing names the app would not open. */
export function casePath(path: string, mustExist: boolean): string {
  if (!path.endsWith('.keytrail.duckdb')) {
    throw new CliError(
      `case path must end in .keytrail.duckdb (got ${path})`,
      exitCodes.usage,
      'Name the case file NAME.keytrail.duckdb.',
    );
  }
  const absolute = resolve(path);
  if (mustExist && !existsSync(absolute)) {
    throw new CliError(
      `Failed to open case ${absolute}: no such file`,
      exitCodes.notFound,
      'Create it with `keytrail ingest CASE BUNDLE...` first.',
    );
  }
  return absolute;
}

/** Call the API through the same boundary as the app, turning a failed result into a CliError. */
export async function call<M extends Method>(
  engine: Engine,
  method: M,
  request: RequestIn<M>,
): Promise<ResponseOf<M>> {
  const result = await dispatch<M>(engine, method, request);
  if (!result.ok) throw CliError.fromApi(result.error);
  return result.value;
}

/** Open the case in a fresh engine, run `work`, and always close the case. */
export async function withCase<T>(
  path: string,
  create: boolean,
  work: (engine: Engine) => Promise<T>,
): Promise<T> {
  const engine = new Engine();
  try {
    await call(engine, 'openCase', { path, create });
    return await work(engine);
  } finally {
    engine.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
