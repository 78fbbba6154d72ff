import { pino, type Level, type Logger } from 'pino';

export type { Logger };

let defaultLevel: Level | 'silent' = 'info';

/** Sets the level of every logger created from now on; each process calls it once with LOG_LEVEL. */
export function configureLogging(options: { level: Level | 'silent' }): void {
  defaultLevel = options.level;
}

/** Structured JSON logs on stdout, one logger per service. */
export function createLogger(service: string): Logger {
  return pino({ level: defaultLevel, base: { service } });
}
