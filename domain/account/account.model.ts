import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { Post } from '../shared/constants.js';

/** User types (seed 001 §15, §18–20): applicants, office users and supervision users. */
export const Role = {
  Applicant: 'applicant', // 申请人: individual, enterprise or organisation
  WindowStaff: 'window-staff', // 窗口办事员 (acceptor, closer)
  DepartmentStaff: 'department-staff', // 部门办事员 (reviewer, decider, approver, verifier)
  DepartmentLeader: 'department-leader', // 部门领导
  NetworkAdmin: 'network-admin', // 网络管理员
  ProxyAgent: 'proxy-agent', // 代办员
  Supervisor: 'supervisor', // 效能监察
  BusinessOwner: 'business-owner', // 业务主管部门（事项与流程设计）
  ServiceOffice: 'service-office', // 政务服务管理办公室: approves item changes and evaluates items (seed 004 §12, 000 §16)
  Auditor: 'auditor', // 审计
  SystemAdmin: 'system-admin', // 系统管理员
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/** Operator activation (seed 000 §19): registered → practised → approved by the department → active with posts. */
export const ActivationState = { Registered: 'registered', Practised: 'practised', Approved: 'approved', Active: 'active' } as const;
export type ActivationState = (typeof ActivationState)[keyof typeof ActivationState];

const accountSchema = new Schema(
  {
    username: { type: String, required: true, unique: true },
    /** real-name registration (实名注册) */
    realName: { type: String, required: true },
    idNumber: { type: String, required: true },
    phone: { type: String, required: true },
    role: { type: String, required: true, enum: Object.values(Role) },
    applicantType: { type: String, default: null, enum: [null, 'individual', 'enterprise', 'organisation'] },
    unitCode: { type: String, default: null, index: true },
    posts: { type: [String], enum: Object.values(Post), default: [] },
    activation: {
      state: { type: String, required: true, enum: Object.values(ActivationState), default: ActivationState.Registered },
      practiceApplication: { type: String, default: null },
      /** when the practice case was recorded: tells that request apart from a repeat of it */
      practisedAt: { type: Date, default: null },
      approvedBy: { type: String, default: null },
      approvedAt: { type: Date, default: null },
      activatedBy: { type: String, default: null },
      activatedAt: { type: Date, default: null },
    },
    /** 离岗培训 (seed 001 §31): the posts suspended until a practice case is passed and the leader approves again */
    retraining: { type: { _id: false, since: Date, by: String, violationId: String, posts: [String] }, default: null },
    /** each assignment of posts, newest last: who assigned which posts when */
    postAssignments: { type: [{ _id: false, posts: [String], by: String, at: Date }], default: [] },
    passwordHash: { type: String, required: true },
    mustChangePassword: { type: Boolean, required: true, default: true },
    passwordChangedAt: { type: Date, default: null },
    /** each change or reset of the password, newest last: who did which when (never the password itself) */
    passwordChanges: { type: [{ _id: false, kind: { type: String, enum: ['changed', 'reset'] }, by: String, at: Date }], default: [] },
    failedLogins: { type: Number, required: true, default: 0 },
    lockedUntil: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, default: null },
  },
  { versionKey: false, collection: 'accounts' },
);
export type Account = InferSchemaType<typeof accountSchema>;
export const AccountModel = mongoose.model('Account', accountSchema);

/** Every post of a unit names a backup (AB 岗, seed 001 §3, §5): same-post substitution keeps service going. */
const backupSchema = new Schema(
  {
    unitCode: { type: String, required: true },
    post: { type: String, required: true, enum: Object.values(Post) },
    primary: { type: String, required: true },
    backup: { type: String, required: true },
  },
  { versionKey: false, collection: 'post_backups' },
);
backupSchema.index({ unitCode: 1, post: 1, primary: 1 }, { unique: true });
export const PostBackupModel = mongoose.model('PostBackup', backupSchema);
