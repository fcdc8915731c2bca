import type { AppConfig } from '@app/config';
import { describeMailDestination } from '@apps/notification/src/delivery/mail-drop-dir';
import { APPS } from './start-apps';

/**
 * What `npm start` prints: its own lines and the apps' log lines, prefixed
 * with who said them; pino JSON lines become `HH:MM:SS level msg key=value…`.
 */

const SELF = 'inkan';
const PREFIX_WIDTH = Math.max(SELF.length, ...APPS.map((app) => app.name.length));

const useColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
export const APP_COLORS = [36, 32, 33, 34, 35, 96, 92]; // cyan green yellow blue magenta bright-cyan bright-green

export function paint(code: number | string, text: string): string {
  return useColor ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export function prefixFor(name: string, color: number): string {
  return paint(color, `[${name.padEnd(PREFIX_WIDTH)}]`);
}

const selfPrefix = prefixFor(SELF, 1);

export function say(line: string): void {
  for (const part of line.split('\n')) {
    process.stdout.write(`${selfPrefix} ${part}\n`);
  }
}

export function sayError(line: string): void {
  for (const part of line.split('\n')) {
    process.stderr.write(`${selfPrefix} ${part}\n`);
  }
}

const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const LEVEL_COLORS: Record<string, string> = { trace: '90', debug: '90', info: '32', warn: '33', error: '31', fatal: '1;31' };
/** Fields shown in their own place, or noise for a human reader. */
const HIDDEN_FIELDS = new Set(['level', 'time', 'service', 'pid', 'hostname', 'msg', 'requestId', 'err', 'trace', 'v']);
const MAX_EXTRA_CHARS = 80;

function levelName(level: unknown): string {
  if (typeof level === 'number') {
    return LEVEL_NAMES[level] ?? String(level);
  }
  return typeof level === 'string' ? level : 'info';
}

function clock(time: unknown): string {
  const date = typeof time === 'string' || typeof time === 'number' ? new Date(time) : new Date();
  const valid = Number.isNaN(date.getTime()) ? new Date() : date;
  return [valid.getHours(), valid.getMinutes(), valid.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

function short(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === undefined) {
    return String(value);
  }
  return text.length > MAX_EXTRA_CHARS ? `${text.slice(0, MAX_EXTRA_CHARS - 1)}…` : text;
}

export interface LogRecord {
  level?: unknown;
  time?: unknown;
  msg?: unknown;
  requestId?: unknown;
  err?: { message?: string; stack?: string; type?: string };
  trace?: unknown;
  [key: string]: unknown;
}

/** Parses a pino JSON line; undefined for anything else (printed as it is). */
export function parseLogLine(line: string): LogRecord | undefined {
  if (!line.startsWith('{')) {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && ('msg' in parsed || 'level' in parsed)) {
      return parsed;
    }
  } catch {
    // not JSON after all
  }
  return undefined;
}

/** `HH:MM:SS level msg req=… key=value…`, plus the stack below for errors. */
export function formatRecord(record: LogRecord): string[] {
  const level = levelName(record.level);
  const parts = [
    paint('90', clock(record.time)),
    paint(LEVEL_COLORS[level] ?? '0', level.padEnd(5)),
    typeof record.msg === 'string' ? record.msg : JSON.stringify(record.msg ?? ''),
  ];
  if (record.requestId !== undefined) {
    parts.push(paint('90', `req=${short(record.requestId)}`));
  }
  const extras: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (!HIDDEN_FIELDS.has(key) && value !== undefined && value !== null) {
      extras.push(`${key}=${short(value)}`);
    }
  }
  if (record.err?.message) {
    extras.push(`err=${short(record.err.message)}`);
  }
  if (extras.length > 0) {
    parts.push(paint('90', extras.join(' ')));
  }
  const lines = [parts.join(' ')];
  const stack = typeof record.err?.stack === 'string' ? record.err.stack : typeof record.trace === 'string' ? record.trace : undefined;
  if (stack && (level === 'error' || level === 'fatal')) {
    for (const stackLine of stack.split('\n')) {
      lines.push(paint('90', `    ${stackLine}`));
    }
  }
  return lines;
}

export function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '[::]') {
    return 'localhost';
  }
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export function printBanner(config: AppConfig): void {
  const base = `http://${displayHost(config.GATEWAY_HOST)}:${config.GATEWAY_PORT}`;
  const rule = '─'.repeat(64);
  const lines = [
    rule,
    `inkan が起動しました / inkan is running (${APPS.length} apps)`,
    `  web UI:   ${base}/`,
    `  health:   ${base}/health`,
    `  API docs: ${base}/api/docs`,
    `  mail:     ${describeMailDestination(config)}`,
    '  Ctrl-C で停止 / Ctrl-C stops everything',
    rule,
  ];
  for (const line of lines) {
    say(paint(1, line));
  }
}
