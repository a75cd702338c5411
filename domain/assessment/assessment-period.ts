import { DomainError, ErrorKind } from '../shared/domain-error.js';

/** 月总结、季考核 (seed 001 §30): an assessment covers a month `2026-11`, a quarter `2026-Q4` or a year `2026`. */
export const PERIOD_PATTERN = '^(\\d{4})(-(0[1-9]|1[0-2])|-Q[1-4])?$';
export type PeriodKind = 'month' | 'quarter' | 'year';
export interface Period { id: string; kind: PeriodKind; from: Date; to: Date }

/** The period's bounds, in office local time: [from, to). */
export function parsePeriod(id: string, utcOffsetMinutes: number): Period {
  const m = new RegExp(PERIOD_PATTERN).exec(id);
  const year = m ? Number(m[1]) : NaN;
  if (!m || year < 2000 || year > 2100) {
    throw new DomainError('PERIOD_INVALID', ErrorKind.Validation, {
      zh: `考核期 ${id} 无效：应为月（如 2026-11）、季度（如 2026-Q4）或年度（如 2026），年份在 2000–2100 之间`,
      en: `assessment period ${id} is not a month (2026-11), a quarter (2026-Q4) or a year (2026) between 2000 and 2100`,
    });
  }
  const offsetMs = utcOffsetMinutes * 60_000;
  const at = (y: number, month0: number) => new Date(Date.UTC(y, month0, 1) - offsetMs);
  if (m[2]?.startsWith('-Q')) {
    const q = Number(m[2].slice(2));
    return { id, kind: 'quarter', from: at(year, (q - 1) * 3), to: at(year, q * 3) };
  }
  if (m[3]) {
    const month = Number(m[3]);
    return { id, kind: 'month', from: at(year, month - 1), to: at(year, month) };
  }
  return { id, kind: 'year', from: at(year, 0), to: at(year + 1, 0) };
}

/** The periods of a kind that hold `now`, in office local time: the page opens on the current quarter. */
export function currentPeriod(kind: PeriodKind, now: Date, utcOffsetMinutes: number): string {
  const local = new Date(now.getTime() + utcOffsetMinutes * 60_000);
  const y = local.getUTCFullYear();
  const mo = local.getUTCMonth();
  if (kind === 'year') return String(y);
  if (kind === 'quarter') return `${y}-Q${Math.floor(mo / 3) + 1}`;
  return `${y}-${String(mo + 1).padStart(2, '0')}`;
}
