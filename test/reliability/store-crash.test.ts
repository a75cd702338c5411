import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import mongoose, { type Connection } from 'mongoose';
import { pino } from 'pino';
import type { ServerProcess } from '../../local/child.js';
import { startStore, storeJavaPid } from '../../local/store.js';

// The local store on its own port and folder (not the suite's platform): acknowledged writes survive a SIGKILL.
const port = Number(process.env.STORE_CRASH_PORT ?? 27218);
const dataDir = resolve('data', 'test-crash');
const log = pino({ level: 'error' });
const uri = `mongodb://127.0.0.1:${port}/crash`;

function start(): Promise<ServerProcess> {
  return startStore({ dataDir, port, logFile: join(dataDir, 'store.log'), log });
}

function connect(): Promise<Connection> {
  return mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5_000, retryWrites: false, autoIndex: false }).asPromise();
}

describe('local store: acknowledged writes survive a SIGKILL of the store process', function () {
  this.timeout(60_000);
  let server: ServerProcess | undefined;

  before(() => rmSync(dataDir, { recursive: true, force: true }));
  after(async () => {
    await server?.stop();
  });

  it('loses none of the inserts and increments it acknowledged', async () => {
    server = await start();
    let conn = await connect();
    const docs = conn.db!.collection<{ _id: number; key: string; body: string }>('docs');
    const counters = conn.db!.collection<{ _id: string; value: number }>('counters');
    await docs.createIndex({ key: 1 }, { unique: true });
    await counters.insertOne({ _id: 'c', value: 0 });

    const acked: number[] = [];
    let increments = 0;
    let killed = false;
    const inserting = (async () => {
      for (let i = 0; i < 100_000 && !killed; i++) {
        try {
          await docs.insertOne({ _id: i, key: `k-${i}`, body: 'x'.repeat(300) });
        } catch {
          return; // the store died with this insert in flight: it was never acknowledged
        }
        acked.push(i);
      }
    })();
    const incrementing = (async () => {
      for (let i = 0; i < 100_000 && !killed; i++) {
        try {
          await counters.updateOne({ _id: 'c' }, { $inc: { value: 1 } });
        } catch {
          return;
        }
        increments++;
      }
    })();

    // kill at a random moment, 1.5 to 4 s into the writes
    await new Promise((r) => setTimeout(r, 1_500 + Math.random() * 2_500));
    const pid = storeJavaPid(server);
    expect(pid, 'the store Java process').to.be.a('number');
    process.kill(pid!, 'SIGKILL');
    killed = true;
    await server.exited;
    await Promise.all([inserting, incrementing]);
    await conn.close(true).catch(() => undefined);
    expect(acked.length, 'inserts acknowledged before the kill').to.be.greaterThan(50);

    server = await start();
    conn = await connect();
    const present = new Set((await conn.db!.collection('docs').find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id as unknown as number));
    const lost = acked.filter((id) => !present.has(id));
    expect(lost, `acknowledged inserts missing after the restart (of ${acked.length})`).to.deep.equal([]);
    // at most the one insert in flight when the process died may be there without having been acknowledged
    expect(present.size).to.be.within(acked.length, acked.length + 1);
    const counter = await conn.db!.collection<{ _id: string; value: number }>('counters').findOne({ _id: 'c' });
    expect(counter!.value, `counter after ${increments} acknowledged increments`).to.be.within(increments, increments + 1);
    // the unique index came back with the data
    const duplicate = await conn.db!.collection('docs').insertOne({ _id: -1 as never, key: `k-${acked[0]}` }).then(() => 'accepted', (err: { code?: number }) => err.code);
    expect(duplicate).to.equal(11000);
    await conn.close();
  });
});
