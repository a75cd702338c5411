import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';

/** What an electronic certificate (电子证照, seed 004 §40) states; the signature covers exactly this. */
export interface CertificatePayload {
  kind: 'e-certificate';
  version: 1;
  certificateId: string;
  /** 证照编号: the certificate number the decider's step generated */
  certificateNumber: string;
  /** 印字号 of the paper form it was printed on (on-site certificates); null for online ones */
  printSerial: string | null;
  certificateType: string;
  itemCode: string;
  itemName: string;
  applicationNumber: string;
  holder: { type: string; name: string; idNumber: string };
  issuer: { code: string; name: string };
  issuedAt: string;
  /** null: valid without an end date (长期有效) */
  validUntil: string | null;
  verifyUrl: string;
}

export interface CertificateSignature { alg: 'Ed25519'; keyId: string; value: string }
/** The signed document the holder keeps and anyone may check: the payload and its signature. */
export interface SignedCertificate { payload: CertificatePayload; signature: CertificateSignature }

/** The exact bytes that are signed: RFC 8785 canonical JSON (sorted keys, no spaces), so every signer and checker agree. */
export function signedBytes(payload: unknown): Buffer {
  return Buffer.from(canonicalize(payload), 'utf8');
}

export function signPayload(payload: CertificatePayload, signer: { keyId: string; privateKey: KeyObject }): SignedCertificate {
  const value = sign(null, signedBytes(payload), signer.privateKey).toString('base64url');
  return { payload, signature: { alg: 'Ed25519', keyId: signer.keyId, value } };
}

export type SignatureCheck = { valid: true } | { valid: false; reason: 'unknown-key' | 'bad-signature' | 'malformed' };

/** Checks a signed document against the known public keys, by its key id. */
export function checkSignature(doc: { payload: unknown; signature: { alg?: unknown; keyId?: unknown; value?: unknown } }, known: ReadonlyMap<string, { publicKey: KeyObject }>): SignatureCheck {
  const { alg, keyId, value } = doc.signature;
  if (alg !== 'Ed25519' || typeof keyId !== 'string' || typeof value !== 'string' || !/^[A-Za-z0-9_-]{86}$/.test(value)) return { valid: false, reason: 'malformed' };
  const key = known.get(keyId);
  if (!key) return { valid: false, reason: 'unknown-key' };
  let bytes: Buffer;
  try {
    bytes = signedBytes(doc.payload);
  } catch {
    return { valid: false, reason: 'malformed' };
  }
  return verify(null, bytes, key.publicKey, Buffer.from(value, 'base64url')) ? { valid: true } : { valid: false, reason: 'bad-signature' };
}
