import { generateDocumentNumber } from './generate-document-number.worker.js';
import type { WorkerDefinition } from './worker.js';

/** Every job worker of the platform; the contract test checks this list against processes/. */
export const workers: readonly WorkerDefinition[] = [generateDocumentNumber as unknown as WorkerDefinition];
