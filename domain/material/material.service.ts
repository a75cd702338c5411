import type { Readable } from 'node:stream';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import type { ApplicationRepository } from '../application/application.repository.js';
import type { FileStorage } from './file-storage.js';

/** The file types accepted for materials, recognised by their first bytes (not by what the client claims). */
const SIGNATURES: { type: string; test: (b: Buffer) => boolean }[] = [
  { type: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { type: 'image/png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
];
export const ACCEPTED_TYPES = SIGNATURES.map((s) => s.type);

export interface StoredFile { material: string; fileName: string; contentType: string; size: number; sha256: string; storageKey: string; uploadedBy: string; at: Date }

export function createMaterialService(deps: { applications: Pick<ApplicationRepository, 'attachFile'>; storage: FileStorage; maxBytes: number }) {
  return {
    /** Stores a material file of an application after checking its kind, size and that the item asks for it. */
    async upload(input: { applicationNumber: string; material: string; fileName: string; stream: Readable; uploadedBy: string; now: Date; allowedMaterials: string[] }): Promise<StoredFile> {
      if (!input.allowedMaterials.includes(input.material)) {
        input.stream.resume();
        throw new DomainError('MATERIAL_UNKNOWN', ErrorKind.Validation, {
          zh: `该事项不要求材料 ${JSON.stringify(input.material)}；要求的材料有：${input.allowedMaterials.join('、')}`,
          en: `the item does not ask for ${JSON.stringify(input.material)}; it asks for: ${input.allowedMaterials.join(', ')}`,
        });
      }
      const stored = await deps.storage.put(input.stream, deps.maxBytes);
      if (stored.truncated) {
        await deps.storage.remove(stored.key);
        throw new DomainError('FILE_TOO_LARGE', ErrorKind.TooLarge, { zh: `材料文件不能超过 ${deps.maxBytes} 字节`, en: `a material file may be at most ${deps.maxBytes} bytes` });
      }
      const kind = SIGNATURES.find((s) => s.test(stored.head));
      if (!kind) {
        await deps.storage.remove(stored.key);
        throw new DomainError('FILE_TYPE_REFUSED', ErrorKind.Validation, {
          zh: `只接受 ${ACCEPTED_TYPES.join('、')} 格式的文件（按文件内容判断）`, en: `only ${ACCEPTED_TYPES.join(', ')} files are accepted (checked by content)`,
        });
      }
      const file: StoredFile = {
        material: input.material, fileName: input.fileName.slice(0, 200), contentType: kind.type, size: stored.size, sha256: stored.sha256,
        storageKey: stored.key, uploadedBy: input.uploadedBy, at: input.now,
      };
      await deps.applications.attachFile(input.applicationNumber, { ...file });
      return file;
    },
  };
}
export type MaterialService = ReturnType<typeof createMaterialService>;
