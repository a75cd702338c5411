import { randomBytes } from 'node:crypto';
import { Role } from '../account/account.model.js';
import type { ApplicationRepository } from '../application/application.repository.js';
import { ActorKind, AuditAction } from '../audit/audit-entry.model.js';
import type { AuditService } from '../audit/audit.service.js';
import { maskName } from '../certificate/certificate.service.js';
import { CaseKind } from '../shared/constants.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import {
  COMMENT_MAX, GRADES, GradeWords, isBad, RaterKind, RatingChannel, RectificationState, SubjectKind,
  type Grade, type Rating, type Rectification,
} from './evaluation.model.js';
import type { EvaluationRepository, RatingFilter } from './evaluation.repository.js';
import type { ResolvedSubject, SubjectRegistry } from './evaluation-subjects.js';

/** "Whoever handles it answers for it" (seed 004 §37): the department that decided, else the hall whose operator handled it. */
function handlingUnitOf(r: Rating): string | null {
  return (r.parties.find((p) => p.kind === 'department') ?? r.parties[0])?.unitCode ?? null;
}

/** Who is rating or reading: the signed-in person. */
export interface Evaluator { username: string; realName: string; role: string; unitCode: string | null }
export interface RateInput { subject: { kind: string; id: string }; grade: string; comment?: string | null; channel: string }

const KIND_WORDS: Record<string, { zh: string; en: string }> = {
  application: { zh: '办件', en: 'application' }, consultation: { zh: '咨询', en: 'consultation' }, appointment: { zh: '预约', en: 'appointment' },
};
const kindWords = (kind: string) => KIND_WORDS[kind] ?? { zh: kind, en: kind };
/** The readers who see every unit's ratings: supervision (效能监察), the 好差评 office (管理办) and audit. */
const ALL_UNITS: readonly string[] = [Role.Supervisor, Role.ServiceOffice, Role.Auditor];
/** A second rating of the same case by the same rater is refused; the very same rating sent again is a retry and answers as the first. */
const sameRating = (a: Rating, grade: string, comment: string | null, channel: string) => a.grade === grade && (a.comment ?? null) === comment && a.channel === channel;

/** A rating as staff see it: the rater's name masked, no account name (the reviewer's privacy, seed 004 §34). */
export function staffView(r: Rating) {
  return {
    ratingId: r.ratingId, subject: { kind: r.subject.kind, id: r.subject.id }, itemCode: r.itemCode, parties: r.parties.map((p) => ({ kind: p.kind, id: p.id, unitCode: p.unitCode })),
    channel: r.channel, grade: r.grade, bad: r.bad, comment: r.comment ?? null, at: r.at,
    rater: { kind: r.rater.kind, name: maskName(r.rater.name), recordedBy: r.rater.recordedBy ?? null },
  };
}
/** A rating as its rater sees it. */
export function ownView(r: Rating) {
  return {
    ratingId: r.ratingId, subject: { kind: r.subject.kind, id: r.subject.id }, itemCode: r.itemCode, channel: r.channel, grade: r.grade, bad: r.bad,
    comment: r.comment ?? null, at: r.at, recordedAtWindow: r.channel === RatingChannel.Window,
  };
}

/**
 * 好差评 (seed 004 §35–37): the asker of an ended case rates it on the five national grades, online or on the window
 * evaluator; a bad review (不满意, 非常不满意) opens a rectification (差评整改) for the units that handled the case.
 */
