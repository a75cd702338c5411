import { isDuplicateKey } from '../shared/domain-error.js';
import { HolidayNoticeModel } from './holiday-notice.model.js';

/** One version of a year's notice, as plain data. */
export interface HolidayNoticeRecord {
  year: number; version: number; title: string; number: string;
  daysOff: { date: string; name: string }[]; makeUpDays: { date: string; name: string }[];
  withdrawn?: boolean | null; recordedBy: string; recordedAt: Date;
}

export function createHolidayNoticeRepository() {
  return {
    /** How many versions are stored: it changes with every recorded notice, so it tells a process its copy is stale. */
    async stamp(): Promise<number> {
      return HolidayNoticeModel.countDocuments({});
    },
    /** Every version of every year. */
    async all(): Promise<HolidayNoticeRecord[]> {
      return HolidayNoticeModel.find({}, { _id: 0 }).lean<HolidayNoticeRecord[]>();
    },
    /** The versions of one year, newest first. */
    async ofYear(year: number): Promise<HolidayNoticeRecord[]> {
      const found = await HolidayNoticeModel.find({ year }, { _id: 0 }).lean<HolidayNoticeRecord[]>();
      return found.sort((a, b) => b.version - a.version);
    },
    /** Stores a version; false when that version of the year exists already (someone recorded one meanwhile). */
    async insert(notice: HolidayNoticeRecord): Promise<boolean> {
      try {
        await HolidayNoticeModel.create(notice);
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
  };
}
export type HolidayNoticeRepository = ReturnType<typeof createHolidayNoticeRepository>;
