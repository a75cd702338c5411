import { Role } from '../account/account.model.js';
import type { AccountRepository } from '../account/account.repository.js';
import { AuditAction } from '../audit/audit-entry.model.js';
import { ActorKind } from '../audit/audit-entry.model.js';
import type { AuditService } from '../audit/audit.service.js';
import type { SequenceRepository } from '../sequence/sequence.repository.js';
import type { UnitRepository } from '../organisation/unit.repository.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import type { CorrectionNoticeRecord, CorrectionNoticeRepository } from './correction-notice.repository.js';

/** Who receives correction notices by name: the operators and leaders of units. */
export const NOTICE_RECIPIENT_ROLES: readonly string[] = [Role.WindowStaff, Role.DepartmentStaff, Role.DepartmentLeader];
const TEXT_MAX = 1000;

export interface NoticeActor { username: string; role: string; unitCode: string | null }
export interface NewCorrectionNotice {
  recipient: { kind: 'operator' | 'unit'; id: string }; text: string; replyBy: Date; caseNumber?: string | null; userTaskKey?: string | null;
}

const notFound = (n: string) => new DomainError('CORRECTION_NOTICE_NOT_FOUND', ErrorKind.NotFound, { zh: `督办单 ${n} 不存在`, en: `correction notice ${n} does not exist` });
const emptyText = (what: { zh: string; en: string }) =>
  new DomainError('CORRECTION_TEXT_EMPTY', ErrorKind.Validation, { zh: `${what.zh}不能为空（只有空白字符）`, en: `the ${what.en} is empty (only blank characters)` });

/**
 * 督办 (seed 000 §30 预警纠错, 001 §30): a supervisor sends a notice to an operator or a unit with a text and a
 * reply-by time; the recipient's opening is recorded, and they answer once in writing. Every step is audited.
 */
