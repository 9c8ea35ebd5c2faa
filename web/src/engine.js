// The one place the page talks to the dalint WebAssembly package. Everything else calls these
// functions, so the page's behaviour is the package's: lint, fixes (the core's apply_fixes),
// preview, rule docs.

import * as dalint from 'dalint-wasm';

/** Loads the wasm module (bundled next to app.js) and returns the engine API. */
export async function startEngine() {
  await dalint.init(new URL('./dalint_wasm_bg.wasm', import.meta.url));
  const hasPreview = typeof dalint.preview === 'function';
  return {
    version: dalint.version(),
    rules: dalint.rules(),
    explain: (code) => dalint.explain(code) ?? null,
    lint: (text, options) => dalint.lint(text, options).diagnostics,
    applyFixes: (text, options, fixOptions) => dalint.applyFixes(text, options, fixOptions),
    /**
     * Applies one diagnostic's fix with the core's apply_fix: `{ text, changed, heldBack,
     * provisioning }`, unchanged when the fix is held back, gone, or would break the JSON.
     */
    applyFix: (text, options, diagnostic, fix, fixOptions) =>
      dalint.applyFix(
        text,
        options,
        { code: diagnostic.code, pointer: diagnostic.pointer, range: diagnostic.range, title: fix.title },
        { ...fixOptions, discardSecrets: false },
      ),
    preview: hasPreview ? (text, options, previewOptions) => dalint.preview(text, options, previewOptions) : null,
  };
}
