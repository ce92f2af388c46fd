/**
 * A V8 code cache for the TypeScript compiler the CLI loads (9 MB of JavaScript, plus ts-morph's
 * 3 MB of lib texts). Compiling them costs about 0.15 s at start-up and more as the parser,
 * binder and checker functions are compiled lazily during the run; with the bytecode cached, a
 * warm run skips both. This is what `module.enableCompileCache()` does on Node >= 22.1 (and what
 * tsc turns on there); on Node 20 it is built here with `vm.Script` cached data.
 *
 * The cache is written when the process exits, after the work, so it holds every function the
 * run compiled, not only the top level. What makes it safe to trust:
 * - an entry is named by a hash of the file's content (and the Node version): an edited bundle
 *   gets a new entry, whatever its size or modification time;
 * - an entry carries a SHA-256 of its bytecode, checked before V8 sees it: V8 itself checks
 *   little more than the source length, and damaged bytecode it accepts can crash or misbehave;
 * - the folder must be the user's own and writable by nobody else, or the cache is not used.
 * Data V8 rejects anyway (another V8 build or flags) is rewritten. Any failure (read-only folder,
 * full disk) only means an uncached run. Only the allow-listed bundles go through here; every
 * other module is loaded by Node as usual.
 *
 * It lives in the OS temporary folder (WEAKIFY_COMPILE_CACHE_DIR moves it);
 * WEAKIFY_NO_COMPILE_CACHE=1 (or Node's NODE_DISABLE_COMPILE_CACHE=1) turns it off.
 * Used by bin/weakify.js only: the library API never writes to disk on its own.
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module = require('node:module');
import os = require('node:os');
import path = require('node:path');
import vm = require('node:vm');

/** The bundles worth a cache entry: TypeScript as ts-morph ships it, and ts-morph's own (it holds the lib texts). */
const CACHED_BUNDLES = /[\\/]@ts-morph[\\/]common[\\/]dist[\\/](?:typescript|ts-morph-common)\.js$/;

const MAGIC = Buffer.from('weakify-v8-cache-1\n');
const DIGEST_BYTES = 32;

interface CompiledBundle {
  script: vm.Script;
  cacheFile: string;
}

interface NodeModule {
  exports: unknown;
  require(id: string): unknown;
}

type ExtensionHandler = (module: NodeModule, filename: string) => void;

interface ModuleInternals {
  _extensions: Record<string, ExtensionHandler>;
  _resolveFilename(request: string, parent: NodeModule, isMain: boolean, options?: { paths?: string[] }): string;
  _cache: Record<string, unknown>;
  enableCompileCache?: (directory: string) => unknown;
}

/**
 * Install the cache for modules required from now on. Returns the folder used, or undefined
 * when turned off.
 *
 * The allow-listed bundles are loaded here instead of by Node's `.js` handler: read as bytes and
 * decoded (Node 20's `readFileSync(file, 'utf8')`, which the handler uses, took 120 ms for
 * TypeScript's 9 MB against 60 ms this way), compiled with the cached data, and run with the
 * arguments Node gives a CommonJS module.
 */
export function enableCompileCache(directory = process.env.WEAKIFY_COMPILE_CACHE_DIR || defaultDirectory()): string | undefined {
  if (process.env.WEAKIFY_NO_COMPILE_CACHE === '1' || process.env.NODE_DISABLE_COMPILE_CACHE === '1') return undefined;
  const internals = Module as unknown as ModuleInternals;
  if (internals.enableCompileCache) {
    internals.enableCompileCache(directory);
    return directory;
  }
  const toWrite: CompiledBundle[] = [];
  let usable: boolean | undefined;
  const loadJs = internals._extensions['.js']!;
  internals._extensions['.js'] = function loadWithCache(module, filename) {
    if (!CACHED_BUNDLES.test(filename)) return loadJs.call(this, module, filename);
    usable ??= ownPrivateFolder(directory);
    const source = readFileSync(filename);
    const cacheFile = path.join(directory, `${entryPrefix(filename)}-${sha256(source).slice(0, 32)}.bin`);
    const cachedData = usable ? readEntry(cacheFile) : undefined;
    const script = new vm.Script(Module.wrap(withoutShebang(source.toString('utf8'))), {
      filename,
      cachedData,
      // `import()` inside the bundle resolves as it would in a module Node loaded.
      ...(vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
    } as vm.ScriptOptions);
    if (usable && (cachedData === undefined || script.cachedDataRejected)) toWrite.push({ script, cacheFile });
    const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
    wrapper.call(module.exports, module.exports, requireFor(module, internals), module, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    for (const { script, cacheFile } of toWrite) writeEntry(cacheFile, script.createCachedData());
  });
  return directory;
}

/** The `require` Node gives a module: resolution relative to it, children recorded on it. */
function requireFor(module: NodeModule, internals: ModuleInternals): NodeJS.Require {
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  require.resolve = ((request: string, options?: { paths?: string[] }) => internals._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  require.cache = internals._cache as NodeJS.Require['cache'];
  require.main = process.mainModule;
  require.extensions = internals._extensions as unknown as NodeJS.Require['extensions'];
  return require;
}

function defaultDirectory(): string {
  const user = typeof process.getuid === 'function' ? `-${process.getuid()}` : '';
  return path.join(os.tmpdir(), `weakify-compile-cache${user}`);
}

/**
 * Bytecode is run without further checks, so the folder must be ours alone: a folder another
 * user created first under the same name in a shared temporary folder is not used.
 */
function ownPrivateFolder(directory: string): boolean {
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const stat = lstatSync(directory);
    if (!stat.isDirectory()) return false;
    if (process.platform === 'win32') return true;
    return (typeof process.getuid !== 'function' || stat.uid === process.getuid()) && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** One entry per bundle path and Node build; the content hash follows it in the name. */
function entryPrefix(filename: string): string {
  return sha256(`${process.version}\0${process.arch}\0${filename}`).slice(0, 16);
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The bytecode of an entry whose checksum holds, else undefined (missing, truncated, damaged). */
function readEntry(file: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length <= MAGIC.length + DIGEST_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const digest = bytes.subarray(MAGIC.length, MAGIC.length + DIGEST_BYTES);
  const data = bytes.subarray(MAGIC.length + DIGEST_BYTES);
  return createHash('sha256').update(data).digest().equals(digest) ? data : undefined;
}

/** Written whole or not at all (temporary file, then rename); older entries of the same bundle are removed. */
function writeEntry(file: string, data: Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([MAGIC, createHash('sha256').update(data).digest(), data]), { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    rmSync(temporary, { force: true });
    return;
  }
  // A new TypeScript or Node version leaves the old entry unused: keep the folder from growing.
  const directory = path.dirname(file);
  const name = path.basename(file);
  const prefix = `${name.slice(0, name.indexOf('-'))}-`;
  try {
    for (const other of readdirSync(directory)) {
      if (other !== name && other.startsWith(prefix) && other.endsWith('.bin')) rmSync(path.join(directory, other), { force: true });
    }
  } catch {
    // Another process may be pruning too.
  }
}

/** Node drops a `#!` line before compiling a CommonJS module; inside the wrapper it would be a syntax error. */
function withoutShebang(content: string): string {
  return content.startsWith('#!') ? `//${content.slice(2)}` : content;
}
