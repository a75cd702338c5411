import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError, ErrorKind } from '../shared/domain-error.js';

/** One known public key: certificates signed with it verify, whether or not it still signs. */
export interface PublicKeyInfo { keyId: string; publicKey: KeyObject; fingerprint: string; pem: string }

/** The keys of the electronic certificates: several are known, one signs (rotation by key id). */
export interface KeyRing {
  signer: { keyId: string; privateKey: KeyObject; fingerprint: string };
  known: Map<string, PublicKeyInfo>;
}

export const DEV_KEY_ID = 'dev-1';
const PRIVATE = '.key.pem';
const PUBLIC = '.pub.pem';

/** SHA-256 of the public key's SPKI bytes, in hex pairs: what is printed beside the key id. */
export function fingerprintOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').match(/../g)!.join(':').toUpperCase();
}

function keyProblem(dir: string, why: { zh: string; en: string }): DomainError {
  return new DomainError('CERTIFICATE_KEYS_UNAVAILABLE', ErrorKind.Unavailable, {
    zh: `电子证照签名密钥不可用（目录 ${dir}）：${why.zh}`, en: `the electronic certificates' signing keys are unavailable (directory ${dir}): ${why.en}`,
  }, { keyDir: dir });
}

/** Writes a file only if none is there yet, all at once (a second process starting at the same moment keeps the first). */
async function writeOnce(path: string, text: string): Promise<boolean> {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  try {
    await link(temporary, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/** The development key pair: made on the first start without configured keys, and never made again. */
async function ensureDevelopmentKey(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const wrote = await writeOnce(join(dir, `${DEV_KEY_ID}${PRIVATE}`), privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  if (wrote) await writeOnce(join(dir, `${DEV_KEY_ID}${PUBLIC}`), publicKey.export({ type: 'spki', format: 'pem' }) as string);
}

/**
 * Reads the key directory: `<keyId>.key.pem` are private keys (each also known by its public half),
 * `<keyId>.pub.pem` public keys of retired signers. The signer is `signingKeyId`, or else the last private key
 * by name. Without a configured directory, a development pair is generated there once and kept.
 */
export async function loadKeyRing(options: { keyDir: string; keyDirConfigured: boolean; signingKeyId: string | null }): Promise<KeyRing> {
  const dir = options.keyDir;
  const names = async () => (await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw keyProblem(dir, { zh: `目录无法读取（${err.code}）`, en: `it cannot be read (${err.code})` });
  })).sort();
  let files = await names();
  if (!files.some((f) => f.endsWith(PRIVATE))) {
    if (options.keyDirConfigured) throw keyProblem(dir, { zh: '目录中没有私钥文件 <keyId>.key.pem', en: 'it holds no private key <keyId>.key.pem' });
    await ensureDevelopmentKey(dir);
    files = await names();
  }
  const known = new Map<string, PublicKeyInfo>();
  const privates = new Map<string, KeyObject>();
  for (const file of files) {
    const isPrivate = file.endsWith(PRIVATE);
    if (!isPrivate && !file.endsWith(PUBLIC)) continue;
    const keyId = file.slice(0, -(isPrivate ? PRIVATE : PUBLIC).length);
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(keyId)) continue;
    const text = await readFile(join(dir, file), 'utf8');
    let publicKey: KeyObject;
    try {
      if (isPrivate) {
        const privateKey = createPrivateKey(text);
        privates.set(keyId, privateKey);
        publicKey = createPublicKey(privateKey);
      } else {
        publicKey = createPublicKey(text);
      }
    } catch (err) {
      throw keyProblem(dir, { zh: `文件 ${file} 不是有效的 PEM 密钥（${(err as Error).message}）`, en: `${file} is not a PEM key (${(err as Error).message})` });
    }
    if (publicKey.asymmetricKeyType !== 'ed25519') throw keyProblem(dir, { zh: `文件 ${file} 不是 Ed25519 密钥`, en: `${file} is not an Ed25519 key` });
    known.set(keyId, { keyId, publicKey, fingerprint: fingerprintOf(publicKey), pem: publicKey.export({ type: 'spki', format: 'pem' }) as string });
  }
  const signerId = options.signingKeyId ?? [...privates.keys()].at(-1)!;
  const privateKey = privates.get(signerId);
  if (!privateKey) {
    throw keyProblem(dir, { zh: `签名密钥 ${signerId} 没有私钥文件 ${signerId}${PRIVATE}`, en: `the signing key ${signerId} has no private key file ${signerId}${PRIVATE}` });
  }
  return { signer: { keyId: signerId, privateKey, fingerprint: known.get(signerId)!.fingerprint }, known };
}
