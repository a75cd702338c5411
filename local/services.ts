import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { ServerProcess } from './child.js';
import { startStore } from './store.js';

/**
 * Starts what the configuration does not point elsewhere: the local MongoDB-wire store without MONGODB_URI.
 * The embedded engine runs inside the platform's own process; a Camunda 8 cluster is the operator's.
 */
export async function startLocalServices(config: Config, log: Logger) {
  const started: ServerProcess[] = [];
  const stop = async () => {
    await Promise.all(started.reverse().map((p) => p.stop()));
  };
  try {
    if (config.store.local) {
      started.push(await startStore({ dataDir: join(config.dataDir, 'store'), port: config.store.localPort, logFile: join(config.dataDir, 'logs', 'store.log'), log }));
      log.info({ uri: config.store.uri }, 'local store ready');
    } else {
      log.info('using the store at MONGODB_URI');
    }
    return { stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
