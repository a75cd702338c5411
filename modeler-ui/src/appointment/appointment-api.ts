import { call } from '../shared/api';

export interface Words { zh: string; en: string }
export interface Slot { start: string; end: string; free: number }
export interface SlotDay { date: string; work: boolean; reason: Words; slots: Slot[] }
export interface Availability { item: { code: string; name: string }; community: { code: string; name: string }; capacity: number; slotMinutes: number; days: SlotDay[] }
export interface Appointment {
  appointmentNumber: string; itemCode: string; itemName: string; communityCode: string; communityName: string;
  slotStart: string; slotEnd: string; status: string; statusText: Words;
  applicant: { type: string; name: string; idNumber: string; phone: string };
  bookedBy: string; bookedAt: string; handledBy: string | null; handledAt: string | null;
  moves: { fromStart: string; toStart: string; reason: string; at: string }[];
  checkedInAt: string | null; applicationNumber: string | null;
}
export interface Place { code: string; name: string; township: string }
export interface Person { type: 'individual' | 'enterprise' | 'organisation'; name: string; idNumber: string; phone: string }

const one = (n: string) => `/api/appointments/${encodeURIComponent(n)}`;

/** 在线预约 as the web app calls it. */
export const appointmentApi = {
  guide: (code: string) => call<{ code: string; name: string; accepting: boolean; places: Place[] }>('GET', `/api/guides/${encodeURIComponent(code)}`),
  slots: (itemCode: string, communityCode: string) => call<Availability>('GET', `/api/appointments/slots?${new URLSearchParams({ itemCode, communityCode })}`),
  book: (body: { itemCode: string; communityCode: string; slotStart: string; applicant?: Person }) => call<Appointment>('POST', '/api/appointments', { body }),
  mine: async () => (await call<{ appointments: Appointment[] }>('GET', '/api/appointments/mine')).appointments,
  cancel: (n: string) => call<Appointment>('POST', `${one(n)}/cancel`, { body: {} }),
  /** the window's bookings, with the platform's own date and time (the office's, not the device's) */
  window: (from: string, days: number) => call<{ appointments: Appointment[]; today: string; now: string }>('GET', `/api/appointments/window?${new URLSearchParams({ ...(from ? { from } : {}), days: String(days) })}`),
  /** the booking with the applicant's full data, for filing at the window (the read is logged) */
  forFiling: (n: string) => call<Appointment>('GET', one(n)),
  confirm: (n: string) => call<Appointment>('POST', `${one(n)}/confirm`),
  move: (n: string, slotStart: string, reason: string) => call<Appointment>('POST', `${one(n)}/move`, { body: { slotStart, reason } }),
  checkIn: (n: string) => call<Appointment>('POST', `${one(n)}/check-in`),
  noShow: (n: string) => call<Appointment>('POST', `${one(n)}/no-show`),
  recordApplication: (n: string, applicationNumber: string) => call<Appointment>('PUT', `${one(n)}/application`, { body: { applicationNumber } }),
};

/** Office date and time of an instant (Beijing time), whatever the device's own zone. */
export function officeTime(iso: string): { date: string; time: string } {
  const local = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}
/** The day of the week of an office date, for the day picker. */
export const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

export const ACTIVE = ['booked', 'confirmed', 'moved'];
export const tone = (status: string) => (status === 'confirmed' || status === 'checked-in' ? 'success' : status === 'moved' ? 'warning' : status === 'booked' ? 'primary' : 'info');

/** A booking's slot as the office reads it: date, start–end (office time). */
export const slotText = (a: Pick<Appointment, 'slotStart' | 'slotEnd'>) => `${officeTime(a.slotStart).date} ${officeTime(a.slotStart).time}–${officeTime(a.slotEnd).time}`;
