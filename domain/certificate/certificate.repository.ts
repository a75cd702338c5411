import { isDuplicateKey } from '../shared/domain-error.js';
import { CertificateModel, CertificateStatus } from './certificate.model.js';

/** A stored electronic certificate, as the repository answers it. */
export interface StoredCertificate {
  certificateId: string; applicationNumber: string; printSerial: string | null;
  payload: unknown; signature: { alg: string; keyId: string; value: string };
  issuedAt: Date; status: CertificateStatus; revokedAt: Date | null; revokedBy: string | null; revokeReason: string | null;
}

export function createCertificateRepository() {
  const hide = { _id: 0 };
  return {
    /** Inserts; a second certificate for the same case is refused by the unique index and answers false. */
    async insert(record: StoredCertificate): Promise<boolean> {
      try {
        await CertificateModel.create(record);
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    async get(certificateId: string): Promise<StoredCertificate | null> {
      return CertificateModel.findOne({ certificateId }, hide).lean<StoredCertificate>();
    },
    async ofApplication(applicationNumber: string): Promise<StoredCertificate | null> {
      return CertificateModel.findOne({ applicationNumber }, hide).lean<StoredCertificate>();
    },
    async ofSerial(printSerial: string): Promise<StoredCertificate[]> {
      return CertificateModel.find({ printSerial }, hide).lean<StoredCertificate[]>();
    },
    /** Valid → revoked, once: answers null when it was revoked already (or does not exist). */
    async revoke(certificateId: string, by: { at: Date; by: string; reason: string }): Promise<StoredCertificate | null> {
      return CertificateModel.findOneAndUpdate(
        { certificateId, status: CertificateStatus.Valid },
        { $set: { status: CertificateStatus.Revoked, revokedAt: by.at, revokedBy: by.by, revokeReason: by.reason } },
        { new: true, projection: hide },
      ).lean<StoredCertificate>();
    },
  };
}
export type CertificateRepository = ReturnType<typeof createCertificateRepository>;
