#!/usr/bin/env node
// mighty-patcher run <entry> [--watch <dir>]... [--quiet] [--json] [program arguments...]
// Runs <entry> in this process, like `node <entry>`, patching it as its built files change.
import Module from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startPatcher } from './index';

const USAGE = `Usage: mighty-patcher run <entry> [options] [arguments for the program]

Runs <entry> (built, instrumented JavaScript) like \`node <entry>\`, and patches the running
process whenever a built file under a watched directory changes.

Options (before <entry>):
  -w, --watch <dir>   watch this directory (repeatable; default: the entry's directory)
  -q, --quiet         print only errors and warnings
      --json          print one JSON object per event instead of text lines
  -h, --help          show this help
`;

const OPTIONS = {
  watch: { type: 'string', short: 'w', multiple: true },
  quiet: { type: 'boolean', short: 'q' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The command line up to and including <entry>; everything after it belongs to the program. */
function splitAtEntry(args: string[]): { own: string[]; rest: string[] } {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--watch' || arg === '-w') i++;
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

const entry = path.resolve(entryArg);
startPatcher({
  watch: values.watch ?? [path.dirname(entry)],
  output: values.json ? 'json' : 'text',
  quiet: values.quiet ?? false,
}).catch((error: unknown) => {
  process.stderr.write(`[mighty-patcher] could not start watching: ${String(error)}\n`);
});
process.argv = [process.argv[0]!, entry, ...rest];
(Module as unknown as { runMain(): void }).runMain();