export function createEvaluationService(deps: {
  ratings: EvaluationRepository; subjects: SubjectRegistry; audit: AuditService;
  applications: Pick<ApplicationRepository, 'search'>; utcOffsetMinutes: number;
  /** the next rectification number (`ZG` + year + sequence) */
  nextRectificationNumber?(year: number): Promise<number>;
  /** starts the rectification process of an opened entry; answers the entry as it stands then */
  rectificationOpened?(r: Rectification): Promise<Rectification>;
}) {
  const { ratings, subjects, audit } = deps;
  const rectificationNumber = async (at: Date) => {
    const year = at.getUTCFullYear();
    const n = deps.nextRectificationNumber ? await deps.nextRectificationNumber(year) : Number.parseInt(randomBytes(3).toString('hex'), 16) % 1_000_000;
    return `ZG${year}${String(n).padStart(6, '0')}`;
  };

  function checkGrade(grade: string): Grade {
    if (!(GRADES as string[]).includes(grade)) {
      throw new DomainError('GRADE_UNKNOWN', ErrorKind.Validation, {
        zh: `评价等级 ${grade} 不存在：只能是 ${GRADES.map((g) => GradeWords[g].zh).join('、')}（${GRADES.join(', ')}）`,
        en: `the grade ${grade} does not exist: it is one of ${GRADES.join(', ')}`,
      }, { grade });
    }
    return grade as Grade;
  }
  function checkComment(comment: string | null | undefined): string | null {
    const text = (comment ?? '').trim();
    if ([...text].length > COMMENT_MAX) {
      throw new DomainError('COMMENT_TOO_LONG', ErrorKind.Validation, {
        zh: `评价意见最多 ${COMMENT_MAX} 字，现为 ${[...text].length} 字`, en: `the comment takes at most ${COMMENT_MAX} characters; it has ${[...text].length}`,
      });
    }
    return text || null;
  }

  async function subjectOf(kind: string, id: string): Promise<ResolvedSubject> {
    const w = kindWords(kind);
    if (!subjects.has(kind)) {
      throw new DomainError('SUBJECT_KIND_NOT_OPEN', ErrorKind.Validation, {
        zh: `${w.zh}（${kind}）暂不能评价：目前可评价的是 ${subjects.kinds().map((k) => kindWords(k).zh).join('、')}`,
        en: `a ${w.en} (${kind}) cannot be rated yet: ratings are open for ${subjects.kinds().join(', ')}`,
      });
    }
    const found = await subjects.resolve(kind, id);
    if (!found) throw new DomainError('SUBJECT_NOT_FOUND', ErrorKind.NotFound, { zh: `${w.zh} ${id} 不存在`, en: `${w.en} ${id} does not exist` });
    return found;
  }

  /** Who the rater is for this caller on this channel, or why this caller may not rate this case. */
  function raterOf(s: ResolvedSubject, kind: string, id: string, by: Evaluator, channel: string) {
    const w = kindWords(kind);
    const notYours = () => new DomainError('EVALUATION_NOT_YOURS', ErrorKind.Forbidden, {
      zh: `${w.zh} ${id} 不是您申请或代办的，不能评价：只有申请人本人或代办的代办员可以评价`,
      en: `${w.en} ${id} is not one you applied for or filed as proxy: only its applicant or the proxy agent who filed it can rate it`,
    });
    const wrongChannel = (expected: string) => new DomainError('EVALUATION_CHANNEL_NOT_YOURS', ErrorKind.Validation, {
      zh: `${by.role === Role.WindowStaff ? '窗口工作人员只能通过窗口评价器' : '申请人和代办员只能通过网上'}提交评价（渠道 ${expected}），不能用渠道 ${channel}`,
      en: `${by.role === Role.WindowStaff ? 'window staff record ratings only through the window evaluator' : 'applicants and proxy agents rate through the portal'} (channel ${expected}), not ${channel}`,
    });
    if (by.role === Role.Applicant || by.role === Role.ProxyAgent) {
      if (channel !== RatingChannel.Portal) throw wrongChannel(RatingChannel.Portal);
      if (by.role === Role.Applicant && s.askerUsername === by.username) return { kind: RaterKind.Applicant, username: by.username, name: s.askerName ?? by.realName, recordedBy: null };
      if (by.role === Role.ProxyAgent && s.agentUsername === by.username) return { kind: RaterKind.ProxyAgent, username: by.username, name: by.realName, recordedBy: null };
      throw notYours();
    }
    if (by.role === Role.WindowStaff) {
      if (channel !== RatingChannel.Window) throw wrongChannel(RatingChannel.Window);
      // the evaluator stands in the hall that took the case, or with an operator who handled it
      const ours = s.windowUnit === by.unitCode || s.parties.some((p) => p.kind === 'operator' && p.id === by.username);
      if (!ours) {
        throw new DomainError('EVALUATION_NOT_THIS_WINDOW', ErrorKind.Forbidden, {
          zh: `${w.zh} ${id} 不是本窗口（${by.unitCode ?? '无单位'}）办理的，不能在此评价器上评价`,
          en: `${w.en} ${id} was not handled at this window (${by.unitCode ?? 'no unit'}); it cannot be rated on this evaluator`,
        });
      }
      return { kind: RaterKind.Applicant, username: s.askerUsername, name: s.askerName ?? '申请人', recordedBy: by.username };
    }
    throw notYours();
  }

  /** The audit entries and the rectification that follow a stored rating; each made once, so a retry completes what a crash left. */
  async function followUp(r: Rating, by: Evaluator): Promise<Rectification | null> {
    const about = {
      actor: { kind: ActorKind.User, id: by.username, role: by.role }, unit: by.unitCode, itemCode: r.itemCode,
      ...(r.subject.kind === SubjectKind.Application ? { caseNumber: r.subject.id, caseKind: CaseKind.Application } : {}),
    };
    await audit.record({
      ...about, at: r.at, action: AuditAction.EvaluationGiven, target: { kind: 'rating', id: r.ratingId }, key: `evaluation.given:${r.ratingId}`,
      after: { grade: r.grade, bad: r.bad, channel: r.channel }, detail: { subject: r.subject, raterKind: r.rater.kind, recordedBy: r.rater.recordedBy ?? null, parties: r.parties },
    });
    if (!r.bad) return null;
    // a retried rating finds its entry and takes no new number
    const known = await ratings.rectificationOf(r.ratingId);
    const { rectification } = known ? { rectification: known } : await ratings.openRectification({
      rectificationId: await rectificationNumber(r.at), ratingId: r.ratingId, subject: r.subject, itemCode: r.itemCode, grade: r.grade, comment: r.comment ?? null,
      parties: r.parties, responsibleUnits: [...new Set(r.parties.map((p) => p.unitCode))], realName: Boolean(r.rater.username),
      reviewerUsername: r.rater.username ?? null, handlingUnit: handlingUnitOf(r), processInstanceKey: null, recheck: null,
      state: RectificationState.Open, openedAt: r.at, contactedAt: null, verification: null, dueAt: null, extension: null, outcome: null, followUp: null,
      result: null, onTime: null, closedAt: null,
    } as Rectification);
    await audit.record({
      ...about, at: r.at, action: AuditAction.RectificationOpened, target: { kind: 'rectification', id: rectification.rectificationId },
      key: `rectification.opened:${r.ratingId}`, after: { state: RectificationState.Open }, detail: { ratingId: r.ratingId, grade: r.grade, responsibleUnits: rectification.responsibleUnits },
    });
    // every bad review starts the rectification process (seed 004 §37); a start that fails is mended later
    return (await deps.rectificationOpened?.(rectification)) ?? rectification;
  }

  function alreadyRated(existing: Rating, kind: string, id: string) {
    const w = kindWords(kind);
    return new DomainError('EVALUATION_ALREADY_GIVEN', ErrorKind.Conflict, {
      zh: `${w.zh} ${id} 已评价过（${GradeWords[existing.grade as Grade].zh}，${existing.at.toISOString()}），每件只能评价一次`,
      en: `${w.en} ${id} was rated already (${GradeWords[existing.grade as Grade].en}, ${existing.at.toISOString()}); a case is rated once`,
    }, { ratingId: existing.ratingId });
  }

  const dayStart = (now: Date) => {
    const offset = deps.utcOffsetMinutes * 60_000;
    return new Date(Math.floor((now.getTime() + offset) / 86_400_000) * 86_400_000 - offset);
  };

  return {
    /** Plugs in a kind of case that can be rated (consultations and appointments, when they exist). */
    registerSubject: subjects.register,

    /**
     * Rates an ended case. One rating per case per rater: a different second rating is refused (409); the same
     * rating sent again (a retried request) answers with the first and opens nothing new.
     */
    async rate(input: RateInput, by: Evaluator, now: Date): Promise<{ rating: Rating; rectification: Rectification | null; repeated: boolean }> {
      const grade = checkGrade(input.grade);
      const comment = checkComment(input.comment);
      const { kind, id } = input.subject;
      const s = await subjectOf(kind, id);
      const rater = raterOf(s, kind, id, by, input.channel);
      if (!s.endedAt) {
        const w = kindWords(kind);
        throw new DomainError('EVALUATION_CASE_NOT_ENDED', ErrorKind.Conflict, {
          zh: `${w.zh} ${id} 尚未办结，办结后才能评价`, en: `${w.en} ${id} has not ended yet; it can be rated once it has`,
        });
      }
      const rating = {
        ratingId: `PJ-${randomBytes(8).toString('hex').toUpperCase()}`, subject: { kind, id }, itemCode: s.itemCode, parties: s.parties,
        channel: input.channel, rater, grade, bad: isBad(grade), comment, at: now,
      } as Rating;
      let stored = rating;
      let repeated = false;
      if ((await ratings.insertRating(rating)) === 'taken') {
        const existing = (await ratings.ratingOf({ kind, id }, rater.kind))!;
        if (!sameRating(existing, grade, comment, input.channel)) throw alreadyRated(existing, kind, id);
        stored = existing;
        repeated = true;
      }
      const rectification = await followUp(stored, by);
      return { rating: stored, rectification, repeated };
    },

    /** The ratings the caller gave (as applicant or as proxy agent), also those recorded for them at a window. */
    async mine(by: Evaluator, subject?: { kind: string; id: string }) {
      return (await ratings.ratingsBy(by.username, subject)).map(ownView);
    },

    /** Ratings with their counts, for supervision, the 好差评 office and audit (every unit) and department leaders (their own unit). */
    async list(by: Evaluator, filter: RatingFilter, limit: number) {
      const f = { ...filter };
      if (!ALL_UNITS.includes(by.role)) {
        if (f.unitCode && f.unitCode !== by.unitCode) {
          throw new DomainError('EVALUATION_UNIT_NOT_YOURS', ErrorKind.Forbidden, {
            zh: `只能查看本单位（${by.unitCode ?? '无单位'}）的评价，不能查看 ${f.unitCode} 的`, en: `you see the ratings of your own unit (${by.unitCode ?? 'none'}), not of ${f.unitCode}`,
          });
        }
        f.unitCode = by.unitCode ?? '__none__';
      }
      const [list, counts] = await Promise.all([ratings.search(f, limit), ratings.counts(f)]);
      return { ratings: list.map(staffView), counts };
    },

    /** The bad review's rectification, if the rating opened one. */
    rectificationOf: (ratingId: string) => ratings.rectificationOf(ratingId),

    /** For the window evaluator: the cases of the caller's hall that ended today, newest first, each saying whether its applicant has rated it. */
    async windowCases(by: Evaluator, now: Date) {
      const since = dayStart(now);
      const closed = (await deps.applications.search({ unitCode: by.unitCode ?? '__none__' }, { status: 'closed', practice: false }, 200))
        .filter((a) => a.communityCode === by.unitCode && a.closedAt && a.closedAt.getTime() >= since.getTime())
        .sort((a, b) => b.closedAt!.getTime() - a.closedAt!.getTime());
      const rated = new Set((await ratings.ratingsOfSubjects(SubjectKind.Application, closed.map((a) => a.applicationNumber)))
        .filter((r) => r.rater.kind === RaterKind.Applicant).map((r) => r.subject.id));
      return closed.map((a) => ({
        applicationNumber: a.applicationNumber, itemCode: a.itemCode, itemName: a.itemName, applicantName: maskName(a.applicant?.name ?? ''),
        closedAt: a.closedAt!, rated: rated.has(a.applicationNumber),
      }));
    },

    /** One case as the window evaluator shows it before the applicant rates: refused as rating it would be. */
    async windowCase(by: Evaluator, applicationNumber: string) {
      const s = await subjectOf(SubjectKind.Application, applicationNumber);
      raterOf(s, SubjectKind.Application, applicationNumber, by, RatingChannel.Window);
      if (!s.endedAt) {
        throw new DomainError('EVALUATION_CASE_NOT_ENDED', ErrorKind.Conflict, {
          zh: `办件 ${applicationNumber} 尚未办结，办结后才能评价`, en: `application ${applicationNumber} has not ended yet; it can be rated once it has`,
        });
      }
      const existing = await ratings.ratingOf({ kind: SubjectKind.Application, id: applicationNumber }, RaterKind.Applicant);
      if (existing) throw alreadyRated(existing, SubjectKind.Application, applicationNumber);
      return { applicationNumber, itemCode: s.itemCode, itemName: s.title ?? s.itemCode, applicantName: maskName(s.askerName ?? ''), endedAt: s.endedAt };
    },
  };
}
export type EvaluationService = ReturnType<typeof createEvaluationService>;
