import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../../config/index.js';
import type { DeployedProcess, EnginePort, EngineTestClock } from '../../domain/engine/engine.port.js';
import { EmbeddedEngine } from './embedded/embedded-engine.js';

export interface PlatformEngine {
  port: EnginePort & { start(options?: { takeOverJobs?: boolean }): Promise<void> };
  /** what runs: the embedded engine, or a Camunda 8 cluster at the given address */
  describe: string;
  /** tests only, embedded engine only, with ENGINE_CLOCK_CONTROLLED=true */
  testClock(): EngineTestClock;
}

/** The engine the configuration names: the embedded one by default, a Camunda 8 cluster when its addresses are set. */
export async function createEngine(config: Pick<Config, 'engine'>, log: Logger): Promise<PlatformEngine> {
  const settings = config.engine;
  if (settings.kind === 'camunda8' && settings.camunda8) {
    const { createCamunda8Engine } = await import('./camunda8/camunda8-engine.js');
    const port = createCamunda8Engine(settings.camunda8, log);
    return {
      port, describe: `Camunda 8 cluster: gRPC ${settings.camunda8.grpcAddress}, REST ${settings.camunda8.restAddress}`,
      testClock: () => { throw new Error('a Camunda 8 cluster\'s clock is not moved by the platform'); },
    };
  }
  const engine = new EmbeddedEngine({ log, clockControlled: settings.clockControlled });
  return { port: engine, describe: 'embedded (bpmn-engine, FEEL by feelin), state in the store', testClock: () => engine.testClock() };
}

/**
 * Deploys every BPMN file of a folder. A file the engine already holds keeps its version, so a start never
 * puts a file back over a newer version deployed from the modeler.
 */
export async function deployProcesses(engine: EnginePort, dir: string, log: Logger): Promise<(DeployedProcess & { file: string; xml: string })[]> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.bpmn')).sort();
  // A Camunda 8 cluster finds a user task's linked form (zeebe:formDefinition formId) among the forms deployed to
  // it, so the step forms go first; the embedded engine leaves forms to the platform, which reads them from the folder.
  const formsDir = join(dir, 'forms');
  if (engine.kind === 'camunda8' && existsSync(formsDir)) {
    const forms = readdirSync(formsDir).filter((f) => f.endsWith('.form')).sort();
    if (forms.length) {
      await engine.deploy(forms.map((f) => ({ name: f, xml: readFileSync(join(formsDir, f), 'utf8') })));
      log.info({ forms: forms.length }, 'step forms deployed');
    }
  }
  const out = [];
  for (const f of files) {
    const xml = readFileSync(join(dir, f), 'utf8');
    const r = await engine.deploy([{ name: f, xml }]);
    for (const p of r.processes) {
      log.info({ processId: p.processId, version: p.version }, 'process deployed');
      out.push({ ...p, file: join(dir, f), xml });
    }
  }
  return out;
}
