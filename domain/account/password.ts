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