export function createCorrectionNoticeService(deps: {
  notices: CorrectionNoticeRepository; accounts: Pick<AccountRepository, 'get'>; units: Pick<UnitRepository, 'get'>;
  sequences: Pick<SequenceRepository, 'next'>; audit: AuditService; utcOffsetMinutes: number;
}) {
  const { notices, audit } = deps;
  const who = (a: NoticeActor) => ({ kind: ActorKind.User, id: a.username, role: a.role });
  const about = (n: CorrectionNoticeRecord) => ({ target: { kind: 'correction-notice', id: n.noticeNumber }, unit: n.unitCode ?? null, caseNumber: n.caseNumber ?? null });
  const isRecipient = (n: CorrectionNoticeRecord, a: NoticeActor) =>
    NOTICE_RECIPIENT_ROLES.includes(a.role) &&
    ((n.recipient?.kind === 'operator' && n.recipient?.id === a.username) || (n.recipient?.kind === 'unit' && !!a.unitCode && n.recipient?.id === a.unitCode));

  async function mustGet(noticeNumber: string) {
    const n = await notices.get(noticeNumber);
    if (!n) throw notFound(noticeNumber);
    return n;
  }

  return {
    async send(input: NewCorrectionNotice, by: NoticeActor, now: Date): Promise<CorrectionNoticeRecord> {
      const text = input.text.trim();
      if (!text) throw emptyText({ zh: '督办内容', en: 'notice text' });
      if (text.length > TEXT_MAX) {
        throw new DomainError('CORRECTION_TEXT_TOO_LONG', ErrorKind.Validation, { zh: `督办内容 ${text.length} 字，超过 ${TEXT_MAX} 字`, en: `the notice text has ${text.length} characters, more than ${TEXT_MAX}` });
      }
      if (input.replyBy.getTime() <= now.getTime()) {
        throw new DomainError('REPLY_BY_PASSED', ErrorKind.Validation, {
          zh: `答复期限 ${input.replyBy.toISOString()} 早于当前时间 ${now.toISOString()}`, en: `the reply-by time ${input.replyBy.toISOString()} is not after now (${now.toISOString()})`,
        });
      }
      let unitCode: string | null;
      if (input.recipient.kind === 'operator') {
        const account = await deps.accounts.get(input.recipient.id);
        if (!account || !NOTICE_RECIPIENT_ROLES.includes(account.role)) {
          throw new DomainError('RECIPIENT_NOT_FOUND', ErrorKind.NotFound, {
            zh: `收件人 ${input.recipient.id} 不是本平台的经办人员或部门负责人`, en: `the recipient ${input.recipient.id} is not an operator or department leader of the platform`,
          });
        }
        unitCode = account.unitCode ?? null;
      } else {
        if (!(await deps.units.get(input.recipient.id))) {
          throw new DomainError('RECIPIENT_NOT_FOUND', ErrorKind.NotFound, { zh: `收件单位 ${input.recipient.id} 不存在`, en: `the recipient unit ${input.recipient.id} does not exist` });
        }
        unitCode = input.recipient.id;
      }
      const year = new Date(now.getTime() + deps.utcOffsetMinutes * 60_000).getUTCFullYear();
      const noticeNumber = `DB${year}${String(await deps.sequences.next(`correction-notice:${year}`)).padStart(6, '0')}`;
      const notice: CorrectionNoticeRecord = {
        noticeNumber, sentBy: by.username, recipient: { ...input.recipient }, unitCode, text, replyBy: input.replyBy,
        caseNumber: input.caseNumber ?? null, userTaskKey: input.userTaskKey ?? null, sentAt: now, readAt: null, readBy: null, answer: null,
      };
      await notices.insert(notice);
      await audit.record({
        at: now, actor: who(by), action: AuditAction.CorrectionNoticeSent, ...about(notice), key: `correction-notice-sent:${noticeNumber}`,
        detail: { recipient: notice.recipient, replyBy: notice.replyBy, userTaskKey: notice.userTaskKey, textLength: text.length },
      });
      return notice;
    },

    /** The notices to the operator or their unit, newest first. */
    mine: (a: NoticeActor) => notices.forRecipient(a.username, a.unitCode),

    /** What supervision sent: all of it, or those to one unit. */
    sent: (filter: { unitCode?: string }) => notices.list(filter),

    /** Opens a notice: the first opening by a recipient is recorded as its reading; a supervisor reads without marking. */
    async open(noticeNumber: string, a: NoticeActor, now: Date): Promise<CorrectionNoticeRecord> {
      const n = await mustGet(noticeNumber);
      if (a.role === Role.Supervisor) return n;
      if (!isRecipient(n, a)) throw notFound(noticeNumber); // someone else's: as if it did not exist, so numbers cannot be tried out
      if (n.readAt) return n;
      const read = await notices.markRead(noticeNumber, a.username, now);
      if (!read) return mustGet(noticeNumber);
      await audit.record({ at: now, actor: who(a), action: AuditAction.CorrectionNoticeRead, ...about(read), key: `correction-notice-read:${noticeNumber}` });
      return read;
    },

    /** The recipient's one written answer. */
    async answer(noticeNumber: string, text: string, a: NoticeActor, now: Date): Promise<CorrectionNoticeRecord> {
      const n = await mustGet(noticeNumber);
      if (!isRecipient(n, a)) throw notFound(noticeNumber);
      const body = text.trim();
      if (!body) throw emptyText({ zh: '答复内容', en: 'answer' });
      if (body.length > TEXT_MAX) {
        throw new DomainError('CORRECTION_TEXT_TOO_LONG', ErrorKind.Validation, { zh: `答复内容 ${body.length} 字，超过 ${TEXT_MAX} 字`, en: `the answer has ${body.length} characters, more than ${TEXT_MAX}` });
      }
      const done = await notices.answer(noticeNumber, { text: body, by: a.username, at: now });
      if (!done) {
        throw new DomainError('CORRECTION_NOTICE_ANSWERED', ErrorKind.Conflict, {
          zh: `督办单 ${noticeNumber} 已由 ${n.answer?.by ?? ''} 答复，不能再次答复`, en: `correction notice ${noticeNumber} was answered already by ${n.answer?.by ?? ''}`,
        });
      }
      await audit.record({
        at: now, actor: who(a), action: AuditAction.CorrectionNoticeAnswered, ...about(done), key: `correction-notice-answered:${noticeNumber}`,
        detail: { late: now.getTime() > new Date(done.replyBy).getTime(), textLength: body.length },
      });
      return done;
    },
  };
}
export type CorrectionNoticeService = ReturnType<typeof createCorrectionNoticeService>;
