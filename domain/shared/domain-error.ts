export const ErrorKind = {
  NotFound: 'not-found',
  Conflict: 'conflict',
  Validation: 'validation',
  Forbidden: 'forbidden',
  Unauthenticated: 'unauthenticated',
  RateLimited: 'rate-limited',
  TooLarge: 'too-large',
  /** something the platform needs on this machine is missing (a font, a file store): not the caller's fault */
  Unavailable: 'unavailable',
} as const;
export type ErrorKind = (typeof ErrorKind)[keyof typeof ErrorKind];

/** A business rule said no. `code` is stable (UPPER_SNAKE) for clients; the API maps `kind` to a status. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly details?: Record<string, unknown>,
    /** the Chinese wording when it depends on the case; otherwise the API words the code */
    readonly zh?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}
