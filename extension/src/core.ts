// Loads the wasm core once. The same bytes serve the Node entry and the web-worker entry: they
// are read through `vscode.workspace.fs` (works in both hosts) and instantiated synchronously.
import * as vscode from "vscode";
import type {
  CoreDiagnostic,
  CoreFixResult,
  CoreOptions,
  CoreRule,
} from "./coreTypes";
import * as wasm from "dalint-wasm";
import type { PreviewedAction } from "./convert";

/** What the extension uses of the package's `preview` (its `PreviewResult`). */
export interface PreviewResult {
  actions: PreviewedAction[];
  /** The preview as HTTP messages, as `dalint preview` prints it. */
  http: string;
}
type PreviewFunction = (text: string, options: CoreOptions, previewOptions?: { action?: number }) => PreviewResult;

export interface DalintCore {
  lint(text: string, options: CoreOptions): CoreDiagnostic[];
  applyFixes(text: string, options: CoreOptions, fixOptions: { unsafe: boolean; discardSecrets: boolean }): CoreFixResult;
  rules(): CoreRule[];
  explain(code: string): string | undefined;
  version(): string;
  preview?: PreviewFunction;
}

/** Where the package script and build.mjs put the module inside the extension. */
export const WASM_PATH = ["dist", "dalint_wasm_bg.wasm"];

export async function loadCore(extensionUri: vscode.Uri): Promise<DalintCore> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, ...WASM_PATH));
  wasm.initSync({ module: bytes });
  return {
    lint: (text, options) => wasm.lint(text, options).diagnostics,
    applyFixes: (text, options, fixOptions) => wasm.applyFixes(text, options, fixOptions),
    rules: () => wasm.rules(),
    explain: (code) => wasm.explain(code) ?? undefined,
    version: () => wasm.version(),
    preview: (wasm as { preview?: PreviewFunction }).preview,
  };
}
