/** Posts (岗位) of the two service categories (seed 000 §26–27). */
export const Post = {
  Acceptor: 'acceptor', // 受理
  Reviewer: 'reviewer', // 审核
  Decider: 'decider', // 审批（现场办证）
  Closer: 'closer', // 办结 / 发证
  Approver: 'approver', // 审批（网上申请）
  Verifier: 'verifier', // 核验
  Issuer: 'issuer', // 证件发放（部门）
  StockKeeper: 'stock-keeper', // 证件保管（社区）
  Answerer: 'answerer', // 咨询答复（部门）: any department staff member of the unit answers (consultation.service admits them)
  Rectifier: 'rectifier', // 差评整改（办理单位）: the staff of the unit that handled the case (rectification.service admits them)
  ReviewOffice: 'review-office', // 好差评管理（政务服务管理办公室）: second check of invalid reviews, follow-up visits
  ComplaintHandler: 'complaint-handler', // 投诉处理（部门）: any department staff member of the receiving unit (complaint.service admits them)
} as const;
export type Post = (typeof Post)[keyof typeof Post];

/** The two service categories (seed 000 §10–13). */
export const Category = {
  OnsiteCertificate: 'onsite-certificate', // 现场办证类
  OnlineApplication: 'online-application', // 网上申请类
} as const;
export type Category = (typeof Category)[keyof typeof Category];

/** Human steps of each category, in order, with the post and whether the community or the department does it. */
export const Steps = {
  [Category.OnsiteCertificate]: [
    { step: 'accept', post: Post.Acceptor, unit: 'community' },
    { step: 'review', post: Post.Reviewer, unit: 'department' },
    { step: 'decide', post: Post.Decider, unit: 'department' },
    { step: 'close', post: Post.Closer, unit: 'community' },
  ],
  [Category.OnlineApplication]: [
    { step: 'accept', post: Post.Acceptor, unit: 'community' },
    { step: 'approve', post: Post.Approver, unit: 'department' },
    { step: 'verify', post: Post.Verifier, unit: 'department' },
    { step: 'issue', post: Post.Closer, unit: 'community' },
  ],
} as const;
export type StepName = (typeof Steps)[Category][number]['step'];

/** Handling mode (seed 002 §14): the community decides, or receives and passes on (收办分离). */
export const HandlingMode = { Direct: 'direct', AcceptHereProcessElsewhere: 'accept-here-process-elsewhere' } as const;
export type HandlingMode = (typeof HandlingMode)[keyof typeof HandlingMode];

/** Escalation levels (seed 000 §29): 预警 warning, 黄牌 yellow card, 红牌 red card. */
export const CardLevel = { Warning: 'warning', Yellow: 'yellow', Red: 'red' } as const;
export type CardLevel = (typeof CardLevel)[keyof typeof CardLevel];

/**
 * The kinds of case a task or an audit entry can belong to: an application (办件, numbered SQ…), a certificate
 * requisition (证件预领, numbered RQ…) or an appointment at a window (在线预约, numbered YY…). A case number alone does not say which; `caseKind` does.
 */
export const CaseKind = { Application: 'application', Requisition: 'requisition', Appointment: 'appointment', Consultation: 'consultation', Rectification: 'rectification', Complaint: 'complaint', Package: 'package' } as const;
export type CaseKind = (typeof CaseKind)[keyof typeof CaseKind];

/**
 * The kind of a case read from its number, for records written before the kind was stored: requisition numbers
 * are `RQ` + year + sequence (requisition.service), application numbers `SQ` + year + sequence (application.service).
 */
export function caseKindOfNumber(caseNumber: string | null | undefined): CaseKind | null {
  if (!caseNumber) return null;
  if (caseNumber.startsWith('YY')) return CaseKind.Appointment;
  // an online consultation (在线咨询) is numbered `ZX` + year + sequence (consultation.service)
  if (caseNumber.startsWith('ZX')) return CaseKind.Consultation;
  // a bad review's rectification (差评整改) is numbered `ZG` + year + sequence (evaluation.service)
  if (caseNumber.startsWith('ZG')) return CaseKind.Rectification;
  // a complaint or suggestion (投诉建议) is numbered `TS` + year + sequence (complaint.service)
  if (caseNumber.startsWith('TS')) return CaseKind.Complaint;
  // a package (theme) application (套餐式服务) is numbered `TC` + year + sequence (package-application.service)
  if (caseNumber.startsWith('TC')) return CaseKind.Package;
  return caseNumber.startsWith('RQ') ? CaseKind.Requisition : CaseKind.Application;
}
