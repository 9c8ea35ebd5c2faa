// Loads the wasm core once. The same bytes serve the Node entry and the web-worker entry: they
// are read through `vscode.workspace.fs` (works in both hosts) and instantiated synchronously.
import * as vscode from "vscode";
import type {
  CoreDiagnostic,
  CoreFixResult,
  CoreOptions,
  CorePreviewResult,
  CoreRange,
  CoreReference,
  CoreRule,
} from "./coreTypes";
import * as wasm from "dalint-wasm";

export interface DalintCore {
  lint(text: string, options: CoreOptions): CoreDiagnostic[];
  applyFixes(text: string, options: CoreOptions, fixOptions: { unsafe: boolean; discardSecrets: boolean }): CoreFixResult;
  /** One quick fix with the core's apply_fix: unchanged when it is held back, gone or would break the JSON. */
  applyFix(
    text: string,
    options: CoreOptions,
    fix: { code: string; pointer: string; title: string; range?: CoreRange },
    fixOptions: { unsafe: boolean; discardSecrets: boolean },
  ): CoreFixResult;
  rules(): CoreRule[];
  explain(code: string): string | undefined;
  version(): string;
  /** The request each action would send, redacted; `action` picks one (0-based). */
  preview(text: string, options: CoreOptions, previewOptions?: { action?: number }): CorePreviewResult;
  /** Every secret reference with its environment and inventory status. */
  references(text: string, options: CoreOptions): CoreReference[];
  /** The names of an inventory file's text; throws a positioned Error when it is unusable. */
  parseInventory(text: string): string[];
}

/** Where the package script and build.mjs put the module inside the extension. */
export const WASM_PATH = ["dist", "dalint_wasm_bg.wasm"];

export async function loadCore(extensionUri: vscode.Uri): Promise<DalintCore> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, ...WASM_PATH));
  wasm.initSync({ module: bytes });
  return {
    lint: (text, options) => wasm.lint(text, options).diagnostics,
    applyFixes: (text, options, fixOptions) => wasm.applyFixes(text, options, fixOptions),
    applyFix: (text, options, fix, fixOptions) => wasm.applyFix(text, options, fix, fixOptions),
    rules: () => wasm.rules(),
    explain: (code) => wasm.explain(code) ?? undefined,
    version: () => wasm.version(),
    preview: (text, options, previewOptions) => wasm.preview(text, options, previewOptions),
    references: (text, options) => wasm.references(text, options).references,
    parseInventory: (text) => wasm.parseInventory(text),
  };
}
