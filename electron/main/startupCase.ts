import path from 'node:path';

/** The command-line switch that names the case to open at start (`npm start` passes it). */
export const caseSwitch = '--keytrail-case';

/**
 * The case to open when the window first shows: `--keytrail-case=<path>` (or the switch followed
 * by the path) wins over the KEYTRAIL_CASE environment variable. Relative paths are taken from
 * the working directory. Null when neither is given.
 */
export function startupCasePath(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  cwd: string,
): string | null {
  let given: string | undefined;

  argv.forEach((arg, index) => {
    if (arg.startsWith(`${caseSwitch}=`)) given = arg.slice(caseSwitch.length + 1);
    else if (arg === caseSwitch) given = argv[index + 1];
  });

  given ??= env.KEYTRAIL_CASE;
  if (given === undefined || given.trim() === '') return null;

  return path.resolve(cwd, given);
}
