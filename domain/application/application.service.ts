import { DomainError, ErrorKind } from '../shared/domain-error.js';
import type { SequenceRepository } from '../sequence/sequence.repository.js';
import type { ServiceItemRepository } from '../service-item/service-item.repository.js';
import type { UnitRepository } from '../organisation/unit.repository.js';
import { routeSteps, treeOf, type HandlingRules } from '../organisation/routing.js';
import { CaseKind } from '../shared/constants.js';
import { createHash, randomBytes } from 'node:crypto';
import type { ArchiveRepository } from '../archive/archive.repository.js';
import type { ApplicationRepository, ApplicationRecord } from './application.repository.js';
import { mayRead, readScopeOf, type Reader } from './application-access.js';
import { op } from '../shared/trusted.js';
import { AuditAction, ActorKind } from '../audit/audit-entry.model.js';
import { workerActor, type AuditInput, type AuditService } from '../audit/audit.service.js';
import { JobType } from '../process-model/job-types.js';

/** The engine commands the application service needs, provided by whoever wires it. */
export interface ProcessEngine {
  /** with a business key, a start repeated after an interruption answers the instance already started */
  startInstance(processId: string, variables: Record<string, unknown>, businessKey?: string): Promise<string>;
  publishMessage(name: string, correlationKey: string, variables: Record<string, unknown>): Promise<void>;
}

export interface FileApplicationInput {
  applicantUsername?: string | null;
  filedBy?: string | null;
  itemCode: string;
  communityCode: string;
  channel: 'window' | 'online';
  applicant: { type: 'individual' | 'enterprise' | 'organisation'; name: string; idNumber: string; phone: string };
  materials: { name: string; provided: boolean }[];
  practice?: boolean;
  /** 代办: the client's authorisation a proxy agent files under (dates as YYYY-MM-DD on the office calendar) */
  proxy?: { agent: string; signedOn: string; validUntil: string } | null;
  /** who filed it, for the audit trail */
  by?: By;
}

/** A signed-in person acting on an application. */
export interface By { username: string; role: string; unitCode?: string | null }
const user = (by: By | undefined, fallback?: string | null) => ({ kind: ActorKind.User, id: by?.username ?? fallback ?? 'anonymous', role: by?.role ?? null });

export const SUPPLEMENT_MESSAGE = 'supplement-received';

/** The letter a proxy agent uploads with a client's application (代办 needs the client's written authorisation). */
export const AUTHORISATION_LETTER = '授权委托书';

/**
 * A proxy agent acts only under a written authorisation that is signed, not in the future, and still holds on
 * the day of filing.
 */
function checkAuthorisation(a: { signedOn: string; validUntil: string }, today: string): void {
  if (a.signedOn > today) throw new DomainError('AUTHORISATION_NOT_YET_SIGNED', ErrorKind.Validation, {
    zh: `授权委托书的签署日期 ${a.signedOn} 晚于今天 ${today}`, en: `the authorisation is dated ${a.signedOn}, after today (${today})`,
  });
  if (a.validUntil < a.signedOn) throw new DomainError('AUTHORISATION_DATES', ErrorKind.Validation, {
    zh: `授权委托书的有效期至 ${a.validUntil} 早于签署日期 ${a.signedOn}`, en: `the authorisation ends (${a.validUntil}) before it was signed (${a.signedOn})`,
  });
  if (a.validUntil < today) throw new DomainError('AUTHORISATION_EXPIRED', ErrorKind.Validation, {
    zh: `授权委托书已于 ${a.validUntil} 到期，请申请人重新出具委托书`, en: `the authorisation ended on ${a.validUntil}; the applicant must sign a new one`,
  });
}

const NOT_OPEN: Record<string, [zh: string, en: string]> = {
  draft: ['尚未开通，暂不接受申请', 'is not open yet and takes no applications'],
  suspended: ['已暂停受理，恢复受理前不接受新的申请；已提交的办件照常办理', 'is suspended: it takes no new applications until it is resumed; applications already filed go on'],
  terminated: ['已终止，不再接受申请', 'is terminated and takes no applications any more'],
};
/** An item that takes no applications, said plainly in both languages (seed 004 §12). */
function notOpen(item: { code: string; name: string; status: string }): DomainError {
  const [zh, en] = NOT_OPEN[item.status] ?? [`当前状态为 ${item.status}，不接受申请`, `is ${item.status} and takes no applications`];
  return new DomainError('ITEM_NOT_OPEN', ErrorKind.Conflict, {
    zh: `事项「${item.name}」（${item.code}）${zh}`, en: `service item ${item.code} (${item.name}) ${en}`,
  }, { itemStatus: item.status });
}

