import { DocumentNumberModel, type DocumentNumber } from './document-number.model.js';

export function createDocumentNumberRepository() {
  return {
    async findByApplication(applicationNumber: string): Promise<DocumentNumber | null> {
      return DocumentNumberModel.findOne({ applicationNumber }, { _id: 0 }).lean<DocumentNumber>();
    },
    /** Inserts; a second number for the same application is refused by the unique index. */
    async insert(record: DocumentNumber): Promise<void> {
      await DocumentNumberModel.create(record);
    },
  };
}
export type DocumentNumberRepository = ReturnType<typeof createDocumentNumberRepository>;
