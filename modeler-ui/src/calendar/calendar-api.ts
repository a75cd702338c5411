import { call } from '../shared/api';

export type Source = 'notice' | 'package' | 'statutory';
export interface NoticeDay { date: string; name: string }
export interface Notice { year: number; version: number; title: string; number: string; withdrawn: boolean; daysOff: NoticeDay[]; makeUpDays: NoticeDay[]; recordedBy: string; recordedAt: string }
export interface YearView { year: number; source: Source; notice: Notice | null; days: { date: string; kind: 'off' | 'make-up'; name: string; source: Source }[]; versions: Notice[] }
export interface Move { deadlineId: string; caseNumber: string; caseKind: string; step: string; oldDueAt: string; newDueAt: string }
export interface NoticeInput { title: string; number: string; daysOff: NoticeDay[]; makeUpDays: NoticeDay[] }

export const calendarApi = {
  year: (year: number) => call<YearView>('GET', `/api/calendar/years/${year}`),
  preview: (year: number, notice: NoticeInput) => call<{ moves: Move[]; version: number }>('POST', `/api/calendar/years/${year}/preview`, { body: notice }),
  record: (year: number, notice: NoticeInput) => call<{ notice: Notice; moved: Move[] }>('PUT', `/api/calendar/years/${year}`, { body: { ...notice, confirm: true } }),
};
