import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { ensureDir, isStale, run, startServer, type ServerProcess } from './child.js';
import { findJava } from './java.js';

/** The Camunda 8 release run locally: the newest camunda-zeebe distribution Maven can fetch that runs on our JDKs. */
export const ENGINE_VERSION = '8.6.0';
const ARTIFACT = `io.camunda:camunda-zeebe:${ENGINE_VERSION}:tar.gz`;
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

export interface LocalEngineOptions {
  /** where the distribution is unpacked (reused across runs) */
  toolsDir: string;
  /** the broker's data: running instances survive a restart */
  dataDir: string;
  logFile: string;
  ports: { grpc: number; rest: number; management: number };
  clockControlled: boolean;
  javaHome?: string;
  /** where the task-events exporter posts user-task events, and the secret it sends */
  events?: { url: string; token: string };
  log: Logger;
}

/** Fetches the engine distribution with Maven and unpacks it once; returns its folder. */
export async function ensureEngine(toolsDir: string, log: Logger): Promise<string> {
  const home = resolve(toolsDir, `camunda-zeebe-${ENGINE_VERSION}`);
  if (existsSync(join(home, 'lib'))) return home;
  const downloads = ensureDir(resolve(toolsDir, 'downloads'));
  log.info({ artifact: ARTIFACT }, 'fetching the Zeebe engine with Maven (first run only, about 300 MB)');
  await run('mvn', ['-B', '-q', `${DEPENDENCY_PLUGIN}:copy`, `-Dartifact=${ARTIFACT}`, `-DoutputDirectory=${downloads}`]);
  const archive = readdirSync(downloads).find((f) => f.startsWith(`camunda-zeebe-${ENGINE_VERSION}`) && f.endsWith('.tar.gz'));
  if (!archive) throw new Error(`Maven reported success but no engine archive is in ${downloads}`);
  log.info('unpacking the engine');
  await run('tar', ['-xzf', join(downloads, archive), '-C', resolve(toolsDir)]);
  return home;
}

const exporterProject = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'exporter');

/** Builds the task-events exporter (our own, in exporter/) with Maven once; it compiles against Zeebe's Java 21 API. */
export async function ensureExporter(log: Logger, javaHome?: string): Promise<string> {
  const jar = join(exporterProject, 'target', 'task-events-exporter.jar');
  if (!isStale(jar, [join(exporterProject, 'pom.xml'), join(exporterProject, 'src')])) return jar;
  log.info('building the task-events exporter with Maven (first run only)');
  await run('mvn', ['-B', '-q', '-f', join(exporterProject, 'pom.xml'), 'package'], { env: { JAVA_HOME: findJava(21, javaHome).home } });
  return jar;
}

/** Starts a single-node Zeebe broker with its embedded gateway, bound to loopback, without secondary storage. */
export async function startEngine(options: LocalEngineOptions): Promise<ServerProcess> {
  const home = await ensureEngine(options.toolsDir, options.log);
  const java = findJava(21, options.javaHome);
  const exporter = options.events ? await ensureExporter(options.log, options.javaHome) : undefined;
  const { grpc, rest, management } = options.ports;
  options.log.info({ java: java.home, javaVersion: java.version, ports: options.ports, clockControlled: options.clockControlled }, 'starting Zeebe');
  return startServer('engine', java.bin, [
    '-Xms256m', '-Xmx1g', '-XX:+ExitOnOutOfMemoryError', '-Dfile.encoding=UTF-8',
    '--enable-native-access=ALL-UNNAMED',
    '-cp', `${join(home, 'config')}:${join(home, 'lib')}/*`,
    `-Dapp.home=${home}`, `-Dbasedir=${home}`,
    'io.camunda.application.StandaloneBroker',
  ], {
    cwd: home,
    logFile: options.logFile,
    env: {
      SPRING_PROFILES_ACTIVE: 'broker,standalone',
      ZEEBE_BROKER_DATA_DIRECTORY: resolve(ensureDir(options.dataDir)),
      ZEEBE_BROKER_NETWORK_HOST: '127.0.0.1',
      ZEEBE_BROKER_GATEWAY_NETWORK_HOST: '127.0.0.1',
      ZEEBE_BROKER_GATEWAY_NETWORK_PORT: String(grpc),
      ZEEBE_BROKER_NETWORK_COMMANDAPI_PORT: String(grpc + 1),
      ZEEBE_BROKER_NETWORK_INTERNALAPI_PORT: String(grpc + 2),
      SERVER_ADDRESS: '127.0.0.1',
      SERVER_PORT: String(rest),
      MANAGEMENT_SERVER_ADDRESS: '127.0.0.1',
      MANAGEMENT_SERVER_PORT: String(management),
      // No Elasticsearch: the only exporter is our task-events exporter, so nothing goes to secondary storage.
      ZEEBE_BROKER_GATEWAY_SECURITY_AUTHENTICATION_MODE: 'none',
      ZEEBE_CLOCK_CONTROLLED: String(options.clockControlled),
      ...(options.events && exporter ? {
        ZEEBE_BROKER_EXPORTERS_TASKEVENTS_CLASSNAME: 'platform.exporter.TaskEventsExporter',
        ZEEBE_BROKER_EXPORTERS_TASKEVENTS_JARPATH: exporter,
        ZEEBE_BROKER_EXPORTERS_TASKEVENTS_ARGS_URL: options.events.url,
        ZEEBE_BROKER_EXPORTERS_TASKEVENTS_ARGS_TOKEN: options.events.token,
      } : {}),
    },
  });
}

/** Waits until the gateway reports a healthy leader for every partition. */
export async function waitForEngine(restAddress: string, engine: ServerProcess | undefined, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let failure: string | undefined;
  void engine?.exited.then((code) => { failure ??= `the engine exited (code ${code}) while starting`; });
  engine?.onLine((line) => {
    if (line.includes('APPLICATION FAILED TO START')) failure = 'the engine failed to start';
  });
  for (;;) {
    if (failure) throw new Error(`${failure}; see its log file`);
    try {
      const res = await fetch(`${restAddress}/v2/topology`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        const topology = (await res.json()) as { brokers?: { partitions?: { role: string; health: string }[] }[] };
        const partitions = topology.brokers?.flatMap((b) => b.partitions ?? []) ?? [];
        if (partitions.some((p) => p.role === 'leader' && p.health === 'healthy')) return;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the engine at ${restAddress} was not ready within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