export function createApplicationService(deps: { applications: ApplicationRepository; archives: ArchiveRepository; items: ServiceItemRepository; sequences: SequenceRepository; units: UnitRepository; engine: ProcessEngine; audit: AuditService;
  /** the case knows its instance now: tasks the instance created before that get their case */
  caseStarted?(processInstanceKey: string): Promise<unknown>;
  /** whether the instance completed any element at or after `since` (it is not waiting where it waited then) */
  movedSince?(processInstanceKey: string, since: Date): Promise<boolean>;
  /** the office calendar's date (YYYY-MM-DD) of a moment */
  officeDay?(at: Date): string }) {
  const officeDay = deps.officeDay ?? ((at: Date) => at.toISOString().slice(0, 10));
  const { applications, archives, items, sequences, engine, audit } = deps;
  const about = (app: Pick<ApplicationRecord, 'applicationNumber' | 'itemCode'>) => ({ target: { kind: 'application', id: app.applicationNumber }, caseNumber: app.applicationNumber, caseKind: CaseKind.Application, itemCode: app.itemCode });

  /** Routing from the item's handling rules and the applicant's community over the unit tree (organisation/routing). */
  async function stepUnits(item: HandlingRules, communityCode: string) {
    return routeSteps(treeOf(await deps.units.list()), item, communityCode);
  }

  /** Starts the application's process, once: a start repeated for the same application answers the same instance. */
  async function startProcess(app: ApplicationRecord, item: { deemedApproval?: unknown; certificateType?: unknown }): Promise<string> {
    return engine.startInstance(app.processId, {
      applicationNumber: app.applicationNumber, itemCode: app.itemCode, category: app.category, communityCode: app.communityCode,
      departmentCode: app.departmentCode, units: app.units, deemedApproval: item.deemedApproval, certificateType: item.certificateType,
    }, `application:${app.applicationNumber}`);
  }

  // An application stored before a stop but never started is started now: it was stored, so it is kept and
  // goes on; one never stored was not filed.
  audit.settleWith(AuditAction.ApplicationFiled, async (input) => {
    const app = await applications.get(input.target.id);
    if (!app) return { done: false, why: 'the application was never stored' };
    let processInstanceKey = app.processInstanceKey;
    if (!processInstanceKey) {
      const item = await items.version(app.itemCode, app.itemVersion);
      processInstanceKey = await startProcess(app, item ?? {});
      await applications.update(app.applicationNumber, { $set: { processInstanceKey } });
    }
    await deps.caseStarted?.(processInstanceKey);
    return { done: true, after: { status: 'submitted', itemVersion: app.itemVersion, processInstanceKey } };
  });

  // A supplement interrupted by a stop: the application's pause, ended at that moment, says it was received. The
  // process hears of it again when it is still waiting where it waited then and the case has not moved on.
  audit.settleWith(AuditAction.SupplementReceived, async (input) => {
    const app = await applications.get(input.target.id);
    const received = app?.pauses?.some((p) => p.to instanceof Date && p.to.getTime() === input.at.getTime());
    if (!app || !received) return { done: false, why: 'the application is still waiting for its supplement' };
    const waiting = app.status === 'supplement-received' && app.processInstanceKey && deps.movedSince && !(await deps.movedSince(app.processInstanceKey, input.at));
    if (waiting) await engine.publishMessage(SUPPLEMENT_MESSAGE, app.applicationNumber, {});
    return { done: true, after: { status: app.status, materials: app.materials }, ...(waiting ? { detail: { messageSentAgain: true } } : {}) };
  });

  async function mustGet(applicationNumber: string): Promise<ApplicationRecord> {
    const app = await applications.get(applicationNumber);
    if (!app) throw new DomainError('APPLICATION_NOT_FOUND', ErrorKind.NotFound, { zh: `办件 ${applicationNumber} 不存在`, en: `application ${applicationNumber} does not exist` });
    return app;
  }

  return {
    get: mustGet,

    /** Files an application on the item's current published version and starts its process. */
    async file(input: FileApplicationInput, now: Date): Promise<ApplicationRecord & { queryCode: string }> {
      const item = await items.latest(input.itemCode);
      if (!item) throw new DomainError('ITEM_NOT_FOUND', ErrorKind.NotFound, { zh: `事项 ${input.itemCode} 不存在`, en: `no service item ${input.itemCode}` });
      if (item.status !== 'published') throw notOpen(item);
      const provided = new Set(input.materials.filter((m) => m.provided).map((m) => m.name));
      const unknown = input.materials.map((m) => m.name).filter((n) => !item.materials.some((im) => im.name === n));
      if (unknown.length) throw new DomainError('MATERIAL_UNKNOWN', ErrorKind.Validation, {
        zh: `事项 ${item.code} 不要求以下材料：${unknown.join('、')}`, en: `item ${item.code} does not ask for: ${unknown.join(', ')}`,
      });
      const missingMaterials = item.materials.filter((m) => m.required && !provided.has(m.name)).map((m) => m.name);
      if (input.proxy) checkAuthorisation(input.proxy, officeDay(now));
      const units = await stepUnits(item, input.communityCode);
      const year = now.getUTCFullYear();
      const seq = await sequences.next(`application:${year}`);
      const applicationNumber = `SQ${year}${String(seq).padStart(6, '0')}`;
      const queryCode = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8).toUpperCase();
      // written down first: a stop between storing and starting is found and finished (see the settler above)
      const entry = await audit.intend({
        at: now, actor: user(input.by, input.filedBy ?? input.applicantUsername), action: AuditAction.ApplicationFiled,
        target: { kind: 'application', id: applicationNumber }, caseNumber: applicationNumber, caseKind: CaseKind.Application, itemCode: item.code, unit: input.by?.unitCode ?? input.communityCode,
        detail: { channel: input.channel, practice: input.practice ?? false, missingMaterials, ...(input.proxy ? { proxy: input.proxy } : {}) },
      });
      const stored = await applications.insert({
        applicantUsername: input.applicantUsername ?? null, filedBy: input.filedBy ?? null, proxy: input.proxy ?? null,
        queryCodeHash: createHash('sha256').update(queryCode).digest('hex'),
        applicationNumber, itemCode: item.code, itemVersion: item.version, itemName: item.name, category: item.category,
        processId: item.processId, communityCode: input.communityCode, departmentCode: item.departmentCode, units, channel: input.channel,
        applicant: input.applicant, materials: input.materials, missingMaterials, practice: input.practice ?? false,
        filedAt: now, status: 'submitted',
      });
      const processInstanceKey = await startProcess(stored, item);
      const filed = (await applications.update(applicationNumber, { $set: { processInstanceKey } }))!;
      await deps.caseStarted?.(processInstanceKey);
      await audit.record({ ...entry, after: { status: 'submitted', itemVersion: item.version, processInstanceKey } });
      return { ...filed, queryCode };
    },

    /**
     * 办件查询: status in plain words for whoever holds the application number and a secret — the last six
     * characters of the applicant's ID number or the query code. Nothing else personal is shown. A wrong
     * secret and an unknown number give the same answer.
     */
    async progress(applicationNumber: string, secret: string, deadlineOf: (app: ApplicationRecord) => Promise<Date | null>) {
      const app = await applications.get(applicationNumber);
      const codeMatches = app?.queryCodeHash && createHash('sha256').update(secret.toUpperCase()).digest('hex') === app.queryCodeHash;
      const idMatches = app && secret.length === 6 && app.applicant?.idNumber.slice(-6).toUpperCase() === secret.toUpperCase();
      if (!app || !(codeMatches || idMatches)) {
        throw new DomainError('PROGRESS_NOT_FOUND', ErrorKind.NotFound, {
          zh: `办件编号 ${applicationNumber} 不存在，或查询密码不正确`, en: `no application ${applicationNumber} matches that secret`,
        });
      }
      const words = statusWords(app);
      return {
        applicationNumber, itemName: app.itemName, status: app.status, statusText: words,
        currentStep: app.currentStep ?? null, dueAt: app.status === 'closed' ? null : await deadlineOf(app),
        supplementNotice: app.status === 'supplement-requested' ? app.supplementNotice?.text ?? null : null,
        outcome: app.outcome ?? null, filedAt: app.filedAt, closedAt: app.closedAt ?? null,
      };
    },

    /** Lists the applications the reader may see (their unit's, their own, or the ones they filed). */
    async list(reader: Reader, filter: { itemCode?: string; status?: string; practice?: boolean }, limit = 100) {
      return applications.search(readScopeOf(reader), filter, limit);
    },

    /** One application the reader may see; another unit's case answers as a missing one would. */
    async readableBy(reader: Reader, applicationNumber: string): Promise<ApplicationRecord> {
      const app = await applications.get(applicationNumber);
      if (!app || !mayRead(reader, app)) throw new DomainError('APPLICATION_NOT_FOUND', ErrorKind.NotFound, { zh: `办件 ${applicationNumber} 不存在`, en: `application ${applicationNumber} does not exist` });
      return app;
    },

    /** Full personal data, logged as read (seed 004 §42). */
    async readFull(applicationNumber: string, reader: By, requestId: string | null, now: Date): Promise<ApplicationRecord> {
      const app = await mustGet(applicationNumber);
      const fields = ['applicant.name', 'applicant.idNumber', 'applicant.phone'];
      await applications.recordPiiRead({ applicationNumber, reader: reader.username, role: reader.role, fields, requestId, at: now });
      await audit.record({ at: now, actor: user(reader), action: AuditAction.PersonalDataRead, ...about(app), unit: reader.unitCode ?? null, detail: { fields, requestId } });
      return app;
    },

    /** The applicant (or the community) brought what was missing: the clock resumes and the process goes on. */
    async receiveSupplement(applicationNumber: string, materials: { name: string; provided: boolean }[], now: Date, by?: By): Promise<ApplicationRecord> {
      const app = await mustGet(applicationNumber);
      const open = (app.pauses ?? []).findIndex((p) => !p.to);
      if (open < 0) throw new DomainError('NO_SUPPLEMENT_PENDING', ErrorKind.Conflict, { zh: `办件 ${applicationNumber} 没有待补正的材料`, en: `application ${applicationNumber} is not waiting for a supplement` });
      const byName = new Map(app.materials.map((m) => [m.name, m.provided]));
      for (const m of materials) byName.set(m.name, m.provided || byName.get(m.name) === true);
      const entry = await audit.intend({
        at: now, actor: user(by), action: AuditAction.SupplementReceived, ...about(app), unit: by?.unitCode ?? null,
        before: { status: app.status, materials: app.materials },
      });
      const updated = await applications.update(
        applicationNumber,
        { $set: { [`pauses.${open}.to`]: now, materials: [...byName].map(([name, provided]) => ({ name, provided })), status: 'supplement-received' } },
        { [`pauses.${open}.to`]: null },
      );
      if (!updated) {
        await audit.forget(entry);
        throw new DomainError('NO_SUPPLEMENT_PENDING', ErrorKind.Conflict, { zh: `办件 ${applicationNumber} 没有待补正的材料`, en: `application ${applicationNumber} is not waiting for a supplement` });
      }
      await engine.publishMessage(SUPPLEMENT_MESSAGE, applicationNumber, {});
      await audit.record({ ...entry, after: { status: updated.status, materials: updated.materials } });
      return updated;
    },

    async recordPrintSerial(applicationNumber: string, serial: string, now: Date) {
      const app = await applications.update(applicationNumber, { $set: { printSerial: serial } });
      if (app) await audit.record({ at: now, actor: workerActor(JobType.UsePrintSerial), action: AuditAction.SerialUsed, ...about(app), unit: app.communityCode, key: `serial:${applicationNumber}`, after: { printSerial: serial } });
    },

    async recordDocumentNumber(applicationNumber: string, documentNumber: string, now: Date) {
      const app = await applications.update(applicationNumber, { $set: { documentNumber } });
      if (app) await audit.record({ at: now, actor: workerActor(JobType.GenerateDocumentNumber), action: AuditAction.DocumentNumberIssued, ...about(app), unit: app.departmentCode, key: `document-number:${applicationNumber}`, after: { documentNumber } });
    },

    /** Keeps the electronic record and notes the paper file's place; archiving twice keeps the first. */
    async archive(applicationNumber: string, now: Date): Promise<string> {
      const app = await mustGet(applicationNumber);
      const month = now.toISOString().slice(0, 7);
      const paperLocation = `${app.communityCode}/${app.itemCode}/${month}/${app.applicationNumber}`;
      const key = `archived:${applicationNumber}`;
      const entry = (at: Date, location: string): AuditInput => ({ at, actor: workerActor(JobType.ArchiveCase), action: AuditAction.CaseArchived, ...about(app), unit: app.communityCode, after: { paperLocation: location } });
      if (!(await archives.insert({ applicationNumber, electronic: app, paperLocation, archivedAt: now }))) {
        // delivered again: the first run kept the archive but may have stopped before its entry
        const kept = (await archives.get(applicationNumber))!;
        await audit.recordMissing(key, now, () => entry(kept.archivedAt, kept.paperLocation));
        return kept.paperLocation;
      }
      await audit.record({ ...entry(now, paperLocation), key });
      return paperLocation;
    },

    /** Closes the case with its outcome, once. */
    async close(applicationNumber: string, outcome: 'issued' | 'refused' | 'not-approved', now: Date): Promise<ApplicationRecord> {
      const app = await mustGet(applicationNumber);
      const open = (app.pauses ?? []).findIndex((p) => !p.to);
      const set: Record<string, unknown> = { status: 'closed', outcome, closedAt: now, currentStep: null };
      if (open >= 0) set[`pauses.${open}.to`] = now; // a case closed while waiting waits no more
      const key = `closed:${applicationNumber}`;
      const entry = (at: Date, before: unknown, how: string | null): AuditInput => ({
        at, actor: workerActor(JobType.CloseCase), action: AuditAction.ApplicationClosed, ...about(app), unit: app.communityCode,
        before, after: { status: 'closed', outcome: how },
      });
      const closed = await applications.update(applicationNumber, { $set: set }, { status: op({ $ne: 'closed' }) });
      if (!closed) {
        // delivered again: the first run closed the case but may have stopped before its entry; the status it
        // had before closing is no longer known
        if (app.status === 'closed') await audit.recordMissing(key, now, () => entry(app.closedAt ?? now, null, app.outcome ?? null));
        return mustGet(applicationNumber);
      }
      await audit.record({ ...entry(now, { status: app.status }, outcome), key });
      return closed;
    },
  };
}
export type ApplicationService = ReturnType<typeof createApplicationService>;

