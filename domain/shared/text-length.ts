import { DomainError, ErrorKind } from './domain-error.js';

/**
 * A free text a person writes (a question, a complaint, an answer): trimmed, and between `range.min` and
 * `range.max` characters (counted as characters, not bytes), else refused naming the field and the count.
 */
export function checkLength(field: string, zhField: string, value: string | undefined | null, range: { min: number; max: number }): string {
  const text = (value ?? '').trim();
  const n = [...text].length;
  if (n < range.min || n > range.max) {
    throw new DomainError(`${field.toUpperCase()}_LENGTH`, ErrorKind.Validation, {
      zh: `${zhField}（${field}）须为 ${range.min} 到 ${range.max} 个字，现为 ${n} 个字`, en: `the ${field} must be ${range.min} to ${range.max} characters long, not ${n}`,
    }, { field, min: range.min, max: range.max, length: n });
  }
  return text;
}
