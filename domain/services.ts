import { createApplicationJourneyService } from './application/application-journey.service.js';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { createAppointmentRepository } from './appointment/appointment.repository.js';
import { createAppointmentService } from './appointment/appointment.service.js';
import { createSlotPlan } from './appointment/appointment-slots.js';
import { CaseKind } from './shared/constants.js';
import { createApplicationRepository } from './application/application.repository.js';
import { createApplicationService } from './application/application.service.js';
import { createAuditRepository } from './audit/audit.repository.js';
import { createAuditService } from './audit/audit.service.js';
import { createAuditTimelineService } from './audit/audit-timeline.service.js';
import { createEngineHistoryRepository } from './engine-history/engine-history.repository.js';
import { createEngineHistoryService } from './engine-history/engine-history.service.js';
import { createWorkingCalendar } from './deadline/working-calendar.js';
import { createStepDeadlineRepository } from './deadline/step-deadline.repository.js';
import { createStepDeadlineService } from './deadline/step-deadline.service.js';
import { createHolidayNoticeRepository } from './deadline/holiday-notice.repository.js';
import { createHolidayCalendarService, createNoticeOverlay } from './deadline/holiday-calendar.service.js';
import { createDocumentNumberRepository } from './document-number/document-number.repository.js';
import { createDocumentNumberService } from './document-number/document-number.service.js';
import { createPdfRenderer } from './document/document-pdf.js';
import { createDocumentService } from './document/document.service.js';
import { loadKeyRing, type KeyRing } from './certificate/certificate-keys.js';
import { createCertificateRenderer } from './certificate/certificate-pdf.js';
import { createCertificateRepository } from './certificate/certificate.repository.js';
import { createCertificateService } from './certificate/certificate.service.js';
import { createArchiveRepository } from './archive/archive.repository.js';
import { createConsultationRepository } from './consultation/consultation.repository.js';
import { answerNotice, createConsultationService } from './consultation/consultation.service.js';
import { createComplaintRepository } from './complaint/complaint.repository.js';
import { createComplaintService } from './complaint/complaint.service.js';
import { NoticeKind } from './notification/notice.model.js';
import { createCardRepository } from './escalation/card.repository.js';
import { createEscalationService } from './escalation/escalation.service.js';
import { createOperatorRecordRepository } from './escalation/operator-record.repository.js';
import { createIncidentRepository } from './incident/incident.repository.js';
import { createIncidentService } from './incident/incident.service.js';
import { createSmsNotifier, createStoredSmsGateway, type SmsGateway } from './notification/sms.js';
import { createSmsOutboxRepository } from './notification/sms-outbox.repository.js';
import { createNoticeRepository } from './notification/notice.repository.js';
import { createNotificationService, type Notifier } from './notification/notification.service.js';
import { createAccountRepository } from './account/account.repository.js';
import { createAccountService } from './account/account.service.js';
import { createLoginThrottleRepository } from './account/login-throttle.repository.js';
import { createSessionRepository } from './account/session.repository.js';
import { createSessionService } from './account/session.service.js';
import type { FileStorage } from './material/file-storage.js';
import { createMaterialService } from './material/material.service.js';
import { createProcessModelService } from './process-model/process-model.service.js';
import { createProcessVersionRepository } from './process-model/process-version.repository.js';
import { createUnitRepository } from './organisation/unit.repository.js';
import { createPrintSerialRepository } from './print-serial/print-serial.repository.js';
import { createPrintSerialService } from './print-serial/print-serial.service.js';
import { createRequisitionRepository } from './requisition/requisition.repository.js';
import { createRequisitionService } from './requisition/requisition.service.js';
import { createSequenceRepository } from './sequence/sequence.repository.js';
import { createServiceItemRepository } from './service-item/service-item.repository.js';
import { createChangeRequestRepository } from './service-item/change-request.repository.js';
import { createItemEvaluationRepository } from './service-item/item-evaluation.repository.js';
import { createItemGovernanceService } from './service-item/item-governance.service.js';
import { createServiceGuideService } from './service-item/service-guide.service.js';
import { createStepService } from './task/step.service.js';
import { createStatisticsService } from './statistics/statistics.service.js';
import { createTaskRepository } from './task/task.repository.js';
import { createTaskService } from './task/task.service.js';
import { createCaseFileService } from './task/case-file.service.js';
import type { EnginePort } from './engine/engine.port.js';
import { createEngineEventService } from './engine/engine-event.service.js';
import { createEvaluationRepository } from './evaluation/evaluation.repository.js';
import { createEvaluationService } from './evaluation/evaluation.service.js';
import { applicationSubject, createSubjectRegistry } from './evaluation/evaluation-subjects.js';
import { createRectificationRepository } from './evaluation/rectification.repository.js';
import { createRectificationService } from './evaluation/rectification.service.js';
import { createForecastService } from './forecast/forecast.service.js';
import { createAssessmentService } from './assessment/assessment.service.js';
import { createWeightSetRepository } from './assessment/weight-set.repository.js';
import { createViolationRepository } from './accountability/accountability.repository.js';
import { createAccountabilityService } from './accountability/accountability.service.js';
import { createBoardService } from './supervision/board.service.js';
import { createCorrectionNoticeRepository } from './supervision/correction-notice.repository.js';
import { createCorrectionNoticeService } from './supervision/correction-notice.service.js';
import { createReportFactsRepository } from './report/report-facts.repository.js';
import { createReportPdfRenderer } from './report/report-pdf.js';
import { createReportRepository } from './report/report.repository.js';
import { createReportService } from './report/report.service.js';
import { createServicePackageRepository } from './package/service-package.repository.js';
import { createPackageGovernanceService } from './package/package-governance.service.js';
import { createPackageApplicationRepository } from './package/package-application.repository.js';
import { createPackageApplicationService } from './package/package-application.service.js';

