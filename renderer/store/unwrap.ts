import type { Result } from '../../shared/result';
import type { Store } from './types';

/**
 * The one place where a failed call becomes a visible notice: every action goes through it, so
 * no failure is silent. Returns the value, or undefined after reporting the error.
 */
export async function unwrap<T>(
  get: () => Store,
  pending: Promise<Result<T>>,
): Promise<T | undefined> {
  const result = await pending;
  if (result.ok) return result.value;

  get().report(result.error);
  return undefined;
}
