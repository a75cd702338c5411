import { randomInt } from 'node:crypto';
import argon2 from 'argon2';
import type { Bilingual } from '../shared/domain-error.js';

/** seed 001 §17: at most 20 characters; the minimum is configurable from 5 up. */
export const PASSWORD_MAX_LENGTH = 20;

/** seed 001 §17: 5–20 characters mixing letters, digits and symbols; the minimum length is configurable. */
export function passwordProblems(password: string, minLength: number): string[] {
  return passwordFaults(password, minLength).map((f) => f.en);
}

/** What a password lacks, in both languages. */
export function passwordFaults(password: string, minLength: number): Bilingual[] {
  const faults: Bilingual[] = [];
  if (password.length < minLength) faults.push({ zh: `至少 ${minLength} 个字符`, en: `at least ${minLength} characters` });
  if (password.length > PASSWORD_MAX_LENGTH) faults.push({ zh: `至多 ${PASSWORD_MAX_LENGTH} 个字符`, en: `at most ${PASSWORD_MAX_LENGTH} characters` });
  if (!/[A-Za-z]/.test(password)) faults.push({ zh: '一个字母', en: 'a letter' });
  if (!/\d/.test(password)) faults.push({ zh: '一个数字', en: 'a digit' });
  if (!/[^A-Za-z0-9]/.test(password)) faults.push({ zh: '一个符号', en: 'a symbol' });
  return faults;
}

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });
export const verifyPassword = (hash: string, password: string) => argon2.verify(hash, password);

// no 0/O, 1/l/I: a one-time password is read off a screen and typed in by hand
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '#@%+=?!';

/** A random password that meets the rule (seed 001 §17), for an administrator's reset: it works until the first login changes it. */
export function oneTimePassword(minLength: number): string {
  const length = Math.min(PASSWORD_MAX_LENGTH, Math.max(12, minLength));
  const all = LOWER + UPPER + DIGITS + SYMBOLS;
  const pick = (set: string) => set[randomInt(set.length)]!;
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
