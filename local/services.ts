import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { ServerProcess } from './child.js';
import { startEngine, waitForEngine } from './engine.js';
import { startStore } from './store.js';

export const TOOLS_DIR = resolve('.local');

/**
 * Starts what the configuration does not point elsewhere: the MongoDB-wire store without MONGODB_URI,
 * the Zeebe broker without ZEEBE_GRPC_ADDRESS / ZEEBE_REST_ADDRESS. Resolves when both answer.
 * `beforeEngine` runs once the store is up and before the broker starts: the API listens by then, so the
 * broker's exporter reaches it from its first record instead of backing off.
 */
export async function startLocalServices(config: Config, log: Logger, beforeEngine?: () => Promise<void>) {
  const started: ServerProcess[] = [];
  const stop = async () => {
    await Promise.all(started.reverse().map((p) => p.stop()));
  };
  try {
    const storeReady = config.store.local
      ? startStore({ dataDir: join(config.dataDir, 'store'), port: config.store.localPort, logFile: join(config.dataDir, 'logs', 'store.log'), log }).then((s) => {
          started.push(s);
          log.info({ uri: config.store.uri }, 'local store ready');
        })
      : Promise.resolve(log.info('using the store at MONGODB_URI'));
    await storeReady;
    await beforeEngine?.();

    let engine: ServerProcess | undefined;
    if (config.engine.local) {
      engine = await startEngine({
        toolsDir: join(TOOLS_DIR, 'engine'),
        dataDir: join(config.dataDir, 'zeebe'),
        logFile: join(config.dataDir, 'logs', 'engine.log'),
        ports: config.engine.localPorts,
        clockControlled: config.engine.clockControlled,
        javaHome: config.engine.javaHome,
        events: config.engineEventsToken ? { url: `http://127.0.0.1:${config.http.port}/internal/engine/user-task-events`, token: config.engineEventsToken } : undefined,
        log,
      });
      started.push(engine);
    } else {
      log.info({ grpc: config.engine.grpcAddress, rest: config.engine.restAddress }, 'using the engine at the configured address');
    }
    await waitForEngine(config.engine.restAddress, engine);
    log.info({ rest: config.engine.restAddress }, 'engine ready');
    return { stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
