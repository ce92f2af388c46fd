/**
 * A V8 code cache for the large CommonJS bundles the CLI loads (TypeScript alone is 9 MB of
 * JavaScript). Compiling them costs about 0.15 s at start-up and more as the parser, binder and
 * checker functions are compiled lazily during the run; with the bytecode cached, a warm run
 * skips both. This is what `module.enableCompileCache()` does on Node >= 22.1 (and what tsc
 * turns on there); on Node 20 it is built here with `vm.Script` cached data.
 *
 * The cache is written when the process exits, after the work, so it holds every function the
 * run compiled, not only the top level. Each entry is keyed by the bundle's path, size and
 * mtime and by the Node version; V8 rejects data from another V8 build on its own and the entry
 * is then rewritten. Any failure (read-only folder, full disk) only means an uncached run.
 * It lives in the OS temporary folder (WEAKIFY_COMPILE_CACHE_DIR moves it);
 * WEAKIFY_NO_COMPILE_CACHE=1 (or Node's NODE_DISABLE_COMPILE_CACHE=1) turns it off.
 *
 * Used by bin/weakify.js only: the library API never writes to disk on its own.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module = require('node:module');
import os = require('node:os');
import path = require('node:path');
import vm = require('node:vm');

/** Smaller modules compile in well under a millisecond: not worth a cache file each. */
const MIN_BYTES = 256 * 1024;

interface CompiledBundle {
  script: vm.Script;
  cacheFile: string;
}

interface NodeModule {
  exports: unknown;
}

type ExtensionHandler = (module: NodeModule, filename: string) => void;

/**
 * Install the cache for modules required from now on. Returns the folder used, or undefined
 * when turned off.
 *
 * Large CommonJS files are loaded here instead of by Node's `.js` handler: read as bytes and
 * decoded (Node 20's `readFileSync(file, 'utf8')`, which the handler uses, took 120 ms for
 * TypeScript's 9 MB against 60 ms this way), compiled with the cached data, and run with the
 * arguments Node gives a module. Files of `"type": "module"` packages stay with Node, which
 * refuses to `require` them.
 */
export function enableCompileCache(directory = process.env.WEAKIFY_COMPILE_CACHE_DIR || defaultDirectory()): string | undefined {
  if (process.env.WEAKIFY_NO_COMPILE_CACHE === '1' || process.env.NODE_DISABLE_COMPILE_CACHE === '1') return undefined;
  const builtin = (Module as unknown as { enableCompileCache?: (dir: string) => { status: number } }).enableCompileCache;
  if (builtin) {
    builtin(directory);
    return directory;
  }
  const toWrite: CompiledBundle[] = [];
  const extensions = (Module as unknown as { _extensions: Record<string, ExtensionHandler> })._extensions;
  const loadJs = extensions['.js']!;
  extensions['.js'] = function loadWithCache(module, filename) {
    if (!isLargeCommonJs(filename)) return loadJs.call(this, module, filename);
    const content = readFileSync(filename).toString('utf8');
    const cacheFile = path.join(directory, `${cacheKey(filename, content)}.bin`);
    const cachedData = readOrUndefined(cacheFile);
    const script = new vm.Script(Module.wrap(stripShebang(content)), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) toWrite.push({ script, cacheFile });
    const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
    const require = Module.createRequire(filename);
    wrapper.call(module.exports, module.exports, require, module, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    for (const { script, cacheFile } of toWrite) writeAtomically(cacheFile, script.createCachedData());
  });
  return directory;
}

function isLargeCommonJs(filename: string): boolean {
  let size: number;
  try {
    size = statSync(filename).size;
  } catch {
    return false;
  }
  if (size < MIN_BYTES) return false;
  return filename.endsWith('.cjs') || (filename.endsWith('.js') && packageType(path.dirname(filename)) !== 'module');
}

const packageTypes = new Map<string, string | undefined>();

/** The `type` of the nearest package.json above a folder, as Node reads it for `.js` files. */
function packageType(directory: string): string | undefined {
  if (packageTypes.has(directory)) return packageTypes.get(directory);
  let type: string | undefined;
  const manifest = readOrUndefined(path.join(directory, 'package.json'));
  if (manifest) {
    try {
      const value = (JSON.parse(manifest.toString('utf8')) as { type?: unknown }).type;
      type = typeof value === 'string' ? value : undefined;
    } catch {
      // Unparsable: Node fails on it too, when it gets there; no type is claimed here.
    }
  } else {
    const parent = path.dirname(directory);
    type = parent === directory || path.basename(directory) === 'node_modules' ? undefined : packageType(parent);
  }
  packageTypes.set(directory, type);
  return type;
}

function defaultDirectory(): string {
  const user = typeof process.getuid === 'function' ? `-${process.getuid()}` : '';
  return path.join(os.tmpdir(), `weakify-compile-cache${user}`);
}

function cacheKey(filename: string, content: string): string {
  let stamp = `${content.length}`;
  try {
    const stat = statSync(filename);
    stamp = `${stat.size}:${stat.mtimeMs}`;
  } catch {
    // A module without a file behind it: its length stands in.
  }
  return createHash('sha1').update(`${process.version}\0${process.arch}\0${filename}\0${stamp}`).digest('hex');
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeAtomically(file: string, data: Buffer): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, data);
    renameSync(temporary, file);
  } catch {
    // The cache is an optimisation: a run without it is only slower.
  }
}

/** Node strips a `#!` line before compiling a CommonJS module; vm.Script does not. */
function stripShebang(content: string): string {
  return content.startsWith('#!') ? `//${content.slice(2)}` : content;
}
