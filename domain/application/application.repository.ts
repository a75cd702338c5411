import { HANDLING_STEPS, type ReadScope } from './application-access.js';
import type { UpdateQuery } from 'mongoose';
import { op } from '../shared/trusted.js';
import { ApplicationModel, PiiReadModel, type Application } from './application.model.js';

export type ApplicationRecord = Application & { createdAt?: Date; updatedAt?: Date };

export function createApplicationRepository() {
  return {
    async insert(app: Record<string, unknown>): Promise<ApplicationRecord> {
      return (await ApplicationModel.create(app)).toObject({ flattenMaps: true }) as unknown as ApplicationRecord;
    },
    async get(applicationNumber: string): Promise<ApplicationRecord | null> {
      return ApplicationModel.findOne({ applicationNumber }, { _id: 0 }).lean<ApplicationRecord>();
    },
    async byProcessInstance(processInstanceKey: string): Promise<ApplicationRecord | null> {
      return ApplicationModel.findOne({ processInstanceKey }, { _id: 0 }).lean<ApplicationRecord>();
    },
    async search(scope: ReadScope, filter: { itemCode?: string; status?: string; practice?: boolean }, limit: number): Promise<ApplicationRecord[]> {
      const q: Record<string, unknown> = {};
      if ('applicantUsername' in scope) q.applicantUsername = scope.applicantUsername;
      else if ('filedBy' in scope) q.filedBy = scope.filedBy;
      // $or of plain equalities: the store's filter sanitising lets it through and checks each part
      else if ('unitCode' in scope) q.$or = [{ communityCode: scope.unitCode }, { departmentCode: scope.unitCode }, ...HANDLING_STEPS.map((s) => ({ [`units.${s}`]: scope.unitCode }))];
      if (filter.itemCode) q.itemCode = filter.itemCode;
      if (filter.status) q.status = filter.status;
      if (filter.practice !== undefined) q.practice = filter.practice;
      return ApplicationModel.find(q, { _id: 0 }).sort({ filedAt: -1 }).limit(limit).lean<ApplicationRecord[]>();
    },

    /** On-site cases that handed out a certificate, for the one-to-one check of the stock. */
    async issuedCertificates(filter: { communityCode?: string; itemCodes?: string[] }): Promise<Pick<ApplicationRecord, 'applicationNumber' | 'printSerial' | 'documentNumber'>[]> {
      const q: Record<string, unknown> = { category: 'onsite-certificate', status: 'closed', outcome: 'issued' };
      if (filter.communityCode) q.communityCode = filter.communityCode;
      if (filter.itemCodes) q.itemCode = op({ $in: filter.itemCodes.map(String) });
      return ApplicationModel.find(q, { _id: 0, applicationNumber: 1, printSerial: 1, documentNumber: 1 }).lean();
    },

    /** 办件量: applications of an item filed in [from, to), practice cases not counted (seed 000 §19). */
    async countFiled(itemCode: string, from: Date, to: Date): Promise<number> {
      return ApplicationModel.countDocuments({ itemCode, practice: false, filedAt: op({ $gte: from, $lt: to }) });
    },

    /** Adds a stored material file to the application's files. */
    async attachFile(applicationNumber: string, file: Record<string, unknown>): Promise<void> {
      await ApplicationModel.updateOne({ applicationNumber }, { $push: { files: file } });
    },

    /** Notes who read an application's personal data, and which fields (seed 004 §42). */
    async recordPiiRead(read: { applicationNumber: string; reader: string; role: string; fields: string[]; requestId: string | null; at: Date }): Promise<void> {
      await PiiReadModel.create(read);
    },

    /** 办件量 per item, status and outcome, practice cases not counted (seed 000 §19). */
    async countsByItemStatusOutcome(): Promise<{ itemCode: string; status: string; outcome: string | null; count: number }[]> {
      const groups = await ApplicationModel.aggregate<{ _id: { itemCode: string; status: string; outcome: string | null }; count: number }>([
        { $match: { practice: false } },
        { $group: { _id: { itemCode: '$itemCode', status: '$status', outcome: '$outcome' }, count: { $sum: 1 } } },
      ]);
      return groups.map((g) => ({ itemCode: g._id.itemCode, status: g._id.status, outcome: g._id.outcome ?? null, count: g.count }));
    },

    /** The numbers of the practice cases of operators in activation. */
    async practiceNumbers(): Promise<string[]> {
      return (await ApplicationModel.find({ practice: true }, { applicationNumber: 1 }).lean()).map((a) => a.applicationNumber);
    },

    /** Applies an update only where the filter still holds; returns the document after it, or null. */
    async update(applicationNumber: string, update: UpdateQuery<Application>, guard: Record<string, unknown> = {}): Promise<ApplicationRecord | null> {
      return ApplicationModel.findOneAndUpdate({ applicationNumber, ...guard }, update, { new: true, projection: { _id: 0 } }).lean<ApplicationRecord>();
    },
  };
}
export type ApplicationRepository = ReturnType<typeof createApplicationRepository>;

/** The unit that handles a step of an application (the stored map reads back as a plain object). */
export function stepUnit(app: Pick<ApplicationRecord, 'units'>, step: string): string | null {
  const units = app.units as unknown as Map<string, string> | Record<string, string> | undefined;
  if (!units) return null;
  return (units instanceof Map ? units.get(step) : units[step]) ?? null;
}
