import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Material files on local disk, one file per key; the SHA-256 is computed while writing. */
export function createLocalFileStorage(dir: string) {
  const root = resolve(dir);
  mkdirSync(root, { recursive: true });
  const path = (key: string) => {
    if (!/^[0-9a-f-]{36}$/.test(key)) throw new Error(`bad storage key ${key}`);
    return join(root, key);
  };
  return {
    async put(stream: Readable, maxBytes: number) {
      const key = randomUUID();
      const hash = createHash('sha256');
      let size = 0;
      let head = Buffer.alloc(0);
      let truncated = false;
      const out = createWriteStream(path(key));
      // a stream that fails midway (a form cut off) leaves no part of a file behind
      await pipeline(stream, async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          if (head.length < 16) head = Buffer.concat([head, chunk]).subarray(0, 16);
          size += chunk.length;
          if (size > maxBytes) {
            truncated = true;
            continue; // drain the rest without keeping it
          }
          hash.update(chunk);
          yield chunk;
        }
      }, out).catch(async (err: unknown) => {
        await rm(path(key), { force: true });
        throw err;
      });
      truncated ||= (stream as Readable & { truncated?: boolean }).truncated === true;
      return { key, size, sha256: hash.digest('hex'), head, truncated };
    },
    async remove(key: string) {
      await rm(path(key), { force: true });
    },
    read(key: string) {
      return createReadStream(path(key));
    },
  };
}
