import { acceptComplaint } from './accept-complaint.worker.js';
import { answerPackage } from './answer-package.worker.js';
import { allocatePrintSerials } from './allocate-print-serials.worker.js';
import { archiveCase } from './archive-case.worker.js';
import { bookPrintSerials } from './book-print-serials.worker.js';
import { checkStockArchives } from './check-stock-archives.worker.js';
import { closeCase } from './close-case.worker.js';
import { closeRequisition } from './close-requisition.worker.js';
import { computeStepDeadline } from './compute-step-deadline.worker.js';
import { generateDocumentNumber } from './generate-document-number.worker.js';
import { generateDueReports } from './generate-due-reports.worker.js';
import { notifyAppointment } from './notify-appointment.worker.js';
import { notifyParty } from './notify-party.worker.js';
import { recordCard } from './record-card.worker.js';
import { recordDeemedApproval } from './record-deemed-approval.worker.js';
import { usePrintSerial } from './use-print-serial.worker.js';
import { withdrawPrintSerials } from './withdraw-print-serials.worker.js';
import type { WorkerDefinition } from './worker.js';

/** Every job worker of the platform; the contract test checks this list against processes/. */
export const workers = [
  acceptComplaint, allocatePrintSerials, answerPackage, archiveCase, bookPrintSerials, checkStockArchives, closeCase, closeRequisition, computeStepDeadline,
  generateDocumentNumber, generateDueReports, notifyAppointment, notifyParty, recordCard, recordDeemedApproval, usePrintSerial, withdrawPrintSerials,
] as unknown as readonly WorkerDefinition[];
