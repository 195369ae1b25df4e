export const builtEntries: string[];
export function missingBuild(repoRoot: string): string[];
export function sampleCasePath(repoRoot: string): string;
export function sampleEvidence(repoRoot: string): string[];
export function displayProblem(
  platform?: string,
  env?: Record<string, string | undefined>,
): string | null;
export function electronArgs(repoRoot: string, casePath: string, isRoot: boolean): string[];
export function electronEnv(
  env: Record<string, string | undefined>,
  casePath: string,
): Record<string, string | undefined>;
