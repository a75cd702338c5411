import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { CaseKind } from '../shared/constants.js';

/** What happened, in one word pair; the audit trail's actions (seed 000 §25, §29; 004 §42). */
export const AuditAction = {
  ApplicationFiled: 'application.filed',
  ApplicationAccepted: 'application.accepted',
  ApplicationNotAccepted: 'application.not-accepted',
  SupplementRequested: 'application.supplement-requested',
  SupplementReceived: 'application.supplement-received',
  ApplicationDecided: 'application.decided',
  ApplicationClosed: 'application.closed',
  TaskCreated: 'task.created',
  TaskClaimed: 'task.claimed',
  TaskUnclaimed: 'task.unclaimed',
  TaskHandedOver: 'task.handed-over',
  /** 转办: a mis-routed step moved to another unit */
  TaskTransferred: 'task.transferred',
  TaskCompleted: 'task.completed',
  DeadlineComputed: 'deadline.computed',
  /** a calendar change (the State Council's holiday notice) moved an open step's clock */
  DeadlineMoved: 'deadline.moved',
  /** 国务院放假安排: the service office recorded or withdrew a year's holiday notice */
  HolidayNoticeRecorded: 'calendar.notice-recorded',
  CardIssued: 'card.issued',
  DeemedApproval: 'deadline.deemed-approval',
  SerialUsed: 'serial.used',
  SerialVoided: 'serial.voided',
  SerialsAllocated: 'serial.allocated',
  SerialsBooked: 'serial.booked',
  SerialsReturned: 'serial.returned',
  RequisitionFiled: 'requisition.filed',
  ConsultationAsked: 'consultation.asked',
  ConsultationAnswered: 'consultation.answered',
  ConsultationPublished: 'consultation.published',
  ComplaintFiled: 'complaint.filed',
  ComplaintAccepted: 'complaint.accepted',
  ComplaintReturned: 'complaint.returned',
  ComplaintNotAccepted: 'complaint.not-accepted',
  ComplaintMerged: 'complaint.merged',
  ComplaintExtensionRequested: 'complaint.extension-requested',
  ComplaintExtensionDecided: 'complaint.extension-decided',
  ComplaintAnswered: 'complaint.answered',
  ComplaintFollowedUp: 'complaint.followed-up',
  ComplainantRead: 'complaint.complainant-read',
  DocumentNumberIssued: 'document-number.issued',
  CertificateIssued: 'certificate.issued',
  CertificateRevoked: 'certificate.revoked',
  NoticeSent: 'notice.sent',
  CaseArchived: 'case.archived',
  ModelSaved: 'model.saved',
  ModelDeployed: 'model.deployed',
  ModelArchived: 'model.archived',
  ModelRestored: 'model.restored',
  ItemChangeProposed: 'item.change-proposed',
  ItemChangeApproved: 'item.change-approved',
  ItemChangeRejected: 'item.change-rejected',
  ItemEvaluated: 'item.evaluated',
  EvaluationGiven: 'evaluation.given',
  RectificationOpened: 'rectification.opened',
  RectificationVerified: 'rectification.verified',
  RectificationRechecked: 'rectification.rechecked',
  RectificationExtended: 'rectification.extended',
  RectificationDone: 'rectification.done',
  RectificationFollowedUp: 'rectification.followed-up',
  AccountRegistered: 'account.registered',
  AccountPractised: 'account.practised',
  AccountApproved: 'account.approved',
  PostsAssigned: 'account.posts-assigned',
  PostWithdrawn: 'account.post-withdrawn',
  BackupSet: 'account.backup-set',
  PasswordChanged: 'account.password-changed',
  PasswordReset: 'account.password-reset',
  Login: 'auth.login',
  Logout: 'auth.logout',
  PersonalDataRead: 'pii.read',
  Pruned: 'audit.pruned',
  Mended: 'audit.mended',
  IncidentRaised: 'incident.raised',
  IncidentResolved: 'incident.resolved',
  AppointmentBooked: 'appointment.booked',
  AppointmentConfirmed: 'appointment.confirmed',
  AppointmentMoved: 'appointment.moved',
  AppointmentCancelled: 'appointment.cancelled',
  AppointmentCheckedIn: 'appointment.checked-in',
  AppointmentNoShow: 'appointment.no-show',
  /** 考核权重 (seed 001 §13, §30): proposed by one person of the service office, decided by another */
  AssessmentWeightsProposed: 'assessment.weights-proposed',
  AssessmentWeightsApproved: 'assessment.weights-approved',
  AssessmentWeightsRejected: 'assessment.weights-rejected',
  // 问责 (seed 001 §31): window violations and the ladder they walk
  ViolationRecorded: 'violation.recorded',
  ViolationConfirmed: 'violation.confirmed',
  ViolationDismissed: 'violation.dismissed',
  ViolationStatement: 'violation.statement',
  PostsSuspended: 'account.posts-suspended',
  PostsRestored: 'account.posts-restored',
  CorrectionNoticeSent: 'correction-notice.sent',
  CorrectionNoticeRead: 'correction-notice.read',
  CorrectionNoticeAnswered: 'correction-notice.answered',
  ReportGenerated: 'report.generated',
  ReportDownloaded: 'report.downloaded',
  // package (theme) services, 主题式/套餐式服务 (seed 004 §19)
  PackageChangeProposed: 'package.change-proposed',
  PackageChangeApproved: 'package.change-approved',
  PackageChangeRejected: 'package.change-rejected',
  PackageApplicationFiled: 'package.filed',
  PackageApplicationAccepted: 'package.accepted',
  PackageBranchDecided: 'package.branch-decided',
  PackageAnswered: 'package.answered',
} as const;
export type AuditAction = (typeof AuditAction)[keyof typeof AuditAction];

