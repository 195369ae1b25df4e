export type RuntimeLookup = { ok: true; binary: string } | { ok: false; reason: string };

export const defaultDownloadTimeoutMs: number;

export function electronPackageDir(): string | null;

export function findElectronBinary(
  packageDir?: string | null,
  env?: Record<string, string | undefined>,
): RuntimeLookup;

export function installFailureReason(output: string): string;

export function ensureElectronRuntime(options?: {
  packageDir?: string | null;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}): Promise<RuntimeLookup>;
