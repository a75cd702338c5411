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

/** What a refusal says, in Chinese and in English, with the same facts (values, names, limits) in both. */
export interface Bilingual { zh: string; en: string }

/**
 * A business rule said no. `code` is stable (UPPER_SNAKE) for clients; the API maps `kind` to a status. Every
 * refusal words its own cause in both languages: people read the Chinese, so it names the task, the number or the
 * limit just as the English does.
 */
export class DomainError extends Error {
  /** the Chinese wording of the cause; `message` is the English */
  readonly zh: string;

  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    words: Bilingual,
    readonly details?: Record<string, unknown>,
  ) {
    super(words.en);
    this.zh = words.zh;
    this.name = 'DomainError';
  }
}

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}
