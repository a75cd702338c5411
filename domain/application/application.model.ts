import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { Category } from '../shared/constants.js';

/** An application (办件): one case of one service item for one applicant. */
const applicationSchema = new Schema(
  {
    applicationNumber: { type: String, required: true, unique: true },
    itemCode: { type: String, required: true, index: true },
    itemVersion: { type: Number, required: true },
    itemName: { type: String, required: true },
    category: { type: String, required: true, enum: Object.values(Category) },
    processId: { type: String, required: true },
    communityCode: { type: String, required: true, index: true },
    departmentCode: { type: String, required: true, index: true },
    /** the unit that handles each human step, fixed when the application is filed */
    units: { type: Map, of: String, required: true },
    /** window: entered by window staff for an applicant who is present (seed 004 §18); online: self-service */
    channel: { type: String, required: true, enum: ['window', 'online'] },
    applicant: {
      type: { type: String, required: true, enum: ['individual', 'enterprise', 'organisation'] },
      name: { type: String, required: true },
      idNumber: { type: String, required: true },
      phone: { type: String, required: true },
    },
    /** the applicant's own account when filed online; who filed it (window staff, proxy agent or the applicant) */
    applicantUsername: { type: String, default: null, index: true },
    filedBy: { type: String, default: null },
    /**
     * 代办: the client's written authorisation a proxy agent files under (授权委托书): when it was signed, until when it
     * holds, and the letter's file once uploaded (material 授权委托书). Null when the applicant acts for themself.
     */
    proxy: {
      type: new Schema({
        agent: { type: String, required: true },
        signedOn: { type: String, required: true },
        validUntil: { type: String, required: true },
      }, { _id: false }),
      default: null,
    },
    /** sha-256 of the query code handed to the applicant for the progress query (办件查询) */
    queryCodeHash: { type: String, default: null },
    materials: [{ _id: false, name: String, provided: Boolean }],
    missingMaterials: { type: [String], default: [] },
    /** uploaded material files, with size and SHA-256 (the file itself is in the file storage) */
    files: [{ _id: false, material: String, fileName: String, contentType: String, size: Number, sha256: String, storageKey: String, uploadedBy: String, at: Date }],
    /** practice cases of operators in activation are never counted (seed 000 §19) */
    practice: { type: Boolean, default: false },
    /** when it was filed, on the engine's clock (the same clock the deadlines use) */
    filedAt: { type: Date, required: true },
    processInstanceKey: { type: String, default: null, index: true },
    status: { type: String, required: true, default: 'submitted' },
    currentStep: { type: String, default: null },
    outcome: { type: String, default: null, enum: [null, 'issued', 'refused', 'not-approved'] },
    supplementNotice: { type: { _id: false, missing: [String], text: String, at: Date }, default: null },
    /** the clock stops while the case waits; `notice` names the notice that stopped it, so a repeat stops it once */
    pauses: [{ _id: false, from: Date, to: Date, reason: String, notice: String }],
    documentNumber: { type: String, default: null },
    printSerial: { type: String, default: null },
    legalDeadline: { type: Schema.Types.Mixed, default: null },
    /** the step clock that last moved the case on: a repeated job tells from it whether its move was made */
    stepClock: { type: { _id: false, id: String, at: Date }, default: null },
    deemedApprovals: [{ _id: false, step: String, at: Date, deadlineId: String }],
    /** a mis-routed step moved upwards or sideways (seed 003 §3): the legal limit runs on from the filing */
    transfers: [{ _id: false, step: String, from: String, to: String, reason: String, by: String, at: Date, userTaskKey: String }],
    closedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'applications', timestamps: true },
);
export type Application = InferSchemaType<typeof applicationSchema>;
export const ApplicationModel = mongoose.model('Application', applicationSchema);

/** Every read of an application's full personal data (seed 004 §42): who, what, when. */
const piiReadSchema = new Schema(
  {
    applicationNumber: { type: String, required: true, index: true },
    reader: { type: String, required: true, index: true },
    role: { type: String, required: true },
    fields: { type: [String], required: true },
    requestId: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'pii_reads' },
);
export const PiiReadModel = mongoose.model('PiiRead', piiReadSchema);
