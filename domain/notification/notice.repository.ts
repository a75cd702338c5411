import { isDuplicateKey } from '../shared/domain-error.js';
import { op } from '../shared/trusted.js';
import { NoticeModel, type Notice } from './notice.model.js';

export type { Notice };

export function createNoticeRepository() {
  return {
    async get(key: string): Promise<Notice | null> {
      return NoticeModel.findOne({ key }, { _id: 0 }).lean<Notice>();
    },
    /** Stores a notice; false when one with this key is stored already (the job came twice). */
    async insert(notice: Notice): Promise<boolean> {
      try {
        await NoticeModel.create(notice);
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    /** Notes the sending of a notice not sent before. */
    async markSent(key: string, at: Date, channel: string): Promise<void> {
      await NoticeModel.updateOne({ key, sentAt: null }, { $set: { sentAt: at, channel } });
    },
    /** Newest first: those addressed to the person, and the applicant's notices of the given cases. */
    async ofPerson(username: string, applicationNumbers: string[], limit: number): Promise<Notice[]> {
      return NoticeModel.find({ $or: [{ username }, { applicationNumber: op({ $in: applicationNumbers }), to: 'applicant' }] }, { _id: 0, phone: 0 })
        .sort({ createdAt: -1 }).limit(limit).lean<Notice[]>();
    },
    async ofApplication(applicationNumber: string): Promise<Notice[]> {
      return NoticeModel.find({ applicationNumber }, { _id: 0 }).sort({ createdAt: 1 }).lean<Notice[]>();
    },
  };
}
export type NoticeRepository = ReturnType<typeof createNoticeRepository>;
