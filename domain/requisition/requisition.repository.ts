import type { UpdateQuery } from 'mongoose';
import { RequisitionModel, type Requisition } from './requisition.model.js';

export type RequisitionRecord = Requisition;

export function createRequisitionRepository() {
  return {
    async insert(r: Pick<RequisitionRecord, 'requisitionNumber' | 'communityCode' | 'departmentCode' | 'certificateType' | 'quantity' | 'status' | 'requestedBy' | 'requestedAt'>): Promise<RequisitionRecord> {
      return (await RequisitionModel.create(r)).toObject() as unknown as RequisitionRecord;
    },
    async get(requisitionNumber: string): Promise<RequisitionRecord | null> {
      return RequisitionModel.findOne({ requisitionNumber }, { _id: 0 }).lean<RequisitionRecord>();
    },
    async byProcessInstance(processInstanceKey: string): Promise<RequisitionRecord | null> {
      return RequisitionModel.findOne({ processInstanceKey }, { _id: 0 }).lean<RequisitionRecord>();
    },
    /** Newest first; a unit sees the requisitions it asked or answers. */
    async list(scope: { unitCode?: string | null; all?: boolean }, limit: number): Promise<RequisitionRecord[]> {
      const q = scope.all ? {} : { $or: [{ communityCode: scope.unitCode ?? '-' }, { departmentCode: scope.unitCode ?? '-' }] };
      return RequisitionModel.find(q, { _id: 0 }).sort({ requestedAt: -1 }).limit(limit).lean<RequisitionRecord[]>();
    },
    /** Applies an update only where the guard still holds; the requisition after it, or null. */
    async update(requisitionNumber: string, update: UpdateQuery<Requisition>, guard: Record<string, unknown> = {}): Promise<RequisitionRecord | null> {
      return RequisitionModel.findOneAndUpdate({ requisitionNumber, ...guard }, update, { new: true, projection: { _id: 0 } }).lean<RequisitionRecord>();
    },
  };
}
export type RequisitionRepository = ReturnType<typeof createRequisitionRepository>;
