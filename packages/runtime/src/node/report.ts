// Step 5 of a change: one concise line per event for people, or one JSON object per line for tools.
import path from 'node:path';
import { styleText } from 'node:util';
import type { TimedEvent } from './events';

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

export function formatEvent(event: TimedEvent, cwd: string, color: boolean): string[] {
  const paint = (style: Parameters<typeof styleText>[0], text: string): string => (color ? styleText(style, text) : text);
  const prefix = paint('dim', '[mighty-patcher]');
  if (event.type === 'ready') {
    return [`${prefix} watching ${event.roots.map((root) => path.relative(cwd, root) || '.').join(', ')} for changes`];
  }
  const time = event.ms === undefined ? '' : ` in ${Math.round(event.ms)} ms`;
  const file = path.relative(cwd, event.file);
  switch (event.type) {
    case 'patch': {
      const { report } = event;
      const changed = [...report.updated, ...report.added];
      const verb = event.rule === 'body' ? 'patched' : 're-evaluated';
      const what =
        changed.length === 0
          ? 'no function changed'
          : `${changed.join(', ')} (${plural(changed.length, 'function')}${report.added.length ? `, ${report.added.length} new` : ''})`;
      const lines = [`${prefix} ${paint('green', verb)} ${event.moduleId}: ${what}${time}`];
      if (event.reason) lines.push(`${prefix}   ${event.reason}: module state was not kept (hot(module).dispose/data carry it over)`);
      for (const warning of event.warnings) lines.push(`${prefix}   ${paint('yellow', 'warning')} ${warning}`);
      return lines;
    }
    case 'error':
      return [
        `${prefix} ${paint('red', 'not applied')} ${event.moduleId ?? file}: ${event.message}${event.location ? ` at ${event.location}` : ''}`,
        `${prefix}   the running program keeps the previous version; the next save that works applies`,
      ];
    case 'deleted':
      return [`${prefix} ${paint('yellow', 'deleted')} ${file}: its functions keep their last implementation`];
  }
}

export function jsonEvent(event: TimedEvent, cwd: string): string {
  if (event.type === 'ready') return JSON.stringify({ mightyPatcher: 'ready', roots: event.roots.map((root) => path.relative(cwd, root)) });
  const { type, file, ...rest } = event;
  return JSON.stringify({ mightyPatcher: type, file: path.relative(cwd, file), ...rest });
}
