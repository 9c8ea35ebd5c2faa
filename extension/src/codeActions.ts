// The light bulb: each dalint problem's fixes and "Explain rule"; and `source.fixAll.dalint`
// (the Source Action menu and `editor.codeActionsOnSave`).
import * as vscode from "vscode";
import type { CoreDiagnostic } from "./coreTypes";
import { FIX_ALL_KIND, type Fixer } from "./fixes";
import { EXPLAIN_COMMAND, type Linter, SOURCE } from "./linter";

/** The core's finding behind a diagnostic VS Code hands back (same code, same range). */
function findingFor(shown: vscode.Diagnostic, findings: readonly CoreDiagnostic[]): CoreDiagnostic | undefined {
  if (shown.source !== SOURCE || typeof shown.code !== "object") return undefined;
  const code = String(shown.code.value);
  const { start, end } = shown.range;
  return findings.find(
    (d) =>
      d.code === code &&
      d.range.start.line === start.line &&
      d.range.start.character === start.character &&
      d.range.end.line === end.line &&
      d.range.end.character === end.character,
  );
}

export class CodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND];

  constructor(
    private readonly linter: Linter,
    private readonly fixer: Fixer,
  ) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    const state = await this.linter.current(document);
    if (!state) return [];
    const actions: vscode.CodeAction[] = [];
    const explained = new Set<string>();
    for (const shown of context.diagnostics) {
      const finding = findingFor(shown, state.shown);
      if (!finding) continue;
      actions.push(...this.fixer.fixActions(document, shown, finding));
      if (!explained.has(finding.code)) {
        explained.add(finding.code);
        const explain = new vscode.CodeAction(
          `${finding.code}: Explain rule ${finding.name}`,
          vscode.CodeActionKind.QuickFix,
        );
        explain.command = { command: EXPLAIN_COMMAND, title: explain.title, arguments: [finding.code] };
        actions.push(explain);
      }
    }
    // Fix-all runs the core's fix loop: only when asked for (Source Action menu, on save).
    if (state.recognised && context.only?.contains(FIX_ALL_KIND)) {
      const fixAll = this.fixer.fixAllAction(document, state);
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  }
}
