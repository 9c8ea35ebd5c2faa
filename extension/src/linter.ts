// Keeps the Problems panel in step with the core: lints JSON documents on open and as you type
// (debounced), shows only what the core recognises, clears on close.
import * as vscode from "vscode";
import { commandUri, countSeverities, severityOf, statusText, tagsOf, visibleDiagnostics } from "./convert";
import type { DalintCore } from "./core";
import type { CoreDiagnostic, CoreOptions } from "./coreTypes";
import { readSettings, type OptionsSource } from "./settings";

export const SOURCE = "dalint";
export const EXPLAIN_COMMAND = "dalint.explainRule";
const DEBOUNCE_MS = 200;

/** What the last lint of a document found, for code actions, hovers and the status bar. */
export interface LintState {
  version: number;
  options: CoreOptions;
  /** Every diagnostic the core returned, shown or not. */
  all: CoreDiagnostic[];
  shown: CoreDiagnostic[];
  recognised: boolean;
  /** Why the core refused the options (an invalid `dalint.json` or setting): nothing was linted. */
  configError?: string;
}

export function isJsonDocument(document: vscode.TextDocument): boolean {
  return document.languageId === "json" || document.languageId === "jsonc" || isTerraformDocument(document);
}

/** Terraform (CX as Code): the HashiCorp extension's `terraform` language, or a plain `.tf` /
 * `.tfvars` file without it. The core picks the language from the file name. */
export function isTerraformDocument(document: vscode.TextDocument): boolean {
  return document.languageId === "terraform" || document.languageId === "terraform-vars" || /\.(tf|tfvars)$/i.test(document.uri.path);
}

export function toRange(range: CoreDiagnostic["range"]): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export class Linter implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(SOURCE);
  private readonly states = new Map<string, LintState>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly parseCodes: ReadonlySet<string>;
  private readonly linted = new vscode.EventEmitter<vscode.TextDocument>();
  /** Fires after a document's diagnostics were updated. */
  readonly onDidLint = this.linted.event;

  private readonly reported = new Set<string>();

  constructor(
    private readonly core: DalintCore,
    private readonly options: OptionsSource,
    private readonly log: vscode.OutputChannel,
  ) {
    this.parseCodes = new Set(core.rules().filter((r) => r.category === "parse").map((r) => r.code));
    this.disposables.push(
      this.collection,
      this.linted,
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
      options.onDidChange(() => this.lintAll()),
    );
  }

  lintAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  state(document: vscode.TextDocument): LintState | undefined {
    const state = this.states.get(document.uri.toString());
    return state && state.version === document.version ? state : undefined;
  }

  /** The state for the document as it is now, linting it first when needed. */
  async current(document: vscode.TextDocument): Promise<LintState | undefined> {
    return this.state(document) ?? (await this.lint(document));
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!isJsonDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.lint(document);
      }, delay),
    );
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.states.delete(key);
    this.collection.delete(uri);
  }

  async lint(document: vscode.TextDocument): Promise<LintState | undefined> {
    if (!isJsonDocument(document) || document.isClosed) return undefined;
    const settings = readSettings(document.uri);
    if (!settings.enable) {
      this.forget(document.uri);
      return undefined;
    }
    const version = document.version;
    const options = await this.options.optionsFor(document);
    if (document.isClosed || document.version !== version) return this.state(document);
    const key = document.uri.toString();
    let all: CoreDiagnostic[];
    try {
      all = this.core.lint(document.getText(), options);
    } catch (error) {
      // The core validates the options as it validates dalint.json (the CLI exits 2 on them):
      // say so once, and show nothing rather than findings under the wrong configuration.
      const configError = (error as Error).message;
      if (!this.reported.has(configError)) {
        this.reported.add(configError);
        this.log.appendLine(`${vscode.workspace.asRelativePath(document.uri, false)}: ${configError}`);
      }
      const state: LintState = {
        version,
        options,
        all: [],
        shown: [],
        recognised: this.states.get(key)?.recognised ?? false,
        configError,
      };
      this.states.set(key, state);
      this.collection.delete(document.uri);
      this.linted.fire(document);
      return state;
    }
    const matchesFilesSetting = settings.files.some(
      (pattern) => vscode.languages.match({ pattern }, document) > 0,
    );
    const visibility = visibleDiagnostics(all, this.parseCodes, {
      matchesFilesSetting,
      wasRecognised: this.states.get(key)?.recognised ?? false,
    });
    const state: LintState = { version, options, all, ...visibility };
    this.states.set(key, state);
    this.collection.set(document.uri, state.shown.map((d) => this.toDiagnostic(d, document.uri)));
    this.linted.fire(document);
    return state;
  }

  private toDiagnostic(d: CoreDiagnostic, uri: vscode.Uri): vscode.Diagnostic {
    const diagnostic = new vscode.Diagnostic(toRange(d.range), d.message, severityOf(d.severity));
    diagnostic.source = SOURCE;
    diagnostic.code = { value: d.code, target: vscode.Uri.parse(commandUri(EXPLAIN_COMMAND, [d.code])) };
    const tags = tagsOf(d.name);
    if (tags.length > 0) diagnostic.tags = tags;
    if (d.labels?.length) {
      diagnostic.relatedInformation = d.labels.map(
        (l) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(l.range)), l.message),
      );
    }
    return diagnostic;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
  }
}

/** "dalint ⊗ 1 ⚠ 2" for the active editor's document, hidden for documents dalint ignores. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("dalint.status", vscode.StatusBarAlignment.Left, 0);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly linter: Linter) {
    this.item.name = "dalint";
    this.item.command = "workbench.actions.view.problems";
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      linter.onDidLint((doc) => {
        if (doc === vscode.window.activeTextEditor?.document) this.update();
      }),
    );
    this.update();
  }

  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const state = document && this.linter.state(document);
    if (state?.configError) {
      this.item.text = "$(warning) dalint: configuration error";
      this.item.tooltip = `dalint did not lint this file: ${state.configError}`;
      this.item.show();
      return;
    }
    if (!state || !state.recognised) {
      this.item.hide();
      return;
    }
    const counts = countSeverities(state.shown);
    this.item.text = statusText(counts, state.options.env);
    this.item.tooltip = `dalint: ${counts.errors} error(s), ${counts.warnings} warning(s), ${counts.others} other(s) in this file`;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
