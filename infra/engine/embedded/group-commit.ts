import type { mongo } from 'mongoose';

/**
 * Group commit for one collection: the writes that the engine's commands make while the collection's previous
 * write is on its way to the store are sent together, as one unordered bulk write (one insert, one update and one
 * delete command, each one store commit), instead of one command each.
 *
 * Durability is that of a single write: every caller's promise settles only once the store has acknowledged the
 * bulk write that carries its operation (the local store commits before it answers), and with the outcome of its
 * own operation (its write error, if the store refused it). Nothing waits for a timer: when the collection has no
 * write on its way, a write goes out as soon as the commands running at that moment have queued theirs (one turn
 * of the event loop); under load a write waits at most for the write before it.
 *
 * The operations in one bulk write come from commands on different instances (one command at a time per instance,
 * and a caller awaits its write before its next), or are conditional on what they change (`rev`, `seq`); so any
 * order the store applies them in is an order they could have run in one by one.
 */

export type Outcome = {
  /**
   * Whether the update's filter matched a document: true or false when the bulk write says so for every update in
   * it (all matched), null when it cannot tell which of its updates matched (the caller finds out).
   */
  matched: boolean | null;
  /** an upsert inserted its document */
  upserted: boolean;
};

/** what a group may carry: an updateOne matches at most one document, which lets the counts say who matched */
export type GroupOp<T extends mongo.Document = mongo.Document> =
  | { insertOne: mongo.InsertOneModel<T> }
  | { updateOne: mongo.UpdateOneModel<T> }
  | { deleteOne: mongo.DeleteOneModel<T> }
  | { deleteMany: mongo.DeleteManyModel<T> };

type Queued<T extends mongo.Document> = { op: GroupOp<T>; resolve: (o: Outcome) => void; reject: (err: unknown) => void };

/** At most this many operations per bulk write (a command stays far below the store's message size). */
const MAX_BATCH = 256;

export class GroupWriter<T extends mongo.Document = mongo.Document> {
  private queue: Queued<T>[] = [];
  private sending = false;
  private scheduled = false;
  /** bulk writes sent, and operations in them (for the figures of a benchmark) */
  readonly stats = { batches: 0, operations: 0 };

  constructor(private readonly collection: () => mongo.Collection<T>) {}

  /** Queues one operation; resolves once the store has acknowledged the bulk write that carries it. */
  write(op: GroupOp<T>): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      this.queue.push({ op, resolve, reject });
      this.kick();
    });
  }

  private kick() {
    if (this.sending || this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    // the commands running now may have more to queue: go once they have
    setImmediate(() => {
      this.scheduled = false;
      void this.send();
    });
  }

  private async send() {
    if (this.sending || this.queue.length === 0) return;
    this.sending = true;
    const batch = this.queue.splice(0, MAX_BATCH);
    this.stats.batches += 1;
    this.stats.operations += batch.length;
    try {
      // one bulk write per kind of operation (each is one command anyway): the driver numbers the results of a
      // mixed unordered bulk write by their place in their own command, not in the list it was given
      const kinds = new Map<string, Queued<T>[]>();
      for (const q of batch) {
        const kind = 'insertOne' in q.op ? 'insert' : 'updateOne' in q.op ? 'update' : 'delete';
        const list = kinds.get(kind);
        if (list) list.push(q);
        else kinds.set(kind, [q]);
      }
      await Promise.all([...kinds.values()].map((group) => this.sendGroup(group)));
    } finally {
      this.sending = false;
      this.kick();
    }
  }

  /** One bulk write of operations of one kind; settles each caller with its own outcome. */
  private async sendGroup(group: Queued<T>[]) {
    const errors = new Map<number, unknown>();
    let result: mongo.BulkWriteResult;
    try {
      result = await this.collection().bulkWrite(group.map((q) => q.op as mongo.AnyBulkWriteOperation<T>), { ordered: false });
    } catch (err) {
      type WriteError = { index: number; code?: number; errmsg?: string; errInfo?: unknown };
      const bulk = err as { writeErrors?: unknown; result?: mongo.BulkWriteResult };
      const writeErrors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors as WriteError[] : bulk.writeErrors ? [bulk.writeErrors as WriteError] : [];
      if (!bulk.result || writeErrors.length === 0) {
        // the bulk write as a whole failed (the store is away): nobody's write is known to be done
        for (const q of group) q.reject(err);
        return;
      }
      result = bulk.result;
      // each refused operation's own error, with the store's code (11000: a duplicate key)
      for (const e of writeErrors) errors.set(e.index, Object.assign(new Error(e.errmsg ?? 'the store refused the write'), { code: e.code, errInfo: e.errInfo }));
    }
    const upserted = new Set(Object.keys(result.upsertedIds ?? {}).map(Number));
    let updates = 0;
    group.forEach((q, i) => { if (!errors.has(i) && 'updateOne' in q.op) updates += 1; });
    // an updateOne matches at most one document: when the counts add up, every update in the group matched
    const allMatched = result.matchedCount + result.upsertedCount >= updates;
    group.forEach((q, i) => {
      const err = errors.get(i);
      if (err) q.reject(err);
      else q.resolve({ matched: allMatched ? true : null, upserted: upserted.has(i) });
    });
  }
}

/**
 * The read side of the same idea: the reads by key that commands ask for at the same moment go to the store as one
 * query. A read is always answered by a query sent after it was asked (never by one already on its way), so it
 * sees every write acknowledged before it was asked.
 */
export class GroupReader<T> {
  private queue = new Map<string, { resolve: (v: T | null) => void; reject: (err: unknown) => void }[]>();
  private sending = false;
  private scheduled = false;

  constructor(private readonly fetch: (keys: string[]) => Promise<Map<string, T>>) {}

  load(key: string): Promise<T | null> {
    return new Promise<T | null>((resolve, reject) => {
      const waiting = this.queue.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else this.queue.set(key, [{ resolve, reject }]);
      this.kick();
    });
  }

  private kick() {
    if (this.sending || this.scheduled || this.queue.size === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.send();
    });
  }

  private async send() {
    if (this.sending || this.queue.size === 0) return;
    this.sending = true;
    const batch = this.queue;
    this.queue = new Map();
    try {
      const found = await this.fetch([...batch.keys()]);
      for (const [key, waiting] of batch) {
        // each caller its own copy (a command may change what it read)
        const value = found.get(key) ?? null;
        waiting.forEach((w, i) => w.resolve(i === 0 || value === null ? value : structuredClone(value)));
      }
    } catch (err) {
      for (const waiting of batch.values()) for (const w of waiting) w.reject(err);
    } finally {
      this.sending = false;
      this.kick();
    }
  }
}
