import { DomainError, ErrorKind, isDuplicateKey } from '../shared/domain-error.js';
import type { SequenceRepository } from '../sequence/sequence.repository.js';
import type { DocumentNumberRepository } from './document-number.repository.js';

export interface DocumentNumberDeps {
  numbers: DocumentNumberRepository;
  sequences: SequenceRepository;
}

const ITEM_CODE = /^[A-Z0-9-]{2,32}$/;

/** Issues certificate / approval document numbers, unique per item and year, one per application. */
export function createDocumentNumberService({ numbers, sequences }: DocumentNumberDeps) {
  return {
    /** Safe to call again for the same application: it returns the number issued the first time. */
    async issue(applicationNumber: string, itemCode: string, now: Date): Promise<{ number: string; issuedAt: Date; reused: boolean }> {
      if (!ITEM_CODE.test(itemCode)) {
        throw new DomainError('ITEM_CODE_INVALID', ErrorKind.Validation, {
          zh: `事项编码 ${JSON.stringify(itemCode)} 须为 2–32 位大写字母、数字或连字符`, en: `item code ${JSON.stringify(itemCode)} must be 2–32 capital letters, digits or dashes`,
        });
      }
      const existing = await numbers.findByApplication(applicationNumber);
      if (existing) return { number: existing.number, issuedAt: existing.issuedAt, reused: true };
      const issuedAt = now;
      const year = issuedAt.getUTCFullYear();
      const seq = await sequences.next(`document-number:${itemCode}:${year}`);
      const number = `${itemCode}-${year}-${String(seq).padStart(6, '0')}`;
      try {
        await numbers.insert({ applicationNumber, itemCode, year, number, issuedAt });
        return { number, issuedAt, reused: false };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // A second delivery of the same job won the race; its number stands (this one leaves a gap).
        const winner = await numbers.findByApplication(applicationNumber);
        if (!winner) throw err;
        return { number: winner.number, issuedAt: winner.issuedAt, reused: true };
      }
    },
  };
}
export type DocumentNumberService = ReturnType<typeof createDocumentNumberService>;
