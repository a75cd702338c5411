import { AuditAction } from '../audit/audit-entry.model.js';
import { workerActor, type AuditInput, type AuditService } from '../audit/audit.service.js';
import { JobType } from '../process-model/job-types.js';
import { CaseKind } from '../shared/constants.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { op } from '../shared/trusted.js';
import type { ApplicationRepository, ApplicationRecord } from '../application/application.repository.js';
import { NoticeKind } from './notice.model.js';
import type { Notice, NoticeRepository } from './notice.repository.js';

/** Where a notice goes out (SMS, the log); answers the channel it took when that is not its usual one. */
export interface Notifier {
  readonly channel: string;
  send(notice: Notice): Promise<string | void>;
}

/** A notice to a person about a service other than an application: a consultation answered, an appointment. */
export interface PersonNotice {
  /** the job or action that asks for it: a second delivery finds it and sends nothing new */
  key: string;
  kind: NoticeKind;
  /** the account it is addressed to; the portal shows it to them */
  username: string;
  /**
   * where a text message goes: a number given with the service (an appointment's applicant), else the phone of the
   * person's account when left out
   */
  phone?: string | null;
  subject: { kind: string; id: string };
  text: string;
  itemCode?: string | null;
  unit?: string | null;
}

export interface NoticeDetails {
  missingMaterials?: string[];
  reasons?: string[];
  mismatches?: string[];
  courierTrackingNumber?: string;
}

function compose(kind: NoticeKind, app: ApplicationRecord, d: NoticeDetails): { to: Notice['to']; toUnit: string | null; text: string } {
  const head = `【${app.itemName}】办件 ${app.applicationNumber}：`;
  switch (kind) {
    case NoticeKind.SupplementNotice:
      if (!d.missingMaterials?.length) throw new DomainError('SUPPLEMENT_LIST_EMPTY', ErrorKind.Validation, {
        zh: `办件 ${app.applicationNumber} 的补正通知须一次性列明所有缺少的材料（一次性告知）`,
        en: `the supplement notice of ${app.applicationNumber} must list every missing material at once (一次性告知)`,
      });
      return { to: 'applicant', toUnit: null, text: `${head}材料不齐全，暂不受理。请一次性补齐以下材料：${d.missingMaterials.map((m, i) => `${i + 1}. ${m}`).join('；')}。补齐后即可继续办理。` };
    case NoticeKind.PreReviewPassed: {
      // seed 001 §4(4): pre-reviewed online within 1 working day; the originals are checked when the applicant collects
      const originals = (app.materials ?? []).map((m) => m.name).filter((m): m is string => !!m);
      const list = originals.length ? `：${originals.map((m, i) => `${i + 1}. ${m}`).join('；')}` : '';
      return { to: 'applicant', toUnit: null, text: `${head}网上预审通过，已受理并转部门审批。领证时请携带申请材料原件到受理社区窗口核验${list}。` };
    }
    case NoticeKind.Refusal:
      if (!d.reasons?.length) throw new DomainError('REASONS_MISSING', ErrorKind.Validation, { zh: `办件 ${app.applicationNumber} 不予受理，须写明理由`, en: `the refusal of ${app.applicationNumber} must state its reasons` });
      return { to: 'applicant', toUnit: null, text: `${head}不予受理。理由：${d.reasons.join('；')}。本通知书即为书面凭证。` };
    case NoticeKind.NotApproved:
      if (!d.reasons?.length) throw new DomainError('REASONS_MISSING', ErrorKind.Validation, {
        zh: `办件 ${app.applicationNumber} 审核不通过，须写明理由`, en: `the decision not to approve ${app.applicationNumber} must state its reasons`,
      });
      return { to: 'community', toUnit: app.communityCode, text: `${head}审核未通过，理由：${d.reasons.join('；')}。` };
    case NoticeKind.ElectronicFileSent:
      return { to: 'community', toUnit: app.communityCode, text: `${head}已审批，证书电子档案已发送，请打印、贴照、盖章后发证。` };
    case NoticeKind.CertificateReady:
      return { to: 'community', toUnit: app.communityCode, text: `${head}证件已制作完成，请携纸质档案到部门核验领证。` };
    case NoticeKind.VerifyMismatch:
      return { to: 'community', toUnit: app.communityCode, text: `${head}电子档案与纸质档案核验不符：${(d.mismatches ?? []).join('；')}。请补正后再次核验。` };
    case NoticeKind.PickupNotice:
      return { to: 'applicant', toUnit: null, text: `${head}证件已到社区，请本人或委托代领人携身份证件领取，也可申请快递送达。` };
    case NoticeKind.CourierDispatched:
      if (!d.courierTrackingNumber) throw new DomainError('TRACKING_NUMBER_MISSING', ErrorKind.Validation, {
        zh: `办件 ${app.applicationNumber} 以快递送达，须填写快递运单号`, en: `the courier hand-over of ${app.applicationNumber} needs the tracking number`,
      });
      return { to: 'applicant', toUnit: null, text: `${head}证件已快递寄出，运单号 ${d.courierTrackingNumber}。` };
    case NoticeKind.ConsultationAnswered:
    case NoticeKind.AppointmentConfirmed:
    case NoticeKind.AppointmentMoved:
    case NoticeKind.AppointmentReminder:
    case NoticeKind.RectificationExtended:
    case NoticeKind.RectificationDone:
    case NoticeKind.ComplaintAnswered:
    case NoticeKind.AccountabilityStep:
    case NoticeKind.PackageAnswered:
      throw new DomainError('NOTICE_NOT_OF_A_CASE', ErrorKind.Validation, {
        zh: `通知类型 ${kind} 发给个人，不属于办件 ${app.applicationNumber}`, en: `a notice of kind ${kind} goes to a person, not about application ${app.applicationNumber}`,
      });
  }
}

