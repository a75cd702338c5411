import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';

// Client input never reaches a filter as an operator: fields filtered on are cast to their schema type.
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);

/**
 * Opens the store connection (mongoose's default connection, which the domain models use). `migrate` (the domain's
 * `migrateStore`) runs once the indexes are in place, before the caller reads or writes anything.
 */
export async function connectStore(uri: string, log: Logger, migrate?: (log: Logger) => Promise<void>): Promise<Connection> {
  // a store that does not answer makes a request fail within seconds (503), never hang; the driver reconnects by itself
  await mongoose.connect(uri, { serverSelectionTimeoutMS: 5_000, socketTimeoutMS: 20_000, autoIndex: false });
  // Build every registered model's indexes before the first write: the unique indexes carry business
  // rules, and the local wire server fails writes that race an index build on the same collection.
  const models = mongoose.modelNames().map((name) => mongoose.model(name));
  for (const model of models) {
    await model.createCollection().catch(() => undefined);
    await model.createIndexes();
  }
  log.info({ db: mongoose.connection.name, models: models.length }, 'store connected, indexes in place');
  await migrate?.(log);
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
