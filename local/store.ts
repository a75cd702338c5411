import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { ensureDir, isStale, run, startServer, type ServerProcess } from './child.js';
import { findJava } from './java.js';

const project = join(dirname(fileURLToPath(import.meta.url)), 'mongo-wire');

/** Builds the MongoDB-wire launcher with Maven once (its dependencies come from Maven Central). */
export async function ensureStore(log: Logger): Promise<string> {
  const jar = join(project, 'target', 'mongo-wire-1.0.0.jar');
  if (existsSync(join(project, 'target', 'lib')) && !isStale(jar, [join(project, 'pom.xml'), join(project, 'src')])) return jar;
  log.info('building the local MongoDB-wire store with Maven (first run only)');
  await run('mvn', ['-B', '-q', '-f', join(project, 'pom.xml'), 'package']);
  return jar;
}

/**
 * Starts mongo-java-server on its H2 file backend, bound to loopback; resolves once it accepts connections.
 * The launcher (local/mongo-wire) commits every write to the file before acknowledging it, so an acknowledged
 * write survives a kill of the store process, and it uses secondary and unique indexes to answer queries.
 * STORE_FSYNC=1 in the environment also forces each write to the disk (survives a crash of the machine).
 */
export async function startStore(options: { dataDir: string; port: number; logFile: string; log: Logger }): Promise<ServerProcess> {
  const jar = await ensureStore(options.log);
  const java = findJava(17);
  const file = join(resolve(ensureDir(options.dataDir)), 'store.mv');
  options.log.info({ port: options.port, file }, 'starting the local MongoDB-wire store');
  const server = startServer('store', java.bin, ['-Xmx1g', '-cp', `${jar}:${join(project, 'target', 'lib')}/*`, 'platform.local.WireServer', file, String(options.port)], {
    logFile: options.logFile,
  });
  await new Promise<void>((ready, failed) => {
    const timer = setTimeout(() => failed(new Error('the local store did not start within 60s; see its log file')), 60_000);
    server.onLine((line) => {
      if (line.startsWith('READY')) { clearTimeout(timer); ready(); }
    });
    void server.exited.then((code) => { clearTimeout(timer); failed(new Error(`the local store exited with code ${code} while starting (is port ${options.port} taken?); see ${options.logFile}`)); });
  });
  return server;
}

/** The pid of the store's Java process itself (startServer's pid is its guard's), for a crash test to kill it. */
export function storeJavaPid(server: ServerProcess): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === server.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('platform.local.WireServer')) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  return undefined;
}
