// Other TypeScript loaders the program was started with (tsx, ts-node, @swc-node/register, ...; Node's own
// type stripping), and where they stand against ours. Module hooks registered later run first, and a later
// `require.extensions['.ts']` replaces an earlier one: a loader before ours is bypassed (the runtime compiles
// and instruments every source), a loader after ours would compile them itself, and no edit of them could
// then be applied.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Preload flags, in the order Node runs them: NODE_OPTIONS first, then the command line. */
const PRELOAD = /^(?:--import|--require|-r|--loader|--experimental-loader)(?:=(.*))?$/;

const TYPESCRIPT_LOADER = /(?:^|[\\/])(tsx|ts-node|@swc-node[\\/]register|esbuild-register|@esbuild-kit[\\/][\w-]+|@babel[\\/]register|jiti|sucrase)(?:[\\/@]|$)/;

function preloads(): string[] {
  const args = [...(process.env.NODE_OPTIONS?.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? []).map((arg) => arg.replace(/^["']|["']$/g, '')), ...process.execArgv];
  const found: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const match = PRELOAD.exec(args[i]!);
    if (!match) continue;
    const value = match[1] ?? args[++i];
    if (value !== undefined) found.push(value);
  }
  return found;
}

const asPath = (specifier: string): string => (specifier.startsWith('file:') ? fileURLToPath(specifier) : specifier);

/** The TypeScript loaders among the program's preloads, before and after ours (`register`: our preload's file). */
export function typeScriptLoaders(register: string): { before: string[]; after: string[] } {
  const before: string[] = [];
  const after: string[] = [];
  let ours = false;
  for (const specifier of preloads()) {
    const file = asPath(specifier);
    if (file === '@mighty-patcher/runtime/register' || path.resolve(file) === register) ours = true;
    else {
      const loader = TYPESCRIPT_LOADER.exec(file)?.[1];
      if (loader) (ours ? after : before).push(loader);
    }
  }
  return { before, after };
}

/** Whether Node strips TypeScript types itself (on by default from Node 22.18 and 23.6). */
export const nodeStripsTypes = (): boolean => Boolean((process.features as { typescript?: unknown }).typescript);

/**
 * Says that this process runs TypeScript, where Node would not (before Node 22.18 and 23.6): tools that load
 * `.ts` files only where the process can run them ask Node's `process.features.typescript` (@fastify/autoload
 * refused a TypeScript app's plugins: "cannot import plugin ... use 'ts-node'"). The runtime compiles every source,
 * enums and all: "transform", as under `--experimental-transform-types`.
 */
export function announceTypeScript(): void {
  if (nodeStripsTypes()) return;
  Object.defineProperty(process.features, 'typescript', { value: 'transform', enumerable: true, configurable: true });
}
