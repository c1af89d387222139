/**
 * Loads `build/kernels.wasm` once per thread (a module-level lazy singleton) and hands out its
 * `Kernels`. The `.wasm` path is resolved relative to this module, which works from both `src/`
 * and `dist/` because both sit one level below the package root.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createKernels, type Kernels } from './kernels.ts';

const WASM_URL = new URL('../build/kernels.wasm', import.meta.url);

let loaded: Kernels | undefined;
let loading: Promise<Kernels> | undefined;

/**
 * The kernels of this thread, compiling and instantiating the module on first use (async file
 * read and compile). Later calls, sync or async, return the same instance.
 *
 * @example
 * const kernels = await loadKernels();
 * const hashes = kernels.murmur3Rows(bytes, offsets);
 */
export function loadKernels(): Promise<Kernels> {
  if (loaded) return Promise.resolve(loaded);
  loading ??= (async () => {
    const module = await WebAssembly.compile(await readFile(WASM_URL));
    const instance = await WebAssembly.instantiate(module, {});
    loaded ??= createKernels(instance);
    return loaded;
  })();
  return loading;
}

/**
 * The kernels of this thread, compiling and instantiating the module synchronously on first use.
 * Returns the same instance as `loadKernels`.
 */
export function loadKernelsSync(): Kernels {
  loaded ??= createKernels(new WebAssembly.Instance(new WebAssembly.Module(readFileSync(WASM_URL)), {}));
  return loaded;
}
