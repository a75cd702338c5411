import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { DEV_KEY_ID, loadKeyRing } from '../../../domain/certificate/certificate-keys.js';
import { checkSignature, signPayload, signedBytes, type CertificatePayload } from '../../../domain/certificate/certificate-signature.js';

const payload = (): CertificatePayload => ({
  kind: 'e-certificate', version: 1, certificateId: 'EC0123456789ABCDEF0123', certificateNumber: 'DSZN-2026-000017', printSerial: 'DSZN-CERT-000123',
  certificateType: 'DSZN-CERT', itemCode: 'DSZN', itemName: '独生子女父母光荣证', applicationNumber: 'SQ2026000001',
  holder: { type: 'individual', name: '王小明', idNumber: '420704199001011234' }, issuer: { code: 'EZ-WSJ', name: '鄂州市卫生健康委员会' },
  issuedAt: '2026-03-02T03:04:05.000Z', validUntil: null, verifyUrl: 'https://zwfw.example.gov.cn/verify/EC0123456789ABCDEF0123',
});

describe('electronic certificate signature (Ed25519 over canonical JSON)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cert-keys-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const ring = (signingKeyId: string | null = null, keyDirConfigured = false) => loadKeyRing({ keyDir: dir, keyDirConfigured, signingKeyId });

  it('signs the same bytes whatever the order of the keys, and the signature verifies', async () => {
    const keys = await ring();
    const p = payload();
    const reordered = Object.fromEntries(Object.entries(p).reverse()) as unknown as CertificatePayload;
    expect(signedBytes(reordered).equals(signedBytes(p))).to.equal(true);
    const signed = signPayload(p, keys.signer);
    expect(signed.signature).to.include({ alg: 'Ed25519', keyId: DEV_KEY_ID });
    expect(checkSignature({ payload: reordered, signature: signed.signature }, keys.known)).to.deep.equal({ valid: true });
  });

  it('refuses a copy with one field changed, and one signed by a key it does not know', async () => {
    const keys = await ring();
    const signed = signPayload(payload(), keys.signer);
    const tampered = { ...signed.payload, holder: { ...signed.payload.holder, name: '王小红' } };
    expect(checkSignature({ payload: tampered, signature: signed.signature }, keys.known)).to.deep.equal({ valid: false, reason: 'bad-signature' });
    const later = { ...signed.payload, validUntil: '2099-01-01T00:00:00.000Z' };
    expect(checkSignature({ payload: later, signature: signed.signature }, keys.known)).to.deep.equal({ valid: false, reason: 'bad-signature' });

    const stranger = generateKeyPairSync('ed25519');
    const forged = signPayload(payload(), { keyId: 'elsewhere', privateKey: stranger.privateKey });
    expect(checkSignature(forged, keys.known)).to.deep.equal({ valid: false, reason: 'unknown-key' });
    // a stranger's signature under our key id does not pass either
    expect(checkSignature({ payload: forged.payload, signature: { ...forged.signature, keyId: DEV_KEY_ID } }, keys.known)).to.deep.equal({ valid: false, reason: 'bad-signature' });
  });

  it('generates the development key once and keeps it', async () => {
    const first = await ring();
    const pem = await readFile(join(dir, `${DEV_KEY_ID}.key.pem`), 'utf8');
    const again = await ring();
    expect(await readFile(join(dir, `${DEV_KEY_ID}.key.pem`), 'utf8')).to.equal(pem);
    expect(again.signer.fingerprint).to.equal(first.signer.fingerprint);
    expect(first.signer.fingerprint).to.match(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect((await readdir(dir)).sort()).to.deep.equal([`${DEV_KEY_ID}.key.pem`, `${DEV_KEY_ID}.pub.pem`]);
  });

  it('rotation: a certificate signed by the old key still verifies after a new key signs, even once only its public key is kept', async () => {
    const old = await ring();
    const signedOld = signPayload(payload(), old.signer);
    const next = generateKeyPairSync('ed25519');
    await writeFile(join(dir, '2027.key.pem'), next.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    const rotated = await ring('2027', true);
    expect(rotated.signer.keyId).to.equal('2027');
    const signedNew = signPayload(payload(), rotated.signer);
    expect(signedNew.signature.keyId).to.equal('2027');
    expect(checkSignature(signedOld, rotated.known)).to.deep.equal({ valid: true });
    expect(checkSignature(signedNew, rotated.known)).to.deep.equal({ valid: true });
    // the old private key retired: its public key alone still verifies what it signed
    await unlink(join(dir, `${DEV_KEY_ID}.key.pem`));
    const retired = await ring('2027', true);
    expect([...retired.known.keys()].sort()).to.deep.equal(['2027', DEV_KEY_ID]);
    expect(checkSignature(signedOld, retired.known)).to.deep.equal({ valid: true });
    // with the old public key gone too, what it signed is no longer accepted
    await unlink(join(dir, `${DEV_KEY_ID}.pub.pem`));
    expect(checkSignature(signedOld, (await ring('2027', true)).known)).to.deep.equal({ valid: false, reason: 'unknown-key' });
  });

  it('a configured directory without a private key stops the start with the reason', async () => {
    const err = await ring(null, true).then(() => null, (e: Error & { code?: string }) => e);
    expect(err?.code).to.equal('CERTIFICATE_KEYS_UNAVAILABLE');
    expect(err?.message).to.include('holds no private key');
    expect((err as unknown as { zh: string }).zh).to.include(dir);
  });
});
