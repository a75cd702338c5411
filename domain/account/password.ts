import argon2 from 'argon2';

/** seed 001 §17: at most 20 characters; the minimum is configurable from 5 up. */
export const PASSWORD_MAX_LENGTH = 20;

/** seed 001 §17: 5–20 characters mixing letters, digits and symbols; the minimum length is configurable. */
export function passwordProblems(password: string, minLength: number): string[] {
  const problems: string[] = [];
  if (password.length < minLength) problems.push(`at least ${minLength} characters`);
  if (password.length > PASSWORD_MAX_LENGTH) problems.push(`at most ${PASSWORD_MAX_LENGTH} characters`);
  if (!/[A-Za-z]/.test(password)) problems.push('a letter');
  if (!/\d/.test(password)) problems.push('a digit');
  if (!/[^A-Za-z0-9]/.test(password)) problems.push('a symbol');
  return problems;
}

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });
export const verifyPassword = (hash: string, password: string) => argon2.verify(hash, password);
