// Where the core's options come from: the workspace's `dalint.json`, the `dalint.*` settings and
// the inventory file they name. Reads files through `vscode.workspace.fs` (Node and web alike).
import * as vscode from "vscode";
import { buildOptions, type DalintSettings } from "./convert";
import type { DalintCore } from "./core";
import type { CoreOptions, RuleLevel } from "./coreTypes";

export const CONFIG_FILE = "dalint.json";

export interface EditorSettings extends DalintSettings {
  enable: boolean;
  files: string[];
  inventoryPath: string | null;
  unsafeFixes: boolean;
}

export function readSettings(scope?: vscode.ConfigurationScope): EditorSettings {
  const config = vscode.workspace.getConfiguration("dalint", scope);
  return {
    enable: config.get<boolean>("enable", true),
    files: config.get<string[]>("files", []),
    environment: config.get<string | null>("environment", null),
    inventoryPath: config.get<string | null>("inventoryPath", null),
    rewriteTarget: config.get<string | null>("rewriteTarget", null),
    unsafeFixes: config.get<boolean>("unsafeFixes", false),
    rules: config.get<Record<string, RuleLevel>>("rules", {}),
  };
}

interface FolderConfig {
  file?: CoreOptions;
  /** Names read from the inventory file, when one is configured and readable. */
  inventory?: string[];
  /** Why `dalint.json` or the inventory could not be used (shown once in the output channel). */
  problems: string[];
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** Caches each workspace folder's `dalint.json` and inventory until they change. */
export class OptionsSource implements vscode.Disposable {
  private readonly folders = new Map<string, Promise<FolderConfig>>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly core: Pick<DalintCore, "parseInventory">,
    private readonly log: vscode.OutputChannel,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE}`);
    const invalidate = () => this.invalidate();
    this.disposables.push(
      watcher,
      watcher.onDidChange(invalidate),
      watcher.onDidCreate(invalidate),
      watcher.onDidDelete(invalidate),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        // Covers inventory files too, which the watcher above does not know about.
        if (doc.uri.path.endsWith(`/${CONFIG_FILE}`) || this.isInventory(doc.uri)) invalidate();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration("dalint")) invalidate();
      }),
      this.changed,
    );
  }

  private inventoryUris = new Set<string>();

  private isInventory(uri: vscode.Uri): boolean {
    return this.inventoryUris.has(uri.toString());
  }

  invalidate(): void {
    this.folders.clear();
    this.inventoryUris.clear();
    this.changed.fire();
  }

  /** The options for `document`: its folder's `dalint.json`, the settings, its file name. */
  async optionsFor(document: vscode.TextDocument): Promise<CoreOptions> {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    const settings = readSettings(document.uri);
    const config = folder ? await this.folderConfig(folder, settings) : { problems: [] };
    const fileName = folder ? vscode.workspace.asRelativePath(document.uri, false) : document.uri.path;
    return buildOptions(config.file, settings, config.inventory, fileName);
  }

  private folderConfig(folder: vscode.WorkspaceFolder, settings: EditorSettings): Promise<FolderConfig> {
    const key = folder.uri.toString();
    let config = this.folders.get(key);
    if (!config) {
      config = this.loadFolderConfig(folder, settings);
      this.folders.set(key, config);
    }
    return config;
  }

  private async loadFolderConfig(folder: vscode.WorkspaceFolder, settings: EditorSettings): Promise<FolderConfig> {
    const result: FolderConfig = { problems: [] };
    const configUri = vscode.Uri.joinPath(folder.uri, CONFIG_FILE);
    const text = await readText(configUri);
    if (text !== undefined) {
      try {
        result.file = JSON.parse(text) as CoreOptions;
      } catch (error) {
        result.problems.push(`${CONFIG_FILE} is not valid JSON (${(error as Error).message}); it is ignored`);
      }
    }
    const inventoryPath =
      settings.inventoryPath || (typeof result.file?.inventory === "string" ? result.file.inventory : undefined);
    if (inventoryPath) {
      const inventoryUri = /^[a-z][a-z0-9+.-]+:/i.test(inventoryPath)
        ? vscode.Uri.parse(inventoryPath)
        : inventoryPath.startsWith("/")
          ? folder.uri.with({ path: inventoryPath })
          : vscode.Uri.joinPath(folder.uri, inventoryPath);
      this.inventoryUris.add(inventoryUri.toString());
      const inventoryText = await readText(inventoryUri);
      if (inventoryText === undefined) result.problems.push(`inventory ${inventoryPath} could not be read`);
      else {
        try {
          // The core reads the three inventory shapes (the CLI reads the same files).
          result.inventory = this.core.parseInventory(inventoryText);
        } catch (error) {
          result.problems.push(`inventory ${inventoryPath} is not usable: ${(error as Error).message}`);
        }
      }
    }
    for (const problem of result.problems) this.log.appendLine(`${folder.name}: ${problem}`);
    return result;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
