import { archiveCase } from './archive-case.worker.js';
import { closeCase } from './close-case.worker.js';
import { computeStepDeadline } from './compute-step-deadline.worker.js';
import { generateDocumentNumber } from './generate-document-number.worker.js';
import { notifyParty } from './notify-party.worker.js';
import { recordCard } from './record-card.worker.js';
import { recordDeemedApproval } from './record-deemed-approval.worker.js';
import { usePrintSerial } from './use-print-serial.worker.js';
import type { WorkerDefinition } from './worker.js';

/** Every job worker of the platform; the contract test checks this list against processes/. */
export const workers = [
  archiveCase, closeCase, computeStepDeadline, generateDocumentNumber, notifyParty, recordCard, recordDeemedApproval, usePrintSerial,
] as unknown as readonly WorkerDefinition[];
