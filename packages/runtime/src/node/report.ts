// Step 5 of a change: one line per save for people (what was patched in place, evaluated again, restarted
// or not applied, and the time), with what did not take effect below it; or one JSON object per event for tools.
import path from 'node:path';
import { styleText } from 'node:util';
import type { ApplyEvent, ErrorEvent, PatchEvent, TimedEvent } from './events';

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

type Paint = (style: Parameters<typeof styleText>[0], text: string) => string;

/** `label` names the worker thread or cluster worker the lines come from. */
function painter(color: boolean, label: string | undefined): { paint: Paint; prefix: string } {
  const paint: Paint = (style, text) => (color ? styleText(style, text) : text);
  return { paint, prefix: paint('dim', label ? `[mighty-patcher ${label}]` : '[mighty-patcher]') };
}

/** How people read a file: its source (through the built file's source map), relative to the working directory. */
const nameOf = (event: ApplyEvent, cwd: string): string => event.source ?? path.relative(cwd, event.file);

/** Names in a line: three, then how many more. */
export const listed = (names: string[]): string => (names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`);

/** `text` as a regular expression that matches it, and only it. */
export const literally = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether a reason names the file `name` (relative, as reasons name files): not `a.js` in `data.js`. */
export const mentions = (reason: string, name: string): boolean => new RegExp(`(?<![\\w./-])${literally(name)}(?![\\w/-])`).test(reason);

/** Why a restart is held back: `unparsable`, the program's files whose text on disk does not parse, would end it. */
export function heldBackRestart(reason: string, unparsable: ReadonlyMap<string, ErrorEvent>, cwd: string): string {
  const where = [...unparsable.values()].map((error) => error.location ?? path.relative(cwd, error.file));
  return `needs a restart (${reason}), held back while ${listed(where)} does not parse: the restarted program would not start. Saved so that it parses, the restart follows`;
}

/** The lines for the events of one change (one save). */
export function formatChange(events: ApplyEvent[], ms: number | undefined, cwd: string, color: boolean, label?: string): string[] {
  const { paint, prefix } = painter(color, label);
  const lines: string[] = [];
  const time = ms === undefined ? '' : ` in ${Math.round(ms)} ms`;
  const patches = events.filter((event): event is PatchEvent => event.type === 'patch');
  const bodies = patches.filter((event) => event.rule === 'body');
  const evaluated = patches.filter((event) => event.rule === 're-evaluate');
  const parts: string[] = [];
  if (bodies.length > 0) {
    const functions = bodies.reduce((count, event) => count + event.report.updated.length + event.report.added.length, 0);
    const each = bodies.map((event) => {
      const names = [...event.report.updated, ...event.report.added];
      const declared = event.declared ? `declared ${listed(event.declared)}` : undefined;
      const revalued = event.revalued ? `new value of ${listed(event.revalued)}` : undefined;
      // A save that only deleted functions says so first (its warning says what references to them keep).
      const removed = names.length === 0 && event.report.removed.length > 0 ? `removed ${listed(event.report.removed)}` : undefined;
      const what = names.length > 0 ? [names.join(', '), declared, revalued] : [removed, declared, revalued, 'no function changed'];
      return `${nameOf(event, cwd)}: ${what.filter(Boolean).join(', ')}`;
    });
    // A save that only declared a constant patched no function: no count to give.
    parts.push(`${paint('green', 'patched')} ${each.join('; ')}${functions > 0 ? ` (${plural(functions, 'function')})` : ''}`);
  }
  if (evaluated.length > 0) {
    parts.push(`${paint('green', 're-evaluated')} ${evaluated.map((event) => nameOf(event, cwd)).join(', ')}`);
  }
  if (parts.length > 0) lines.push(`${prefix} ${parts.join('; ')}${time}`);
  // The hint once per save: a config or a store that many modules import would repeat it on every line. Not said
  // of a module whose instance held no state (constants, functions, imports): nothing of it was lost.
  let hinted = false;
  for (const event of evaluated) {
    const held = event.state === undefined ? '' : ` (${listed(event.state)})`;
    const state = event.state?.length === 0 ? '' : hinted ? `: nor was its state${held}` : `: its module state${held} was not kept (hot(module).dispose/data carry it over)`;
    if (state) hinted = true;
    lines.push(`${prefix}   ${nameOf(event, cwd)}: ${event.reason}${state}`);
  }
  for (const event of patches) {
    for (const warning of event.warnings) lines.push(`${prefix}   ${paint('yellow', 'warning')} ${nameOf(event, cwd)}: ${warning}`);
  }
  // One line for all files saved as they were: a build may write many of them.
  const resaved = events.filter((event) => event.type === 'unchanged' && event.resaved).map((event) => nameOf(event, cwd));
  if (resaved.length > 0) lines.push(`${prefix} unchanged ${listed(resaved)}: the same as the version that runs; nothing to apply`);
  for (const event of events) {
    if (event.type === 'error') {
      lines.push(`${prefix} ${paint('red', 'not applied')} ${nameOf(event, cwd)}: ${event.message}${event.location ? ` at ${event.location}` : ''}`);
      if (event.frame) lines.push(...event.frame.split('\n').map((line) => `${prefix}   ${line}`));
      const held = event.heldWith?.length ? `, and holds back ${listed(event.heldWith)}, saved with it` : '';
      lines.push(`${prefix}   the running program keeps the previous version${held}; the next save that works applies`);
    } else if (event.type === 'restart') {
      lines.push(`${prefix} ${paint('yellow', 'restarting')}: ${event.reason}`);
    } else if (event.type === 'restored') {
      lines.push(`${prefix} ${paint('green', 'back')} ${nameOf(event, cwd)}: saved as the version that runs; nothing to apply`);
    } else if (event.type === 'unchanged' && !event.resaved) {
      lines.push(
        event.notLoaded
          ? `${prefix} unchanged ${nameOf(event, cwd)}: not loaded by the program (only types, or nothing imports it yet); nothing to apply`
          : `${prefix} unchanged ${nameOf(event, cwd)}: no code that runs changed (types, comments or layout); nothing to apply`,
      );
    } else if (event.type === 'deleted') {
      const still = event.importedBy && `; ${listed(event.importedBy)} still ${event.importedBy.length === 1 ? 'imports' : 'import'} it, which a restart would fail to load`;
      lines.push(`${prefix} ${paint('yellow', 'deleted')} ${nameOf(event, cwd)}: its functions keep their last implementation${still ?? ''}`);
    }
  }
  return lines;
}

/** A watched directory as both outputs name it: relative to the working directory, '.' for itself. */
const rootName = (root: string, cwd: string): string => path.relative(cwd, root) || '.';

/** The line for an event outside a change: the watcher is ready, the program was restarted, an internal error. */
export function formatEvent(event: TimedEvent, cwd: string, color: boolean, label?: string): string[] {
  const { paint, prefix } = painter(color, label);
  if (event.type === 'ready') {
    if (event.restarted) {
      const { ms, reason, saved } = event.restarted;
      return [`${prefix} ${paint('green', 'restarted')} in ${Math.round(ms)} ms: ${reason}${saved ? `; saved while it restarted, and running: ${listed(saved)}` : ''}`];
    }
    return [`${prefix} watching ${event.roots.map((root) => rootName(root, cwd)).join(', ')} for changes`];
  }
  return formatChange([event], event.ms, cwd, color, label);
}

export function jsonEvent(event: TimedEvent, cwd: string, label?: string): string {
  if (event.type === 'ready') {
    return JSON.stringify({ mightyPatcher: 'ready', roots: event.roots.map((root) => rootName(root, cwd)), restarted: event.restarted });
  }
  const { type, file, ...rest } = event;
  return JSON.stringify({ mightyPatcher: type, file: path.relative(cwd, file), ...rest, ...(label ? { worker: label } : {}) });
}
