import { CorrectionNoticeModel, type CorrectionNotice } from './correction-notice.model.js';

export type CorrectionNoticeRecord = CorrectionNotice;

export function createCorrectionNoticeRepository() {
  return {
    async insert(notice: CorrectionNoticeRecord): Promise<void> {
      await CorrectionNoticeModel.create(notice);
    },
    async get(noticeNumber: string): Promise<CorrectionNoticeRecord | null> {
      return CorrectionNoticeModel.findOne({ noticeNumber }, { _id: 0 }).lean<CorrectionNoticeRecord>();
    },
    /** Notices to the operator by name, or to their unit; newest first. */
    async forRecipient(username: string, unitCode: string | null): Promise<CorrectionNoticeRecord[]> {
      const to: Record<string, unknown>[] = [{ 'recipient.kind': 'operator', 'recipient.id': username }];
      if (unitCode) to.push({ 'recipient.kind': 'unit', 'recipient.id': unitCode });
      return CorrectionNoticeModel.find({ $or: to }, { _id: 0 }).sort({ sentAt: -1 }).limit(200).lean<CorrectionNoticeRecord[]>();
    },
    async list(filter: { unitCode?: string; sentBy?: string }): Promise<CorrectionNoticeRecord[]> {
      const q: Record<string, unknown> = {};
      if (filter.unitCode) q.unitCode = filter.unitCode;
      if (filter.sentBy) q.sentBy = filter.sentBy;
      return CorrectionNoticeModel.find(q, { _id: 0 }).sort({ sentAt: -1 }).limit(200).lean<CorrectionNoticeRecord[]>();
    },
    /** The first opening by a recipient; null when it was read before. */
    async markRead(noticeNumber: string, by: string, at: Date): Promise<CorrectionNoticeRecord | null> {
      return CorrectionNoticeModel.findOneAndUpdate({ noticeNumber, readAt: null }, { $set: { readAt: at, readBy: by } }, { new: true, projection: { _id: 0 } })
        .lean<CorrectionNoticeRecord>();
    },
    /** The one written answer; null when there is one already. */
    async answer(noticeNumber: string, answer: { text: string; by: string; at: Date }): Promise<CorrectionNoticeRecord | null> {
      const done = await CorrectionNoticeModel.findOneAndUpdate({ noticeNumber, answer: null }, { $set: { answer } }, { new: true, projection: { _id: 0 } })
        .lean<CorrectionNoticeRecord>();
      if (!done || done.readAt) return done;
      // an answer is also a reading, when the recipient answered without opening the notice first
      return (await this.markRead(noticeNumber, answer.by, answer.at)) ?? this.get(noticeNumber);
    },
  };
}
export type CorrectionNoticeRepository = ReturnType<typeof createCorrectionNoticeRepository>;
