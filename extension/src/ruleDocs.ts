// "Explain rule": the rule's documentation (bundled in the wasm core, offline) in a Markdown
// preview, from a read-only virtual document `dalint-rule:/CODE.md`.
import * as vscode from "vscode";
import type { DalintCore } from "./core";

export const RULE_DOCS_SCHEME = "dalint-rule";

export class RuleDocs implements vscode.TextDocumentContentProvider {
  constructor(private readonly core: DalintCore) {}

  static uri(code: string): vscode.Uri {
    return vscode.Uri.from({ scheme: RULE_DOCS_SCHEME, path: `/${code}.md` });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const code = uri.path.replace(/^\//, "").replace(/\.md$/, "");
    return this.core.explain(code) ?? `# ${code}\n\ndalint has no rule \`${code}\`.\n`;
  }

  /** Opens the docs of `code` (asks for a rule when none is given). */
  async explain(code?: string): Promise<vscode.Uri | undefined> {
    if (!code) {
      const picked = await vscode.window.showQuickPick(
        this.core.rules().map((r) => ({ label: r.code, description: r.name, detail: r.summary })),
        { placeHolder: "Explain which dalint rule?", matchOnDescription: true, matchOnDetail: true },
      );
      code = picked?.label;
    }
    if (!code) return undefined;
    const uri = RuleDocs.uri(code);
    try {
      await vscode.commands.executeCommand("markdown.showPreviewToSide", uri);
    } catch {
      // Without the built-in Markdown extension, the Markdown source is still readable.
      await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    }
    return uri;
  }
}
