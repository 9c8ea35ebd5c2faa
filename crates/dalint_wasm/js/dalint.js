// dalint for JavaScript: the package's public API over the wasm-bindgen glue (dalint_wasm.js).
//
// It passes JSON strings to and from the module (see src/lib.rs for why), checks arguments, and
// recovers from crashes: a Rust panic arrives as an Error whose message starts with
// "dalint panicked" (a trap as a WebAssembly.RuntimeError); the instance is then unusable, so
// the wrapper re-instantiates it from the compiled module it kept and rethrows a clear Error.
// The next call works.

import initModule, {
  initSync as initModuleSync,
  __wbg_reset_state as reinstantiate,
  __panicForTests,
  applyFixJson,
  applyFixesJson,
  explain as explainRaw,
  lintJson,
  parseInventoryJson,
  previewJson,
  referencesJson,
  rulesJson,
  version as versionRaw,
} from './dalint_wasm.js';

const PANIC_PREFIX = 'dalint panicked';

let ready = false;

/**
 * Loads the module in a browser (or anywhere `fetch` works). With no argument it fetches
 * `dalint_wasm_bg.wasm` next to this file; otherwise pass its URL, a `Response`, its bytes or a
 * compiled `WebAssembly.Module`. Calling it again does nothing.
 */
export async function init(moduleOrPath) {
  if (ready) return;
  await initModule(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
  ready = true;
}

/**
 * Loads the module synchronously from its bytes or a compiled `WebAssembly.Module` (the VS Code
 * extension reads the bytes with `vscode.workspace.fs`). Calling it again does nothing.
 */
export function initSync(options) {
  if (ready) return;
  if (options === null || typeof options !== 'object' || !('module' in options)) {
    throw new TypeError('dalint initSync: pass { module: bytes or WebAssembly.Module }');
  }
  initModuleSync({ module: options.module });
  ready = true;
}

/** Whether `init` or `initSync` has loaded the module. */
export function isInitialized() {
  return ready;
}

function isCrash(error) {
  return (
    error instanceof WebAssembly.RuntimeError ||
    error instanceof RangeError ||
    (error instanceof Error && error.message.startsWith(PANIC_PREFIX))
  );
}

/** Runs one call into the module; after a crash, restarts it and throws a clear Error. */
function guarded(name, run) {
  if (!ready) throw new Error(`dalint ${name}: the module is not loaded; call init() or initSync() first`);
  try {
    return run();
  } catch (error) {
    if (!isCrash(error)) throw error;
    const what = error.message.startsWith(PANIC_PREFIX)
      ? error.message
      : `dalint crashed (${error.name}: ${error.message})`;
    let after;
    try {
      reinstantiate();
      after = 'the module was restarted and the next call will work';
    } catch (restartError) {
      ready = false;
      after = `restarting the module failed (${restartError.message}); call init() or initSync() again`;
    }
    throw new Error(`${what} during ${name}; ${after}`, { cause: error });
  }
}

function requireString(name, what, value) {
  if (typeof value !== 'string') throw new TypeError(`dalint ${name}: ${what} must be a string, got ${typeof value}`);
}

function optionsJson(options) {
  return options === undefined || options === null ? '{}' : JSON.stringify(options);
}

/** Lints one document: `{ diagnostics }`, each with LSP ranges and UTF-16 offsets. */
export function lint(text, options) {
  requireString('lint', 'text', text);
  const json = optionsJson(options);
  return JSON.parse(guarded('lint', () => lintJson(text, json)));
}

/** Applies fixes with the core's `apply_fixes`, as `dalint check --fix` does. */
export function applyFixes(text, options, fixOptions) {
  requireString('applyFixes', 'text', text);
  const json = optionsJson(options);
  const fixJson = optionsJson(fixOptions);
  return JSON.parse(guarded('applyFixes', () => applyFixesJson(text, json, fixJson)));
}

/**
 * Applies one fix (a quick fix) with the core's `apply_fix`: `fix` names it as `lint` reported it,
 * `{ code, pointer, range, title }` (the finding's code, pointer and range, the fix's title).
 * Nothing changes (`changed: false`) when the fix is held back, no longer offered, or would break
 * the JSON. Same result as `applyFixes`.
 */
export function applyFix(text, options, fix, fixOptions) {
  requireString('applyFix', 'text', text);
  const json = optionsJson(options);
  const selectorJson = optionsJson(fix);
  const fixJson = optionsJson(fixOptions);
  return JSON.parse(guarded('applyFix', () => applyFixJson(text, json, selectorJson, fixJson)));
}

/**
 * The request each action (or `previewOptions.action`) would send, with nothing secret in it:
 * `{ actions, http, curl }`. `previewOptions`: `{ inputs, response, action, fileName }`.
 */
export function preview(text, options, previewOptions) {
  requireString('preview', 'text', text);
  const json = optionsJson(options);
  const previewJsonText = optionsJson(previewOptions);
  return JSON.parse(guarded('preview', () => previewJson(text, json, previewJsonText)));
}

/**
 * Every secret reference (`secureData("x")`, `${credentials.x}`, `${authResponse.x}`) in every
 * action's request: `{ references }`, each with its environment and whether the inventory has it.
 */
export function references(text, options) {
  requireString('references', 'text', text);
  const json = optionsJson(options);
  return JSON.parse(guarded('references', () => referencesJson(text, json)));
}

/** The Secure Data names of an inventory file's text; throws a positioned Error when unusable. */
export function parseInventory(text) {
  requireString('parseInventory', 'text', text);
  return JSON.parse(guarded('parseInventory', () => parseInventoryJson(text)));
}

/** Metadata of every rule, sorted by code. */
export function rules() {
  return JSON.parse(guarded('rules', () => rulesJson()));
}

/** A rule's documentation as Markdown (by code or name); `null` for an unknown rule. */
export function explain(code) {
  requireString('explain', 'code', code);
  return guarded('explain', () => explainRaw(code)) ?? null;
}

/** dalint's version. */
export function version() {
  return guarded('version', () => versionRaw());
}

/** For dalint's own tests only: not part of the API, may change at any time. */
export const __testing = Object.freeze({
  /** Makes the Rust code panic, to test recovery. */
  panic() {
    guarded('__testing.panic', () => __panicForTests());
  },
});
