// The one place the page talks to the dalint WebAssembly package. Everything else calls these
// functions, so the page's behaviour is the package's: lint, fixes (the core's apply_fixes),
// preview, rule docs.

import * as dalint from 'dalint-wasm';

/** Loads the wasm module (bundled next to app.js) and returns the engine API. */
export async function startEngine() {
  await dalint.init(new URL('./dalint_wasm_bg.wasm', import.meta.url));
  const hasPreview = typeof dalint.preview === 'function';
  const hasApplyFix = typeof dalint.applyFix === 'function';
  return {
    version: dalint.version(),
    rules: dalint.rules(),
    explain: (code) => dalint.explain(code) ?? null,
    lint: (text, options) => dalint.lint(text, options).diagnostics,
    applyFixes: (text, options, fixOptions) => dalint.applyFixes(text, options, fixOptions),
    /**
     * Applies one diagnostic's fix. With the package's single-fix entry point this is the core's
     * apply_fixes restricted to that diagnostic (its result has `text` and `provisioning`).
     * Otherwise the fix's own edits come back for the editor to apply as one transaction, and the
     * payloads of the secrets it takes out (`fix.extracts`, by name) come from the package's
     * applyFixes over the same text.
     */
    applyFix: (text, options, diagnostic, fix, fixOptions) => {
      if (hasApplyFix) {
        return dalint.applyFix(text, options, { code: diagnostic.code, pointer: diagnostic.pointer, title: fix.title }, { ...fixOptions, discardSecrets: false });
      }
      const extracts = fix.extracts ?? [];
      const provisioning = extracts.length
        ? dalint.applyFixes(text, options, { unsafe: true, discardSecrets: false }).provisioning.filter((p) => extracts.includes(p.name))
        : [];
      return { edits: fix.edits, provisioning };
    },
    preview: hasPreview ? (text, options, previewOptions) => dalint.preview(text, options, previewOptions) : null,
  };
}