export const ActorKind = { User: 'user', Worker: 'worker', Engine: 'engine', System: 'system' } as const;
export type ActorKind = (typeof ActorKind)[keyof typeof ActorKind];

/**
 * One entry of the audit trail (审计日志). Entries are only ever appended: `seq` is unique and gapless, and
 * `hash` is SHA-256 over the entry's canonical form including the previous entry's hash. The canonical form
 * depends on the entry's format (`formatVersion`, see audit-chain.ts); entries of every format stay as stored.
 */
const auditEntrySchema = new Schema(
  {
    seq: { type: Number, required: true, unique: true },
    at: { type: Date, required: true, index: true },
    actor: {
      kind: { type: String, required: true, enum: Object.values(ActorKind) },
      id: { type: String, required: true },
      role: { type: String, default: null },
    },
    post: { type: String, default: null },
    unit: { type: String, default: null, index: true },
    action: { type: String, required: true, enum: Object.values(AuditAction), index: true },
    target: { kind: { type: String, required: true }, id: { type: String, required: true } },
    /** absent on entries of format 1, written before formats were numbered */
    formatVersion: { type: Number },
    /** the application or certificate requisition the entry is about (format 2 on) */
    caseNumber: { type: String, index: true },
    caseKind: { type: String, enum: Object.values(CaseKind) },
    /**
     * format 1 only, never written now: the case's number, an application's or a requisition's alike. Read as
     * `caseNumber` (audit-chain `presentEntry`); declared so that searches can still reach these entries.
     */
    applicationNumber: { type: String, index: true },
    itemCode: { type: String, default: null, index: true },
    outcome: { type: String, required: true, enum: ['success', 'failure'] },
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
    detail: { type: Schema.Types.Mixed, default: null },
    /** the event's own identity: a job delivered twice records once */
    key: { type: String },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { versionKey: false, collection: 'audit_entries', minimize: false },
);
auditEntrySchema.index({ 'actor.id': 1, seq: 1 });
// an auditor's search by unit, item or case reads newest first by seq: each filter has its own index in seq order
auditEntrySchema.index({ unit: 1, seq: 1 });
auditEntrySchema.index({ itemCode: 1, seq: 1 });
auditEntrySchema.index({ applicationNumber: 1, seq: 1 });
auditEntrySchema.index({ action: 1, seq: 1 });
auditEntrySchema.index({ key: 1 }, { unique: true, sparse: true });
// The trail is append-only: no update or delete goes through the model (retention pruning is the repository's one exception).
const writes = ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'findOneAndReplace', 'deleteOne', 'deleteMany', 'findOneAndDelete'] as const;
for (const w of writes) {
  auditEntrySchema.pre(w, function refuse() {
    throw new Error(`audit entries are append-only: ${w} refused`);
  });
}
type Stored = InferSchemaType<typeof auditEntrySchema>;
/** An entry as stored, in whichever format it was written. */
export type StoredAuditEntry = Omit<Stored, 'actor' | 'target'> & { actor: { kind: ActorKind; id: string; role?: string | null }; target: { kind: string; id: string } };
/** An entry as the platform reads it: whatever its format, the case is `caseNumber` + `caseKind` (audit-chain `presentEntry`). */
export type AuditEntry = Omit<StoredAuditEntry, 'applicationNumber' | 'formatVersion' | 'caseNumber' | 'caseKind'> & {
  formatVersion: number; caseNumber: string | null; caseKind: CaseKind | null;
};
export const AuditEntryModel = mongoose.model('AuditEntry', auditEntrySchema);

/** A chain head written down at intervals: rewriting or cutting the trail after it shows up. */
const auditCheckpointSchema = new Schema(
  { seq: { type: Number, required: true, unique: true }, hash: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false, collection: 'audit_checkpoints' },
);
export type AuditCheckpoint = InferSchemaType<typeof auditCheckpointSchema>;
export const AuditCheckpointModel = mongoose.model('AuditCheckpoint', auditCheckpointSchema);

/**
 * An action written down before it is carried out (so its entry can never silently go missing): removed once its
 * entry is appended. One left behind means the platform stopped between the action and its entry; it is mended.
 */
const auditIntentSchema = new Schema(
  {
    _id: { type: String, required: true },
    input: { type: Schema.Types.Mixed, required: true },
    /** wall-clock time it was written, to tell an interrupted action from one still under way */
    since: { type: Date, required: true, index: true },
  },
  { versionKey: false, collection: 'audit_intents', minimize: false },
);
export const AuditIntentModel = mongoose.model('AuditIntent', auditIntentSchema);
