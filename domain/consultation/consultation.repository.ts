import type { UpdateQuery } from 'mongoose';
import { op } from '../shared/trusted.js';
import { ConsultationModel, type Consultation } from './consultation.model.js';

export type ConsultationRecord = Consultation;
const LIMIT = 200;

export function createConsultationRepository() {
  return {
    async insert(c: Pick<ConsultationRecord, 'consultationNumber' | 'itemCode' | 'itemName' | 'departmentCode' | 'question' | 'asker' | 'state' | 'askedAt'>): Promise<ConsultationRecord> {
      return (await ConsultationModel.create(c)).toObject() as unknown as ConsultationRecord;
    },
    async get(consultationNumber: string): Promise<ConsultationRecord | null> {
      return ConsultationModel.findOne({ consultationNumber }, { _id: 0 }).lean<ConsultationRecord>();
    },
    async byProcessInstance(processInstanceKey: string): Promise<ConsultationRecord | null> {
      return ConsultationModel.findOne({ processInstanceKey }, { _id: 0 }).lean<ConsultationRecord>();
    },
    /** Newest first. */
    async ofAsker(username: string): Promise<ConsultationRecord[]> {
      return ConsultationModel.find({ 'asker.username': username }, { _id: 0 }).sort({ askedAt: -1 }).limit(LIMIT).lean<ConsultationRecord[]>();
    },
    /** A department's questions, oldest open first so the nearest limit comes first; answered ones newest first. */
    async ofDepartment(departmentCode: string, state: string): Promise<ConsultationRecord[]> {
      const order = state === 'asked' ? 1 : -1;
      return ConsultationModel.find({ departmentCode, state }, { _id: 0 }).sort({ askedAt: order }).limit(LIMIT).lean<ConsultationRecord[]>();
    },
    /** The published answers of an item, newest first. */
    async faqOf(itemCode: string): Promise<ConsultationRecord[]> {
      return ConsultationModel.find({ itemCode, 'faq.published': true }, { _id: 0 }).sort({ 'faq.publishedAt': -1 }).limit(LIMIT).lean<ConsultationRecord[]>();
    },
    /** The questions asked in [from, to), for the quantified assessment (seed 001 §13). */
    async askedBetween(from: Date, to: Date): Promise<Pick<ConsultationRecord, 'consultationNumber' | 'departmentCode' | 'state' | 'answeredAt'>[]> {
      const fields = { _id: 0, consultationNumber: 1, departmentCode: 1, state: 1, answeredAt: 1 };
      return ConsultationModel.find({ askedAt: op({ $gte: from, $lt: to }) }, fields).sort({ consultationNumber: 1 }).lean();
    },
    /** The items with at least one answer published as a FAQ before `until`. */
    async faqItemCodes(until: Date): Promise<string[]> {
      return ((await ConsultationModel.distinct('itemCode', { 'faq.published': true, 'faq.publishedAt': op({ $lt: until }) })) as string[]).sort();
    },
    /** Applies an update only where the guard still holds; the consultation after it, or null. */
    async update(consultationNumber: string, update: UpdateQuery<Consultation>, guard: Record<string, unknown> = {}): Promise<ConsultationRecord | null> {
      return ConsultationModel.findOneAndUpdate({ consultationNumber, ...guard }, update, { new: true, projection: { _id: 0 } }).lean<ConsultationRecord>();
    },
  };
}
export type ConsultationRepository = ReturnType<typeof createConsultationRepository>;