const STEP_WORDS: Record<string, [string, string]> = {
  accept: ['受理中', 'being accepted'], review: ['审核中', 'under review'], decide: ['审批中', 'awaiting the decision'],
  close: ['待领证', 'certificate being prepared for hand-over'], approve: ['审批中', 'being approved'],
  verify: ['核验中', 'archives being verified'], issue: ['待发证', 'certificate ready to be handed over'],
};

/** The application's state in plain words, Chinese and English. */
export function statusWords(app: Pick<ApplicationRecord, 'status' | 'outcome' | 'currentStep'>): { zh: string; en: string } {
  if (app.status === 'closed') {
    const o = { issued: ['已办结，证件已发放', 'completed: the certificate was handed over'], refused: ['不予受理', 'not accepted: see the written refusal'], 'not-approved': ['不予批准', 'not approved'] }[app.outcome ?? 'issued'] ?? ['已办结', 'closed'];
    return { zh: o[0]!, en: o[1]! };
  }
  if (app.status === 'supplement-requested') return { zh: '待补正：请按一次性告知补齐材料', en: 'waiting for your supplement: bring every material listed in the notice' };
  if (app.status === 'returned-to-community') return { zh: '退回社区补正', en: 'returned to the community for supplement' };
  const [zh, en] = STEP_WORDS[app.currentStep ?? ''] ?? ['已提交', 'submitted'];
  return { zh, en };
}
