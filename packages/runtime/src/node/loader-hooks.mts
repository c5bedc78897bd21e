// Module customization hooks (module.register) that instrument ES modules under the watched roots
// as they load, when no plugin has (see instrument.ts). They run on Node's loader thread.
import { fileURLToPath } from 'node:url';
import { VersionSyntaxError } from './errors.js';
import { instrument, isInstrumented, shouldInstrument } from './instrument.js';

interface Data {
  roots: string[];
  root: string;
}

let settings: Data = { roots: [], root: process.cwd() };

export function initialize(data: Data): void {
  settings = data;
}

type LoadResult = { format?: string | null; source?: string | ArrayBuffer | ArrayBufferView | null };
type NextLoad = (url: string, context: unknown) => Promise<LoadResult>;

export async function load(url: string, context: unknown, nextLoad: NextLoad): Promise<LoadResult> {
  const result = await nextLoad(url, context);
  if (result.format !== 'module' || !url.startsWith('file:') || result.source == null) return result;
  const file = fileURLToPath(url);
  if (!shouldInstrument(file, settings.roots)) return result;
  const text = typeof result.source === 'string' ? result.source : Buffer.from(result.source as ArrayBuffer).toString('utf8');
  if (isInstrumented(text)) return result;
  try {
    return { ...result, source: instrument(file, text, 'module', settings.root) };
  } catch (error) {
    if (error instanceof VersionSyntaxError) throw new SyntaxError(`${error.message} (${file}:${error.line}:${error.column + 1})`);
    throw error;
  }
}
