// Applying the core's fixes: quick fixes, fix-all (also `source.fixAll.dalint`) and extracting
// secrets. Edits come from the core as they are; whatever removes a secret goes through the core's
// applyFixes, whose provisioning payloads open in an untitled document so the secret is not lost.
import * as vscode from "vscode";
import { fixTitle, minimalEdit, onlyRules, payloadsFor, provisioningDocument } from "./convert";
import type { DalintCore } from "./core";
import type { CoreDiagnostic, CoreFix, CoreOptions, CoreProvisioning } from "./coreTypes";
import { type Linter, SOURCE, toRange } from "./linter";
import { readSettings } from "./settings";

export const APPLY_FIX_COMMAND = "dalint.applyFix";
export const FIX_ALL_COMMAND = "dalint.fixAll";
export const EXTRACT_SECRETS_COMMAND = "dalint.extractSecrets";
export const SHOW_PROVISIONING_COMMAND = "dalint.showProvisioning";
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append(SOURCE);

/** Identifies one fix of one finding across re-lints (the core reports stable pointers). */
export interface FixRef {
  uri: string;
  code: string;
  pointer: string;
  title: string;
}

function workspaceEdit(document: vscode.TextDocument, fix: CoreFix): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) edit.replace(document.uri, toRange(e.range), e.newText);
  return edit;
}

/** The edit that turns the document's text into `text` (one minimal replacement). */
function replaceWith(document: vscode.TextDocument, text: string): vscode.WorkspaceEdit | undefined {
  const change = minimalEdit(document.getText(), text);
  if (!change) return undefined;
  const edit = new vscode.WorkspaceEdit();
  const range = new vscode.Range(document.positionAt(change.start), document.positionAt(change.end));
  edit.replace(document.uri, range, change.newText);
  return edit;
}

/** Opens removed secrets in an untitled, unsaved document beside the editor. */
export async function showProvisioning(payloads: CoreProvisioning[], sourceName: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({
    language: "jsonc",
    content: provisioningDocument(payloads, sourceName),
  });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  return document;
}

function displayName(document: vscode.TextDocument): string {
  return vscode.workspace.asRelativePath(document.uri, false);
}

export class Fixer {
  constructor(
    private readonly core: DalintCore,
    private readonly linter: Linter,
  ) {}

  private get allCodes(): string[] {
    return this.core.rules().map((r) => r.code);
  }

  /** The code actions for one diagnostic: each of its fixes, then "Explain rule". */
  fixActions(document: vscode.TextDocument, shown: vscode.Diagnostic, d: CoreDiagnostic): vscode.CodeAction[] {
    const actions = d.fixes.map((fix) => {
      const action = new vscode.CodeAction(fixTitle(d.code, fix), vscode.CodeActionKind.QuickFix);
      action.diagnostics = [shown];
      if (fix.applicability === "display-only") {
        action.disabled = { reason: "dalint shows this fix but does not apply it automatically: check it by hand" };
      } else if (fix.extracts?.length) {
        const ref: FixRef = { uri: document.uri.toString(), code: d.code, pointer: d.pointer, title: fix.title };
        action.command = { command: APPLY_FIX_COMMAND, title: action.title, arguments: [ref] };
      } else {
        action.edit = workspaceEdit(document, fix);
      }
      action.isPreferred = fix.applicability === "safe" && d.fixes.length === 1;
      return action;
    });
    return actions;
  }

