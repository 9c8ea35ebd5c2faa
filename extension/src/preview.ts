// "dalint: Preview Request": the request the action under the cursor would send, rendered by the
// core with secrets redacted, in a read-only virtual document beside the editor that follows the
// cursor and the edits.
import * as vscode from "vscode";
import { actionIndexAt, pointerOf, previewDocument } from "./convert";
import type { DalintCore } from "./core";
import type { Linter } from "./linter";
import type { OptionsSource } from "./settings";

export const PREVIEW_SCHEME = "dalint-preview";
const REFRESH_MS = 150;

/** The JSON pointer of the innermost node at `position`, from VS Code's JSON document symbols. */
async function pointerAt(document: vscode.TextDocument, position: vscode.Position): Promise<string | undefined> {
  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>(
    "vscode.executeDocumentSymbolProvider",
    document.uri,
  );
  if (!symbols?.length || !("children" in symbols[0])) return undefined;
  const path: string[] = [];
  let level: vscode.DocumentSymbol[] = symbols;
  for (;;) {
    const holder = level.find((s) => s.range.contains(position));
    if (!holder) break;
    path.push(holder.name);
    level = holder.children;
  }
  return pointerOf(path);
}

export class RequestPreview implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** Preview URI → the source document's URI and the cursor there. */
  private readonly sources = new Map<string, { source: vscode.Uri; position: vscode.Position }>();
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly core: DalintCore,
    private readonly options: OptionsSource,
    linter: Linter,
  ) {
    this.disposables.push(
      this.changed,
      linter.onDidLint((document) => this.refresh(document.uri)),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        const key = this.previewUri(e.textEditor.document.uri).toString();
        const entry = this.sources.get(key);
        if (entry) {
          entry.position = e.selections[0].active;
          this.refresh(e.textEditor.document.uri);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === PREVIEW_SCHEME) this.sources.delete(document.uri.toString());
      }),
    );
  }

  previewUri(source: vscode.Uri): vscode.Uri {
    return vscode.Uri.from({
      scheme: PREVIEW_SCHEME,
      path: `${source.path}.http`,
      query: source.toString(),
    });
  }

  private refresh(source: vscode.Uri): void {
    const uri = this.previewUri(source);
    if (!this.sources.has(uri.toString())) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(uri), REFRESH_MS);
  }

  /** Opens (or reveals) the preview of the active editor's document beside it. */
  async show(editor: vscode.TextEditor): Promise<vscode.TextDocument> {
    const uri = this.previewUri(editor.document.uri);
    this.sources.set(uri.toString(), { source: editor.document.uri, position: editor.selection.active });
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, {
      viewColumn: vscode.ViewColumn.Beside,
      preserveFocus: true,
      preview: true,
    });
    return document;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const entry = this.sources.get(uri.toString());
    const sourceUri = entry?.source ?? vscode.Uri.parse(uri.query);
    const source = await vscode.workspace.openTextDocument(sourceUri);
    const name = vscode.workspace.asRelativePath(sourceUri, false);
    const options = await this.options.optionsFor(source);
    const text = source.getText();
    try {
      // The core renders; the extension only picks the action under the cursor.
      const all = this.core.preview(text, options);
      if (all.actions.length <= 1) return previewDocument(name, all.actions.length, 0, all.http);
      const cursor = entry ? await pointerAt(source, entry.position) : undefined;
      const index = actionIndexAt(all.actions, cursor);
      return previewDocument(name, all.actions.length, index, this.core.preview(text, options, { action: index }).http);
    } catch (error) {
      return `# ${name}: no preview: ${(error as Error).message}\n`;
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
