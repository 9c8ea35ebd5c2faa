// The extension: wires the wasm core to VS Code. Built twice by build.mjs, for the Node extension
// host (`main`) and the web worker host (`browser`); both load the same .wasm.
import * as vscode from "vscode";
import { loadCore } from "./core";
import { CodeActions } from "./codeActions";
import {
  APPLY_FIX_COMMAND,
  EXTRACT_SECRETS_COMMAND,
  FIX_ALL_COMMAND,
  Fixer,
  SHOW_PROVISIONING_COMMAND,
  showProvisioning,
} from "./fixes";
import { ReferenceHovers } from "./hover";
import { EXPLAIN_COMMAND, Linter, StatusBar, isJsonDocument } from "./linter";
import { PREVIEW_SCHEME, RequestPreview } from "./preview";
import { RULE_DOCS_SCHEME, RuleDocs } from "./ruleDocs";
import { OptionsSource } from "./settings";

const SELECT_ENVIRONMENT_COMMAND = "dalint.selectEnvironment";
const PREVIEW_COMMAND = "dalint.previewRequest";
const JSON_SELECTOR: vscode.DocumentSelector = [
  { language: "json" },
  { language: "jsonc" },
  { language: "terraform" },
  { language: "terraform-vars" },
  { pattern: "**/*.{tf,tfvars}" },
];

/** What tests can reach through `vscode.extensions.getExtension(...).exports`. */
export interface DalintApi {
  version: string;
  linter: Linter;
}

export async function activate(context: vscode.ExtensionContext): Promise<DalintApi> {
  const log = vscode.window.createOutputChannel("dalint");
  const core = await loadCore(context.extensionUri);
  const options = new OptionsSource(core, log);
  const linter = new Linter(core, options, log);
  const fixer = new Fixer(core, linter);
  const ruleDocs = new RuleDocs(core);
  const preview = new RequestPreview(core, options, linter);
  log.appendLine(`dalint ${core.version()} ready`);

  const activeDocument = () => {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !isJsonDocument(document)) {
      void vscode.window.showInformationMessage("dalint: open a Data Action (a JSON file) first.");
      return undefined;
    }
    return document;
  };

  context.subscriptions.push(
    log,
    options,
    linter,
    new StatusBar(linter),
    preview,
    vscode.workspace.registerTextDocumentContentProvider(RULE_DOCS_SCHEME, ruleDocs),
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, preview),
    vscode.languages.registerCodeActionsProvider(JSON_SELECTOR, new CodeActions(linter, fixer), {
      providedCodeActionKinds: CodeActions.kinds,
    }),
    vscode.languages.registerHoverProvider(JSON_SELECTOR, new ReferenceHovers(core, linter)),
    vscode.commands.registerCommand(EXPLAIN_COMMAND, (code?: string) => ruleDocs.explain(code)),
    vscode.commands.registerCommand(APPLY_FIX_COMMAND, (ref) => fixer.applyFix(ref)),
    vscode.commands.registerCommand(SHOW_PROVISIONING_COMMAND, (payloads, sourceName: string) =>
      showProvisioning(payloads, sourceName),
    ),
    vscode.commands.registerCommand(FIX_ALL_COMMAND, () => {
      const document = activeDocument();
      return document ? fixer.fixAll(document) : false;
    }),
    vscode.commands.registerCommand(EXTRACT_SECRETS_COMMAND, () => {
      const document = activeDocument();
      return document ? fixer.extractSecrets(document) : false;
    }),
    vscode.commands.registerCommand(SELECT_ENVIRONMENT_COMMAND, selectEnvironment),
    vscode.commands.registerCommand(PREVIEW_COMMAND, () => {
      const editor = vscode.window.activeTextEditor;
      return editor && activeDocument() ? preview.show(editor) : undefined;
    }),
  );
  linter.lintAll();
  return { version: core.version(), linter };
}

/** Sets `dalint.environment` (for the workspace when one is open): names and checks follow it. */
async function selectEnvironment(): Promise<string | undefined> {
  const config = vscode.workspace.getConfiguration("dalint");
  const current = config.get<string | null>("environment", null);
  const items: vscode.QuickPickItem[] = [
    { label: "prod", description: "production org" },
    { label: "dev" },
    { label: "test" },
    { label: "uat" },
    { label: "stage" },
    { label: "Other…", description: "type an environment name" },
    { label: "From dalint.json", description: "clear the setting" },
  ].map((item) => (item.label === current ? { ...item, detail: "current" } : item));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: `dalint environment (now: ${current ?? "from dalint.json, else prod"})` });
  if (!picked) return undefined;
  let value: string | null | undefined = picked.label;
  if (picked.label === "Other…") value = await vscode.window.showInputBox({ prompt: "Environment name" });
  if (picked.label === "From dalint.json") value = null;
  if (value === undefined) return undefined;
  const target = vscode.workspace.workspaceFolders?.length
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
  await config.update("environment", value, target);
  return value ?? undefined;
}

export function deactivate(): void {}
