import type { Readable } from 'node:stream';

/** Where uploaded material files live: local disk by default; an object store can take its place. */
export interface FileStorage {
  /** Stores the stream under a new key; reports size and SHA-256, and whether the size limit cut it short. */
  put(stream: Readable, maxBytes: number): Promise<{ key: string; size: number; sha256: string; head: Buffer; truncated: boolean }>;
  remove(key: string): Promise<void>;
  read(key: string): Readable;
}
