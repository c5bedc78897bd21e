#!/usr/bin/env node
// mighty-patcher run [options] <entry> [program arguments...]
// Runs <entry> like `node <entry>`, patching the running program as its files change, and restarting it
// when a change cannot be applied in place (supervisor.ts).
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect, parseArgs } from 'node:util';
import { setEntry } from './files';
import type { RestartPolicy } from './pipeline';
import { CONTROL_ENV, RESTART_ENV, supervise, type ControlMessage } from './supervisor';

const USAGE = `Usage: mighty-patcher run [options] <entry> [arguments for the program]

Runs <entry> like \`node <entry>\` and patches the running program whenever one of its
files under a watched directory changes: function bodies in place (state kept); a
change outside function bodies by evaluating the module again, and the modules that
hold what it changed; and, where that reaches the entry, by restarting the program.
A module of the program loaded from outside the watched directories (not a package's)
restarts it when saved. If the program dies (an uncaught error, a non-zero exit code),
it is started again on the next change, as under node --watch.

<entry> is JavaScript, or a TypeScript or JSX source (.ts, .tsx, .mts, .cts, .jsx): sources are
compiled as they load, following the tsconfig.json that applies to them; no build step.

Options (before <entry>):
  -w, --watch <dir>         watch this directory (repeatable; default: the entry's directory)
      --env-file <file>     load environment variables from this file, as node --env-file
                            does (repeatable; variables already set win)
      --tsconfig <file>     compile every source with this tsconfig.json (default: the one
                            nearest to each source)
      --restart <when>      auto (default): restart when a change reaches the entry;
                            never: refuse such a change (the program runs in this process:
                            its exit, whatever it is, ends it); always: restart for any
                            change outside function bodies
      --delay <ms>          wait until the watched files have been quiet this long before a
                            change applies (default 50 ms for built files, 10 ms for sources):
                            a longer one for a build that writes its files slowly, as nodemon's
      --exit-on-crash       when the program dies (an uncaught error, a non-zero exit code), exit
                            with its code instead of waiting for a change to start it again
  -q, --quiet               print only errors and warnings
      --json                print one JSON object per event instead of text lines
  -h, --help                show this help
`;

const OPTIONS = {
  watch: { type: 'string', short: 'w', multiple: true },
  'env-file': { type: 'string', multiple: true },
  tsconfig: { type: 'string' },
  restart: { type: 'string' },
  delay: { type: 'string' },
  'exit-on-crash': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const WITH_VALUE = new Set(['--watch', '-w', '--restart', '--delay', '--env-file', '--tsconfig']);

/** The command line up to and including <entry>; everything after it belongs to the program. */
function splitAtEntry(args: string[]): { own: string[]; rest: string[] } {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith('-') && args[0] === 'run' && i > 0) return { own: args.slice(0, i + 1), rest: args.slice(i + 1) };
  }
  return { own: args, rest: [] };
}

function fail(message: string): never {
  process.stderr.write(`mighty-patcher: ${message}\n\n${USAGE}`);
  process.exit(9); // node's own code for invalid arguments
}

const { own, rest } = splitAtEntry(process.argv.slice(2));
let parsed;
try {
  parsed = parseArgs({ args: own, options: OPTIONS, allowPositionals: true });
} catch (error) {
  fail((error as Error).message);
}
const { values, positionals } = parsed;
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const [command, entryArg] = positionals;
if (command !== 'run') fail(command ? `unknown command "${command}"` : 'missing command');
if (!entryArg) fail('missing <entry>');
const restart = (values.restart ?? 'auto') as RestartPolicy;
if (!['auto', 'always', 'never'].includes(restart)) fail(`--restart must be auto, always or never, not "${values.restart}"`);
const delay = values.delay === undefined ? undefined : Number(values.delay);
if (delay !== undefined && !(Number.isInteger(delay) && delay >= 0)) fail(`--delay must be a whole number of milliseconds, not "${values.delay}"`);

const controlFd = process.env[CONTROL_ENV];
if (controlFd === undefined && restart !== 'never') {
  // Its watcher takes an entry with no extension for a script too, as the program's runtime does (startPatcher).
  setEntry(path.resolve(entryArg));
  // This process supervises; the program runs in a child that can be restarted.
  supervise(__filename, process.argv.slice(2), values.watch ?? [path.dirname(path.resolve(entryArg))], {
    exitOnCrash: values['exit-on-crash'] ?? false,
  });
} else {
  delete process.env[CONTROL_ENV];
  const restarted = process.env[RESTART_ENV];
  delete process.env[RESTART_ENV];
  const entry = path.resolve(entryArg);
  const control =
    controlFd === undefined
      ? undefined
      : (message: ControlMessage): void => {
          fs.writeSync(Number(controlFd), `${JSON.stringify(message)}\n`);
        };
  for (const file of values['env-file'] ?? []) {
    try {
      process.loadEnvFile(file);
    } catch (error) {
      fail(`--env-file ${file}: ${(error as Error).message}`);
    }
  }
  const { formatOf, packageJsonOf, tsconfigFilesOf, TSCONFIG_ENV } = require('./project') as typeof import('./project');
  const { isSource } = require('./files') as typeof import('./files');
  if (values.tsconfig) process.env[TSCONFIG_ENV] = path.resolve(values.tsconfig);
  // Loaded here, not by the supervising process, which only starts children.
  const { startPatcher } = require('./index') as typeof import('./index');
  startPatcher({
    watch: values.watch ?? [path.dirname(entry)],
    output: values.json ? 'json' : 'text',
    quiet: values.quiet ?? false,
    quietMs: delay,
    entry,
    restart,
    requestRestart: control && ((reason, since) => control({ type: 'restart', reason, since })),
    startAgainOn: control && ((file) => control({ type: 'watch', file })),
    startedUp: control && (() => control({ type: 'started' })),
    readForChange: control && ((files, at) => control({ type: 'read', files, at })),
    restarted: restarted ? (JSON.parse(restarted) as { reason: string; at: number; since?: number }) : undefined,
    configs: [
      ...(values['env-file'] ?? []),
      ...[packageJsonOf(entry) ?? []].flat(),
      ...(isSource(entry) ? tsconfigFilesOf(entry) : []),
    ],
  }).catch((error: unknown) => {
    process.stderr.write(`[mighty-patcher] could not start watching: ${String(error)}\n`);
  });
  process.argv = [process.argv[0]!, entry, ...rest];
  const { isLoadSyntaxError, uncaughtHeader, withoutOwnFrames } = require('./errors') as typeof import('./errors');
  /** A source that does not compile ends the program as a module that does not parse ends `node`: its frame, code 1. */
  const failed = (error: unknown): void => {
    if (isLoadSyntaxError(error)) {
      process.stderr.write(`${error.stack}\n\nNode.js ${process.version}\n`);
      process.exit(1);
    }
    const thrown = withoutOwnFrames(error);
    // Thrown again, Node would head it with this file's line: it is printed as Node prints an uncaught error,
    // unless the program listens for uncaught exceptions (then its handlers decide, as under node).
    if (!(thrown instanceof Error) || process.listenerCount('uncaughtException') > 0) throw thrown;
    process.stderr.write(`${uncaughtHeader(thrown)}${inspect(thrown)}\n\nNode.js ${process.version}\n`);
    process.exit(1);
  };
  if (isSource(entry) && formatOf(entry) === 'module') {
    // An ES module source: imported, as Node runs an ES module entry (its hooks compile it).
    import(pathToFileURL(entry).href).catch(failed);
  } else {
    try {
      (Module as unknown as { runMain(): void }).runMain();
    } catch (error) {
      failed(error);
    }
  }
}
