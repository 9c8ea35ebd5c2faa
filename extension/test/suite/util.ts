// Helpers for the extension-host tests: everything goes through the real VS Code API.
import * as vscode from "vscode";
import type { DalintApi } from "../../src/extension";

export const EXTENSION_ID = "dalint.dalint";

export async function dalint(): Promise<DalintApi> {
  const extension = vscode.extensions.getExtension<DalintApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
  return extension.isActive ? extension.exports : await extension.activate();
}

export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error("the tests need a workspace folder");
  return vscode.Uri.joinPath(folder.uri, relative);
}

/** Copies a workspace file to a fresh name, so each test edits its own document. The copy keeps
 * the whole extension (`main.tf.json` → `main.copy3.tf.json`): the core reads the language from it. */
let copies = 0;
export async function freshCopy(relative: string): Promise<vscode.Uri> {
  const source = workspaceUri(relative);
  const target = workspaceUri(relative.replace(/^((?:.*\/)?[^/.]+)(\.[^/]+)$/, `$1.copy${++copies}$2`));
  await vscode.workspace.fs.copy(source, target, { overwrite: true });
  return target;
}

export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Polls `probe` until it returns something truthy (the extension works asynchronously). */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The preview of `source` (earlier previews may still be open as documents). */
export function previewOf(source: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === "dalint-preview" && d.uri.path === `${source.path}.http`);
}

export function dalintDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === "dalint");
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === "object" ? String(code.value) : String(code);
}

/** The code actions VS Code collects for `range` (`executeCodeActionProvider`), polled. */
export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string, want?: (a: vscode.CodeAction) => boolean): Promise<vscode.CodeAction[]> {
  // Right after a diagnostic appears the provider can return [] once: poll.
  return waitFor(async () => {
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>(
      "vscode.executeCodeActionProvider",
      uri,
      range,
      kind,
    )) ?? [];
    return actions.some(want ?? (() => true)) ? actions : undefined;
  }, `code actions at ${uri.path}:${range.start.line + 1}`);
}

/** Applies a code action the way the light bulb does: its edit, then its command. */
export async function applyCodeAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) await vscode.workspace.applyEdit(action.edit);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration("dalint").update(key, value, vscode.ConfigurationTarget.Workspace);
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand("workbench.action.closeAllEditors");
}

/** Untitled documents opened since `before` (the provisioning payloads). */
export function newUntitled(before: readonly vscode.TextDocument[]): vscode.TextDocument[] {
  return vscode.workspace.textDocuments.filter((d) => d.isUntitled && !before.includes(d));
}

/** The fake key of test/workspace/actions/guide-static-key.json. */
export const FAKE_KEY = "sk_live_51Hx9fakeKeyForDalintDemo0nly7Qp";