  /**
   * Applies one fix that takes secrets out with the core's apply_fix (which checks it as fix-all
   * does), and shows the provisioning payloads of the secrets it removed.
   */
  async applyFix(ref: FixRef): Promise<boolean> {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri));
    const state = await this.linter.current(document);
    const finding = state?.all.find((d) => d.code === ref.code && d.pointer === ref.pointer);
    const fix = finding?.fixes.find((f) => f.title === ref.title);
    if (!state || !finding || !fix) {
      void vscode.window.showInformationMessage(`dalint: ${ref.code} no longer applies here; nothing was changed.`);
      return false;
    }
    const names = fix.extracts ?? [];
    const outcome = this.core.applyFix(
      document.getText(),
      state.options,
      { code: finding.code, pointer: finding.pointer, range: finding.range, title: fix.title },
      { unsafe: true, discardSecrets: false },
    );
    const payloads = payloadsFor(outcome.provisioning, names);
    if (!outcome.changed || payloads.length !== names.length) {
      void vscode.window.showErrorMessage(`dalint: could not apply the ${ref.code} fix; nothing was changed.`);
      return false;
    }
    const edit = replaceWith(document, outcome.text);
    if (edit && !(await vscode.workspace.applyEdit(edit))) return false;
    if (payloads.length > 0) await showProvisioning(payloads, displayName(document));
    return true;
  }

  /**
   * Everything fix-all would do to `document`: the edit, and the payloads of removed secrets.
   * Unsafe fixes only with `dalint.unsafeFixes`, or when `restrictTo` asks for specific rules.
   */
  planFixAll(
    document: vscode.TextDocument,
    state: { options: CoreOptions },
    unsafe: boolean,
    restrictTo?: ReadonlySet<string>,
  ): { edit?: vscode.WorkspaceEdit; payloads: CoreProvisioning[] } {
    const options = restrictTo ? onlyRules(state.options, this.allCodes, restrictTo) : state.options;
    const outcome = this.core.applyFixes(document.getText(), options, { unsafe, discardSecrets: false });
    if (!outcome.changed) return { payloads: [] };
    return { edit: replaceWith(document, outcome.text), payloads: outcome.provisioning };
  }

  /** The `source.fixAll.dalint` action (also what `editor.codeActionsOnSave` runs). */
  fixAllAction(document: vscode.TextDocument, state: { options: CoreOptions }): vscode.CodeAction | undefined {
    const plan = this.planFixAll(document, state, readSettings(document.uri).unsafeFixes);
    if (!plan.edit) return undefined;
    const action = new vscode.CodeAction("Fix all dalint problems", FIX_ALL_KIND);
    action.edit = plan.edit;
    if (plan.payloads.length > 0) {
      action.command = {
        command: SHOW_PROVISIONING_COMMAND,
        title: "Show provisioning payloads",
        arguments: [plan.payloads, displayName(document)],
      };
    }
    return action;
  }

  async fixAll(document: vscode.TextDocument): Promise<boolean> {
    const state = await this.linter.current(document);
    if (!state?.recognised) {
      void vscode.window.showInformationMessage("dalint: this document is not a Data Action.");
      return false;
    }
    return this.applyPlan(document, this.planFixAll(document, state, readSettings(document.uri).unsafeFixes), "fix");
  }

  /** Rewrites every hard-coded secret into a reference and shows the secrets' payloads. */
  async extractSecrets(document: vscode.TextDocument): Promise<boolean> {
    const state = await this.linter.current(document);
    const codes = new Set(state?.all.filter((d) => d.fixes.some((f) => f.extracts?.length)).map((d) => d.code));
    if (!state || codes.size === 0) {
      void vscode.window.showInformationMessage("dalint: no hard-coded secret to extract in this document.");
      return false;
    }
    return this.applyPlan(document, this.planFixAll(document, state, true, codes), "secret");
  }

  private async applyPlan(
    document: vscode.TextDocument,
    plan: { edit?: vscode.WorkspaceEdit; payloads: CoreProvisioning[] },
    what: string,
  ): Promise<boolean> {
    if (!plan.edit) {
      void vscode.window.showInformationMessage(`dalint: no ${what} to apply in this document.`);
      return false;
    }
    if (!(await vscode.workspace.applyEdit(plan.edit))) return false;
    if (plan.payloads.length > 0) await showProvisioning(plan.payloads, displayName(document));
    return true;
  }
}