export function createNotificationService(deps: { notices: NoticeRepository; applications: ApplicationRepository; notifier: Notifier; audit: AuditService;
  /** the phone of an account, for notices to a person that give none */
  phoneOf?(username: string): Promise<string | null> }) {
  const { notices, applications, notifier, audit } = deps;
  /** The entries of a notice that went out: the notice, and for a supplement notice the request it makes. */
  async function sentEntries(notice: Notice): Promise<(AuditInput & { key: string })[]> {
    const { key, kind, details } = notice;
    const applicationNumber = notice.applicationNumber!;
    const app = await applications.get(applicationNumber);
    const base = { at: notice.sentAt!, actor: workerActor(JobType.NotifyParty), caseNumber: applicationNumber, caseKind: CaseKind.Application, itemCode: app?.itemCode ?? null, unit: notice.toUnit ?? null };
    const entries: (AuditInput & { key: string })[] = [{ ...base, action: AuditAction.NoticeSent, key: `notice:${key}`, target: { kind: 'notice', id: key }, detail: { kind, to: notice.to, channel: notice.channel } }];
    if (kind === NoticeKind.SupplementNotice || (kind === NoticeKind.NotApproved && app?.category === 'online-application')) {
      const d = (details ?? {}) as NoticeDetails;
      entries.push({ ...base, action: AuditAction.SupplementRequested, key: `supplement:${key}`, target: { kind: 'application', id: applicationNumber }, detail: { missing: d.missingMaterials ?? d.reasons ?? null } });
    }
    return entries;
  }

  /** Sets the case waiting for the notice and stops its clock, once per notice (the pause names the notice). */
  async function stopClock(notice: Notice, app: ApplicationRecord): Promise<void> {
    const once = { 'pauses.notice': op({ $ne: notice.key }) };
    const from = notice.createdAt;
    // a case stored before pauses named their notice: a pause from the notice's time on was this notice's (or
    // came later); stopping the clock again would count the wait twice
    if ((app.pauses ?? []).some((p) => p.notice === notice.key || (!p.notice && p.from && p.from.getTime() >= from.getTime()))) return;
    if (notice.kind === NoticeKind.NotApproved && app.category === 'online-application') {
      // online: the case goes back to the community, which supplements it; that time is not counted
      await applications.update(app.applicationNumber, {
        $set: { status: 'returned-to-community' },
        $push: { pauses: { from, to: null, reason: 'returned to the community for supplement (退回补正)', notice: notice.key } },
      }, once);
    }
    if (notice.kind === NoticeKind.SupplementNotice) {
      const missing = (notice.details as NoticeDetails | null)?.missingMaterials;
      await applications.update(app.applicationNumber, {
        $set: { supplementNotice: { missing, text: notice.text, at: from }, status: 'supplement-requested' },
        $push: { pauses: { from, to: null, reason: 'waiting for the applicant’s supplement (补正)', notice: notice.key } },
      }, once);
    }
  }

  async function send(notice: Notice, now: Date): Promise<Notice> {
    const channel = (await notifier.send(notice)) || notifier.channel;
    await notices.markSent(notice.key, now, channel);
    return { ...notice, sentAt: now, channel };
  }

  return {
    /**
     * Stores and sends a notice to a person once per key (a retry after a failed send sends the stored one), and
     * records that it went out. The portal shows it to the person; a text message goes to the phone, if given.
     */
    async notifyPerson(input: PersonNotice, now: Date): Promise<Notice> {
      let notice = await notices.get(input.key);
      if (!notice) {
        const fresh: Notice = {
          key: input.key, applicationNumber: null, username: input.username, subject: input.subject, kind: input.kind,
          phone: input.phone !== undefined ? input.phone : (await deps.phoneOf?.(input.username)) ?? null,
          to: 'applicant', toUnit: null, text: input.text, details: null, createdAt: now, sentAt: null, channel: null,
        };
        notice = (await notices.insert(fresh)) ? fresh : (await notices.get(input.key))!;
      }
      const entry = (n: Notice): AuditInput & { key: string } => ({
        at: n.sentAt!, actor: workerActor(JobType.NotifyParty), action: AuditAction.NoticeSent, key: `notice:${n.key}`, itemCode: input.itemCode ?? null, unit: input.unit ?? null,
        target: { kind: 'notice', id: n.key }, detail: { kind: n.kind, to: n.to, channel: n.channel, subject: input.subject },
      });
      if (!notice.sentAt) {
        notice = await send(notice, now);
        await audit.record(entry(notice));
      } else {
        await audit.recordMissing(`notice:${notice.key}`, now, () => entry(notice!));
      }
      return notice;
    },
    /** The notices a person can read in the portal: those to them, and those to the applicant of their cases. */
    async ofPerson(username: string, applicationNumbers: string[], limit = 100): Promise<Notice[]> {
      return notices.ofPerson(username, applicationNumbers, limit);
    },
    /** Stores and sends a notice once per key; a retry after a failed send sends the stored one. */
    async notify(key: string, kind: NoticeKind, applicationNumber: string, details: NoticeDetails, now: Date): Promise<Notice> {
      let notice = await notices.get(key);
      const app = await applications.get(applicationNumber);
      if (!notice) {
        if (!app) throw new DomainError('APPLICATION_NOT_FOUND', ErrorKind.NotFound, { zh: `办件 ${applicationNumber} 不存在`, en: `application ${applicationNumber} does not exist` });
        const { to, toUnit, text } = compose(kind, app, details);
        const phone = to === 'applicant' ? app.applicant?.phone ?? null : null;
        const fresh = { key, applicationNumber, kind, to, toUnit, text, details, createdAt: now, sentAt: null, channel: null, username: null, subject: null, phone };
        notice = (await notices.insert(fresh)) ? fresh : (await notices.get(key))!;
      }
      // the case waits from the notice on; a run delivered again finishes this when the first stopped before it
      if (app) await stopClock(notice, app);
      if (!notice.sentAt) {
        notice = await send(notice, now);
        for (const entry of await sentEntries(notice)) await audit.record(entry);
      } else {
        // delivered again after it went out: the first run may have stopped before its entries
        for (const entry of await sentEntries(notice)) await audit.recordMissing(entry.key, now, () => entry);
      }
      return notice;
    },
    async of(applicationNumber: string): Promise<Notice[]> {
      return notices.ofApplication(applicationNumber);
    },
  };
}
export type NotificationService = ReturnType<typeof createNotificationService>;
