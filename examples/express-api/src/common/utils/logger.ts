// A small structured logger (what pino does in bigger apps): one line per message on stdout.
import { env } from './envConfig';

type Level = 'debug' | 'info' | 'warn' | 'error';

const LEVELS: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function write(level: Level, name: string, message: string, fields?: Record<string, unknown>): void {
  if (LEVELS[level] < LEVELS[env.LOG_LEVEL]) return;
  const line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} [${name}] ${message}`;
  const text = fields ? `${line} ${JSON.stringify(fields)}` : line;
  if (level === 'error' || level === 'warn') console.error(text);
  else console.log(text);
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(name: string): Logger {
  return {
    debug: (message, fields) => write('debug', name, message, fields),
    info: (message, fields) => write('info', name, message, fields),
    warn: (message, fields) => write('warn', name, message, fields),
    error: (message, fields) => write('error', name, message, fields),
  };
}

export const logger = createLogger('server');
