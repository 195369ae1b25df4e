import type { ErrorCode } from '../../shared/result.js';

/** An engine failure with a stable code; the boundary turns it into a failed result. */
export class KeytrailError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;

  constructor(code: ErrorCode, message: string, detail?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeytrailError';
    this.code = code;
    this.detail = detail;
  }
}
