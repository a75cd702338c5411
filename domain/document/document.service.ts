import type { ApplicationRecord, ApplicationRepository } from '../application/application.repository.js';
import { stepUnit } from '../application/application.repository.js';
import { mayRead, type Reader } from '../application/application-access.js';
import { ActorKind, AuditAction } from '../audit/audit-entry.model.js';
import type { AuditService } from '../audit/audit.service.js';
import { NoticeKind } from '../notification/notice.model.js';
import type { NoticeRepository } from '../notification/notice.repository.js';
import type { UnitRepository } from '../organisation/unit.repository.js';
import type { ServiceItemRepository } from '../service-item/service-item.repository.js';
import { CaseKind } from '../shared/constants.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import type { DocumentRenderer } from './document-pdf.js';
import {
  DocumentKind, officeClock, receiptText, refusalNoticeText, supplementNoticeText, type DocumentContent, type ItemFacts,
} from './document.texts.js';

/** The personal data a printed notice carries (the ID number and the phone only masked). */
const PRINTED_FIELDS = ['applicant.name', 'applicant.idNumber (masked)', 'applicant.phone (masked)'];

const NAMES: Record<DocumentKind, { zh: string; en: string; why: { zh: string; en: string } }> = {
  [DocumentKind.Receipt]: { zh: '受理回执', en: 'acceptance receipt', why: { zh: '', en: '' } },
  [DocumentKind.SupplementNotice]: {
    zh: '一次性告知书', en: 'supplement notice',
    why: { zh: '该办件没有因材料不齐全而被告知补正', en: 'it was never sent back for missing materials' },
  },
  [DocumentKind.RefusalNotice]: {
    zh: '不予受理通知书', en: 'refusal notice',
    why: { zh: '该办件没有被决定不予受理', en: 'it was not refused' },
  },
};

function notIssued(kind: DocumentKind, applicationNumber: string): DomainError {
  const n = NAMES[kind];
  return new DomainError(
    'DOCUMENT_NOT_ISSUED', ErrorKind.NotFound, { zh: `办件 ${applicationNumber} 没有${n.zh}：${n.why.zh}`, en: `application ${applicationNumber} has no ${n.en}: ${n.why.en}` },
    { document: kind },
  );
}

/**
 * The written notices of a case (受理回执, 一次性告知书, 不予受理通知书), printed as PDF for the case's units and
 * the applicant. Each print carries personal data, so it is logged like any other read of it (seed 004 §42).
 */
export function createDocumentService(deps: {
  applications: Pick<ApplicationRepository, 'get' | 'recordPiiRead'>;
  items: Pick<ServiceItemRepository, 'version'>;
  units: Pick<UnitRepository, 'get'>;
  notices: Pick<NoticeRepository, 'ofApplication'>;
  audit: Pick<AuditService, 'record'>;
  renderer: DocumentRenderer;
  utcOffsetMinutes: number;
}) {
  const clock = officeClock(deps.utcOffsetMinutes);

  /** The unit's full name as it heads a notice: a community with its township and district. */
  async function issuerName(code: string): Promise<string> {
    const unit = await deps.units.get(code);
    if (!unit) return code;
    if (unit.kind !== 'community') return unit.name;
    const names = [unit.name];
    let parent = unit.parentCode ? await deps.units.get(unit.parentCode) : null;
    for (let hops = 0; parent && hops < 4; hops += 1) {
      names.unshift(parent.name);
      parent = parent.parentCode ? await deps.units.get(parent.parentCode) : null;
    }
    return names.join('');
  }

  async function itemFacts(app: ApplicationRecord): Promise<ItemFacts> {
    const item = await deps.items.version(app.itemCode, app.itemVersion);
    return { materials: item?.materials ?? [], totalLimit: item?.totalLimit ?? null };
  }

  async function compose(kind: DocumentKind, app: ApplicationRecord): Promise<DocumentContent> {
    // the window that accepts (the community) issues all three
    const issuer = await issuerName(stepUnit(app, 'accept') ?? app.communityCode);
    switch (kind) {
      case DocumentKind.Receipt:
        return receiptText(app, issuer, await itemFacts(app), clock);
      case DocumentKind.SupplementNotice: {
        const notice = app.supplementNotice;
        if (!notice?.missing?.length) throw notIssued(kind, app.applicationNumber);
        return supplementNoticeText(app, issuer, await itemFacts(app), { missing: notice.missing, at: notice.at ?? app.filedAt }, clock);
      }
      case DocumentKind.RefusalNotice: {
        const refusal = (await deps.notices.ofApplication(app.applicationNumber)).find((n) => n.kind === NoticeKind.Refusal);
        const reasons = (refusal?.details as { reasons?: string[] } | null)?.reasons ?? [];
        if (!refusal || !reasons.length) throw notIssued(kind, app.applicationNumber);
        return refusalNoticeText(app, issuer, { reasons, at: refusal.createdAt }, clock);
      }
    }
  }

  return {
    /** One notice of a case as PDF, for a reader who may see the case; another unit's case answers as a missing one. */
    async print(kind: DocumentKind, applicationNumber: string, reader: Reader, requestId: string | null, now: Date) {
      const app = await deps.applications.get(applicationNumber);
      if (!app || !mayRead(reader, app)) throw new DomainError('APPLICATION_NOT_FOUND', ErrorKind.NotFound, { zh: `办件 ${applicationNumber} 不存在`, en: `application ${applicationNumber} does not exist` });
      const content = await compose(kind, app);
      const pdf = await deps.renderer.render(content);
      await deps.applications.recordPiiRead({ applicationNumber, reader: reader.username, role: reader.role, fields: PRINTED_FIELDS, requestId, at: now });
      await deps.audit.record({
        at: now, actor: { kind: ActorKind.User, id: reader.username, role: reader.role }, action: AuditAction.PersonalDataRead,
        target: { kind: 'application', id: applicationNumber }, caseNumber: applicationNumber, caseKind: CaseKind.Application, itemCode: app.itemCode, unit: reader.unitCode ?? null,
        detail: { fields: PRINTED_FIELDS, requestId, document: kind },
      });
      return { pdf, title: content.title, fileName: `${applicationNumber}-${kind}.pdf` };
    },
  };
}
export type DocumentService = ReturnType<typeof createDocumentService>;
