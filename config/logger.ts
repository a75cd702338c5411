import { pino, type Logger } from 'pino';
import type { Config } from './index.js';

export type { Logger };

/** One pino logger per process; parts take child loggers from it. */
export function createLogger(config: Pick<Config, 'logLevel'>, name: string): Logger {
  return pino({ name, level: config.logLevel, redact: ['req.headers.authorization', '*.password', '*.idNumber'] });
}
