import { createDocumentNumberRepository } from '../domain/document-number/document-number.repository.js';
import { createDocumentNumberService } from '../domain/document-number/document-number.service.js';
import { createSequenceRepository } from '../domain/sequence/sequence.repository.js';

/** Wires the domain services the workers call to the real store. */
export function createDomainServices(now: () => Date = () => new Date()) {
  const sequences = createSequenceRepository();
  return {
    documentNumbers: createDocumentNumberService({ numbers: createDocumentNumberRepository(), sequences, now }),
  };
}
export type DomainServices = ReturnType<typeof createDomainServices>;
