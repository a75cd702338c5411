import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';

// Client input never reaches a filter as an operator: fields filtered on are cast to their schema type.
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);

/** Opens the store connection (mongoose's default connection, which the domain models use). */
export async function connectStore(uri: string, log: Logger): Promise<Connection> {
  await mongoose.connect(uri, { serverSelectionTimeoutMS: 15_000, autoIndex: true });
  log.info({ db: mongoose.connection.name }, 'store connected');
  return mongoose.connection;
}

export async function pingStore(): Promise<{ ok: boolean; error?: string }> {
  try {
    const db = mongoose.connection.db;
    if (!db) return { ok: false, error: 'not connected' };
    await db.admin().ping();
    return { ok: true };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

export async function disconnectStore(): Promise<void> {
  await mongoose.disconnect();
}
