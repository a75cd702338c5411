import type { Logger } from 'pino';
import type { Config } from '../../config/index.js';
import type { App } from '../../api/app.js';
import type { DomainServices } from '../../domain/services.js';
import type { EnginePort, EngineTestClock } from '../../domain/engine/engine.port.js';

export interface TestPlatform {
  config: Config;
  log: Logger;
  engine: EnginePort;
  /** the engine's clock: moving it fires the timers that fall due */
  clock: EngineTestClock & { add(ms: number): Promise<Date> };
  services: DomainServices;
  app: App;
}

let current: TestPlatform | undefined;

export function setPlatform(platform: TestPlatform | undefined) {
  current = platform;
}

/** The engine and store the test run started; set up once in test/setup/global.ts. */
export function platform(): TestPlatform {
  if (!current) throw new Error('the test platform is not started (test/setup/global.ts)');
  return current;
}

let counter = 0;
/** A key no other test of this run uses. */
export function uniqueKey(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}
