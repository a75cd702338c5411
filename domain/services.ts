import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { createApplicationRepository } from './application/application.repository.js';
import { createApplicationService, type ProcessEngine } from './application/application.service.js';
import { createWorkingCalendar } from './deadline/working-calendar.js';
import { createStepDeadlineService } from './deadline/step-deadline.service.js';
import { createDocumentNumberRepository } from './document-number/document-number.repository.js';
import { createDocumentNumberService } from './document-number/document-number.service.js';
import { createEscalationService } from './escalation/escalation.service.js';
import { createOperatorRecordService } from './escalation/operator-record.service.js';
import { createIncidentService } from './incident/incident.service.js';
import { createLogNotifier } from './notification/log-notifier.js';
import { createNotificationService, type Notifier } from './notification/notification.service.js';
import { createUnitRepository } from './organisation/unit.repository.js';
import { createPrintSerialService } from './print-serial/print-serial.service.js';
import { createSequenceRepository } from './sequence/sequence.repository.js';
import { createServiceItemRepository } from './service-item/service-item.repository.js';
import { createTaskService, type UserTaskEngine } from './task/task.service.js';

export interface EnginePorts extends ProcessEngine {
  now(): Promise<Date>;
  userTasks: UserTaskEngine;
}


/** Wires the domain services to the real store and to the engine's ports (given by api/ or workers/). */
export function createDomainServices(deps: { engine: EnginePorts; office: Config['office']; log: Logger; notifier?: Notifier }) {
  const { engine, office, log } = deps;
  const calendar = createWorkingCalendar({ officeHours: office.hours, utcOffsetMinutes: office.utcOffsetMinutes });
  const sequences = createSequenceRepository();
  const applicationsRepo = createApplicationRepository();
  const items = createServiceItemRepository();
  const records = createOperatorRecordService();
  const stepDeadlines = createStepDeadlineService({ calendar, applications: applicationsRepo, items });
  const tasks = createTaskService({ applications: applicationsRepo, deadlines: stepDeadlines, records, engine: engine.userTasks });
  return {
    now: () => engine.now(),
    calendar,
    items,
    records,
    stepDeadlines,
    tasks,
    applications: createApplicationService({ applications: applicationsRepo, items, sequences, units: createUnitRepository(), engine }),
    escalation: createEscalationService({ tasks, deadlines: stepDeadlines, records, applications: applicationsRepo }),
    serials: createPrintSerialService(),
    incidents: createIncidentService({ applications: applicationsRepo }),
    notifications: createNotificationService({ applications: applicationsRepo, notifier: deps.notifier ?? createLogNotifier(log) }),
    documentNumbers: createDocumentNumberService({ numbers: createDocumentNumberRepository(), sequences }),
  };
}
export type DomainServices = ReturnType<typeof createDomainServices>;
