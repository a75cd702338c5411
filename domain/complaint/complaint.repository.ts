import type { UpdateQuery } from 'mongoose';
import { op } from '../shared/trusted.js';
import { ComplaintModel, type Complaint } from './complaint.model.js';

export type ComplaintRecord = Complaint;
const LIMIT = 200;

export function createComplaintRepository() {
  return {
    async insert(c: Partial<ComplaintRecord>): Promise<ComplaintRecord> {
      return (await ComplaintModel.create(c)).toObject() as unknown as ComplaintRecord;
    },
    async get(complaintNumber: string): Promise<ComplaintRecord | null> {
      return ComplaintModel.findOne({ complaintNumber }, { _id: 0 }).lean<ComplaintRecord>();
    },
    async byProcessInstance(processInstanceKey: string): Promise<ComplaintRecord | null> {
      return ComplaintModel.findOne({ processInstanceKey }, { _id: 0 }).lean<ComplaintRecord>();
    },
    /** The cases a person raised or was merged into, newest first. */
    async ofComplainant(username: string): Promise<ComplaintRecord[]> {
      return ComplaintModel.find(op({ $or: [{ 'complainant.username': username }, { 'merged.username': username }] }), { _id: 0 }).sort({ filedAt: -1 }).limit(LIMIT).lean<ComplaintRecord[]>();
    },
    /** A unit's cases, oldest first so the nearest limit comes first. */
    async ofUnit(unitCode: string, states: readonly string[]): Promise<ComplaintRecord[]> {
      return ComplaintModel.find({ unitCode, state: op({ $in: [...states] }) }, { _id: 0 }).sort({ filedAt: 1 }).limit(LIMIT).lean<ComplaintRecord[]>();
    },
    /** Every case filed in [from, to), for supervision's counts. */
    async filedBetween(from: Date, to: Date): Promise<Pick<ComplaintRecord, 'unitCode' | 'kind' | 'channel' | 'state' | 'outcome' | 'answeredInTime'>[]> {
      return ComplaintModel.find({ filedAt: op({ $gte: from, $lt: to }) }, { _id: 0, unitCode: 1, kind: 1, channel: 1, state: 1, outcome: 1, answeredInTime: 1 }).lean();
    },
    /** The cases filed in [from, to) with what the quantified assessment reads of them (seed 001 §13). */
    async forAssessment(from: Date, to: Date): Promise<Pick<ComplaintRecord, 'complaintNumber' | 'unitCode' | 'state' | 'mergedInto' | 'answeredInTime' | 'followUps'>[]> {
      const fields = { _id: 0, complaintNumber: 1, unitCode: 1, state: 1, mergedInto: 1, answeredInTime: 1, followUps: 1 };
      return ComplaintModel.find({ filedAt: op({ $gte: from, $lt: to }) }, fields).sort({ complaintNumber: 1 }).lean();
    },
    /** Applies an update only where the guard still holds; the complaint after it, or null. */
    async update(complaintNumber: string, update: UpdateQuery<Complaint>, guard: Record<string, unknown> = {}): Promise<ComplaintRecord | null> {
      return ComplaintModel.findOneAndUpdate({ complaintNumber, ...guard }, update, { new: true, projection: { _id: 0 } }).lean<ComplaintRecord>();
    },
  };
}
export type ComplaintRepository = ReturnType<typeof createComplaintRepository>;