/** A message that nobody waits for yet is kept this long (a supplement may come before the process waits for it). */
const MESSAGE_TTL_MS = 3_600_000;


/** Wires the domain services to the real store and to the engine's ports (given by api/ or workers/). */
export function createDomainServices(deps: { engine: EnginePort; config: Pick<Config, 'office' | 'appointments' | 'security' | 'uploads' | 'audit' | 'documents' | 'certificates'> & Partial<Pick<Config, 'accountability'>>; log: Logger; notifier?: Notifier; sms?: SmsGateway; storage?: FileStorage }) {
  const { engine, log } = deps;
  const { office, security } = deps.config;
  // the State Council's holiday notices the service office recorded come first (then the package, then the statute)
  const holidayNotices = createHolidayNoticeRepository();
  const noticeOverlay = createNoticeOverlay(holidayNotices);
  const calendarSettings = { officeHours: office.hours, utcOffsetMinutes: office.utcOffsetMinutes };
  const calendar = createWorkingCalendar(calendarSettings, noticeOverlay);
  const sequences = createSequenceRepository();
  const applicationsRepo = createApplicationRepository();
  const items = createServiceItemRepository();
  const units = createUnitRepository();
  const records = createOperatorRecordRepository();
  const cards = createCardRepository();
  const auditRepo = createAuditRepository();
  const audit = createAuditService({ repo: auditRepo, retentionDays: deps.config.audit.retentionDays, log });
  const sessionsRepo = createSessionRepository();
  const appointmentsRepo = createAppointmentRepository();
  const accountsRepo = createAccountRepository();
  const stepDeadlineRepo = createStepDeadlineRepository();
  const stepDeadlines = createStepDeadlineService({ deadlines: stepDeadlineRepo, calendar, applications: applicationsRepo, items, audit, refreshCalendar: () => noticeOverlay.refresh() });
  const tasksRepo = createTaskRepository();
  const tasks = createTaskService({
    tasks: tasksRepo, applications: applicationsRepo, deadlines: stepDeadlines, records, engine: engine.userTasks, audit,
    units,
    otherCase: async (key) => {
      const r = await requisitions.byProcessInstance(key);
      if (r) return { number: r.requisitionNumber, communityCode: r.communityCode };
      const a = await appointmentsRepo.byProcessInstance(key);
      if (a) return { number: a.appointmentNumber, communityCode: a.communityCode, kind: CaseKind.Appointment };
      const c = await consultations.byProcessInstance(key);
      if (c) return { number: c.consultationNumber, communityCode: null, kind: CaseKind.Consultation, itemCode: c.itemCode };
      const z = await rectifications.byProcessInstance(key);
      if (z) return { number: z.rectificationId, communityCode: null, kind: CaseKind.Rectification, itemCode: z.itemCode };
      const t = await complaints.byProcessInstance(key);
      if (t) return { number: t.complaintNumber, communityCode: null, kind: CaseKind.Complaint, itemCode: null };
      const pk = await packageApplications.byProcessInstance(key);
      return pk ? { number: pk.packageNumber, communityCode: pk.communityCode, kind: CaseKind.Package, itemCode: null } : null;
    },
  });
  const statistics = createStatisticsService({ applications: applicationsRepo, cards });
  const engineHistory = createEngineHistoryService({ history: createEngineHistoryRepository() });
  const incidents = createIncidentService({ incidents: createIncidentRepository(), applications: applicationsRepo, engine, audit });
  const serials = createPrintSerialService({ stock: createPrintSerialRepository(), applications: applicationsRepo, items, records, audit });
  const processEngine = {
    startInstance: (processId: string, variables: Record<string, unknown>, businessKey?: string) => engine.startInstance(processId, variables, businessKey ? { businessKey } : undefined),
    publishMessage: (name: string, correlationKey: string, variables: Record<string, unknown>) => engine.publishMessage({ name, correlationKey, variables, timeToLiveMs: MESSAGE_TTL_MS }),
  };
  const requisitions = createRequisitionService({ requisitions: createRequisitionRepository(), serials, items, sequences, engine: processEngine, audit, caseStarted: (key) => tasks.attachCase(key) });
  /** 在线咨询 (seed 001 §4(2)): answered by the item's department within 1 working day */
  const consultations = createConsultationService({
    consultations: createConsultationRepository(), items, sequences, engine: processEngine, tasks, audit, caseStarted: (key) => tasks.attachCase(key),
    // the asker reads the answer in the portal, and by text message when their account has a phone
    notifyAnswer: async (c, now) => {
      const notice = answerNotice(c);
      // the answer stands even when the message cannot go out now; the notice is stored and the failure logged
      await notifications.notifyPerson(notice, now).catch((err: unknown) => log.warn({ err, consultation: c.consultationNumber }, 'answer notice not sent'));
    },
  });
  /** 差评整改 (seed 004 §37): every bad review's process; the 好差评 office is the top unit's service office */
  const rectifications = createRectificationService({
    rectifications: createRectificationRepository(), engine: processEngine, tasks, deadlines: stepDeadlines, audit, log, caseStarted: (key) => tasks.attachCase(key),
    officeUnit: async () => (await units.list()).find((u) => !u.parentCode)?.code ?? 'OFFICE',
    notifyReviewer: (notice, now) => notifications.notifyPerson(notice, now),
    upheld: (r, now) => accountability.fromBadReview(r, now),
  });
  /** 投诉建议 (seed 004 §28–34): intake within 1 working day, handled within its category's limit, followed up */
  const complaints = createComplaintService({
    complaints: createComplaintRepository(), sequences, engine: processEngine, calendar, tasks, deadlines: stepDeadlines, audit,
    unitExists: async (code) => !!(await units.get(code)), caseStarted: (key) => tasks.attachCase(key),
    // every complainant of the case reads the answer in the portal, and by text message when their account has a phone
    notify: async (to, c, text, now) => {
      const notice = { key: `complaint:${c.complaintNumber}:${c.state}:${c.reopened ?? 0}:${to.username}`, kind: NoticeKind.ComplaintAnswered, username: to.username,
        subject: { kind: 'complaint', id: to.complaintNumber }, itemCode: null, unit: c.unitCode, text };
      await notifications.notifyPerson(notice, now).catch((err: unknown) => log.warn({ err, complaint: c.complaintNumber }, 'complaint notice not sent'));
    },
    upheld: (c, now) => accountability.fromComplaint(c, now),
  });
  const changeRequests = createChangeRequestRepository();
  /** 主题式/套餐式服务 (seed 004 §19): package definitions under the items' four-eyes change requests, and their cases */
  const packages = createPackageGovernanceService({
    packages: createServicePackageRepository(), requests: changeRequests, items, sequences, audit, utcOffsetMinutes: office.utcOffsetMinutes,
    departmentName: async (code) => { const u = await units.get(code); return u?.kind === 'department' ? u.name : null; },
  });
  const packageApplications = createPackageApplicationService({
    cases: createPackageApplicationRepository(), packages, items, units, sequences, engine: processEngine, deadlines: stepDeadlines, audit,
    tasksOf: (n) => tasks.list({ caseNumber: n }), caseStarted: (key) => tasks.attachCase(key), utcOffsetMinutes: office.utcOffsetMinutes,
    notify: (notice, now) => notifications.notifyPerson(notice, now),
  });
    const escalation = createEscalationService({ cards, tasks, deadlines: stepDeadlines, records, applications: applicationsRepo, audit, redCard: (card, now) => accountability.fromRedCard(card, now) });
  const processModels = createProcessModelService({
    versions: createProcessVersionRepository(),
    engine: {
      deploy: async (name, xml) => {
        const r = await engine.deploy([{ name, xml }]);
        return { deploymentKey: r.deploymentKey, processes: r.processes.map((p) => ({ processId: p.processId, version: p.version, processDefinitionKey: p.definitionKey })) };
      },
    },
    audit,
    // the embedded engine runs a subset of Camunda 8 BPMN: check and save say so before deploy would
    target: engine.kind,
  });
  const applications = createApplicationService({
    applications: applicationsRepo, archives: createArchiveRepository(), items, sequences, units, engine: processEngine, audit, caseStarted: (key) => tasks.attachCase(key),
    movedSince: async (key, since) => (await engineHistory.ofProcessInstance(key)).some((e) => e.kind === 'element.completed' && e.at.getTime() >= since.getTime()),
    officeDay: (at) => calendar.localDate(at),
  });
  const notices = createNoticeRepository();
  const notifications = createNotificationService({ notices, applications: applicationsRepo, notifier: deps.notifier ?? createSmsNotifier(deps.sms ?? createStoredSmsGateway(createSmsOutboxRepository(), log), log), audit,
    phoneOf: async (username) => (await accountsRepo.get(username))?.phone ?? null,
  });
  const accounts = createAccountService({ passwordMinLength: security.passwordMinLength }, {
    accounts: accountsRepo, throttle: createLoginThrottleRepository({ maxFailures: security.maxFailures, holdMinutes: security.lockMinutes }), audit, sessions: sessionsRepo,
  });
  /** 问责 (seed 001 §31): window violations from cards, complaints, reviews and refusals walk the ladder */
  const accountability = createAccountabilityService({
    violations: createViolationRepository(), sequences, audit, accounts, log, resetMonths: deps.config.accountability?.resetMonths ?? 12,
    completedBy: async (caseNumber, step) => (await tasks.list({ caseNumber })).find((t) => t.step === step && t.state === 'completed')?.completedBy ?? null,
    notify: (notice, now) => notifications.notifyPerson(notice, now),
  });
  const appointmentSettings = deps.config.appointments;
  const appointments = createAppointmentService({
    appointments: appointmentsRepo, plan: createSlotPlan(calendar, { slotMinutes: appointmentSettings.slotMinutes, daysAhead: appointmentSettings.daysAhead }),
    capacityOf: (code) => appointmentSettings.capacityByUnit[code] ?? appointmentSettings.capacity, reminderHours: appointmentSettings.reminderHours,
    items, units, applications: applicationsRepo, sequences, engine: { ...processEngine, cancelInstance: (key) => engine.cancelInstance(key) }, tasks, audit,
    notify: (notice, now) => notifications.notifyPerson(notice, now),
  });
  // the certificate keys are read (or, unconfigured, generated once) on first use; a failed read is tried again
  let keyRing: Promise<KeyRing> | undefined;
  const keys = () => {
    keyRing ??= loadKeyRing(deps.config.certificates).catch((err: unknown) => {
      keyRing = undefined;
      throw err;
    });
    return keyRing;
  };
  const auditTimeline = createAuditTimelineService({
    applications: applicationsRepo, audit: auditRepo, deadlines: stepDeadlines, history: engineHistory,
    cardsOf: (n) => escalation.cardsOf(n), tasksOf: (n) => tasks.list({ caseNumber: n }), modelOf: (p, v) => processModels.byEngineVersion(p, v),
  });
  // the kinds of case that can be rated (好差评); consultations and appointments register theirs alongside
  const ratingSubjects = createSubjectRegistry();
  ratingSubjects.register('application', applicationSubject({ applications: applicationsRepo, tasksOf: (n) => tasks.list({ caseNumber: n }) }));
  // an answered consultation is rated by whoever asked it; it has no window
  ratingSubjects.register('consultation', async (id) => {
    const asked = await consultations.forEvaluation(id);
    return asked && { ...asked, agentUsername: asked.askerUsername, title: null, windowUnit: null };
  });
  ratingSubjects.register('appointment', async (id) => {
    const booked = await appointments.forEvaluation(id);
    // the booker rates it (an applicant, or the proxy agent who booked for a client); the community's window took
    // it, so its evaluator may record the rating too
    return booked && { ...booked, agentUsername: booked.askerUsername, title: null, windowUnit: booked.parties.find((p) => p.kind === 'department')?.unitCode ?? null };
  });
  /** 量化考核 (seed 001 §13, §30): eight dimensions per unit and period, ranked with the weights the service office approved */
  const assessment = createAssessmentService({
    units, items, consultations: createConsultationRepository(), appointments: appointmentsRepo, tasks: createTaskRepository(), cards,
    deadlines: createStepDeadlineRepository(), ratings: createEvaluationRepository(), rectifications: createRectificationRepository(),
    complaints: createComplaintRepository(), applications: applicationsRepo, weightSets: createWeightSetRepository(), sequences, audit,
    utcOffsetMinutes: office.utcOffsetMinutes, clock: () => engine.now(),
  });
  return {
    /** counts for supervision (seed 001 §28–30); practice cases never count (seed 000 §19) */
    statistics: () => statistics.counts(),
    now: () => engine.now(),
    audit,
    calendar,
    /** 国务院放假安排: the service office records a year's holiday notice; open deadlines move with it */
    holidayCalendar: createHolidayCalendarService({
      notices: holidayNotices, overlay: noticeOverlay, settings: calendarSettings, calendar, deadlines: stepDeadlineRepo, tasks: tasksRepo, audit,
      moveTimers: engine.moveTimers ? (key, elementId, values) => engine.moveTimers!(key, elementId, values) : undefined,
    }),
    items,
    units,
    itemGovernance: createItemGovernanceService({
      items, requests: changeRequests, evaluations: createItemEvaluationRepository(), applications: applicationsRepo, units, sequences, audit,
      utcOffsetMinutes: office.utcOffsetMinutes,
    }),
    guides: createServiceGuideService({ items, units }),
    /** online appointments at the community windows (在线预约, seed 001 §4(3)) */
    appointments,
    records,
    stepDeadlines,
    tasks,
    applications,
    steps: createStepService({ tasks, applications, requisitions, serials, appointments }),
    /** the material files of a task's case, for its operator */
    caseFiles: createCaseFileService({ tasks, applications: applicationsRepo, storage: deps.storage ?? unavailableStorage }),
    escalation,
    auditTimeline,
    serials,
    requisitions,
    consultations,
    complaints,
    packages,
    packageApplications,
    processModels,
    materials: createMaterialService({ applications: applicationsRepo, storage: deps.storage ?? unavailableStorage, maxBytes: deps.config.uploads.maxBytes }),
    accounts,
    accountability,
    sessions: createSessionService({ idleMinutes: security.idleMinutes, refreshHours: security.refreshHours }, { sessions: sessionsRepo, audit }),
    engineHistory,
    incidents,
    /** every engine event comes in here, whichever engine runs */
    engineEvents: createEngineEventService({ tasks, incidents, history: engineHistory, log }),
    /** the applicant's view of their case: steps with their times, the expected completion, the notices to them */
    journeys: createApplicationJourneyService({ applications: applicationsRepo, notices, tasksOf: (n) => tasks.list({ caseNumber: n }) }),
    notifications,
    documentNumbers: createDocumentNumberService({ numbers: createDocumentNumberRepository(), sequences }),
    /** electronic certificates (电子证照, seed 004 §40): signed at close, checked by anyone, revoked by the issuing department */
    certificates: createCertificateService({
      certificates: createCertificateRepository(), applications: applicationsRepo, items, units, audit, keys, log,
      renderer: createCertificateRenderer(deps.config.documents), publicBaseUrl: deps.config.certificates.publicBaseUrl, utcOffsetMinutes: office.utcOffsetMinutes,
    }),
    /** 好差评 (seed 004 §35–37): ratings of ended cases; a bad review opens a rectification */
    evaluations: createEvaluationService({
      ratings: createEvaluationRepository(), subjects: ratingSubjects, audit, applications: applicationsRepo, utcOffsetMinutes: office.utcOffsetMinutes,
      nextRectificationNumber: (year) => sequences.next(`rectification:${year}`), rectificationOpened: (r) => rectifications.opened(r),
    }),
    rectifications,
    assessment,
    /** 日统计、周通报、月总结、季考核 (seed 001 §30); the quarterly ranking source is connected when it exists */
    reports: createReportService({
      reports: createReportRepository(), facts: createReportFactsRepository(), units, calendar, audit, renderPdf: createReportPdfRenderer(deps.config.documents),
      engine: processEngine,
      // the quarterly assessment's ranking: the eight dimensions with the weights in force (量化考核)
      ranking: { rank: (period) => assessment.rank(period.key) },
    }),
    /** the case's written notices as PDF (receipt, one-time supplement notice, refusal notice) */
    documents: createDocumentService({
      applications: applicationsRepo, items, units, notices, audit, renderer: createPdfRenderer(deps.config.documents), utcOffsetMinutes: office.utcOffsetMinutes,
    }),
    /** breach forecast (超时预测) per open step and case, from the recorded step history */
    forecast: createForecastService({ tasks, calendar }),
    /** the supervisor's live board (实时监控, seed 000 §15, §30): open steps, cards as they fall, time left */
    board: createBoardService({ tasks, cards, units, practiceNumbers: () => applicationsRepo.practiceNumbers(), calendar }),
    /** 督办 (seed 000 §30, 001 §30): correction notices to an operator or a unit, read and answered in writing */
    correctionNotices: createCorrectionNoticeService({
      notices: createCorrectionNoticeRepository(), accounts: accountsRepo, units, sequences, audit, utcOffsetMinutes: office.utcOffsetMinutes,
    }),
  };
}
export type DomainServices = ReturnType<typeof createDomainServices>;

/** Processes that store no files (the workers) get a storage that says so. */
const unavailableStorage: FileStorage = {
  put: () => Promise.reject(new Error('no file storage in this process')),
  remove: () => Promise.reject(new Error('no file storage in this process')),
  read: () => {
    throw new Error('no file storage in this process');
  },
};
