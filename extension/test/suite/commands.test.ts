import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { closeAll, codeOf, dalint, dalintDiagnostics, open, waitFor, workspaceUri } from "./util";

export function registerCommandTests(): void {
  suite("commands", () => {
    teardown(closeAll);

    test("Explain Rule opens the bundled docs of the rule", async () => {
      const uri = await vscode.commands.executeCommand<vscode.Uri>("dalint.explainRule", "SCH001");
      assert.ok(uri);
      const docs = await waitFor(
        () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()),
        "the rule docs document",
      );
      const text = docs.getText();
      assert.match(text, /## What it does/);
      assert.match(text, /## Why is this bad\?/);
      assert.match(text, /not-a-data-action|Data Action/);
    });

    test("an Explain quick fix sits beside each dalint problem", async () => {
      const uri = workspaceUri("forced/settings.json");
      await open(uri);
      const shown = await waitFor(() => dalintDiagnostics(uri)[0], "SCH001 on forced/settings.json");
      const actions = await waitFor(async () => {
        const all = (await vscode.commands.executeCommand<vscode.CodeAction[]>(
          "vscode.executeCodeActionProvider",
          uri,
          shown.range,
        )) ?? [];
        return all.find((a) => a.title.startsWith(`${codeOf(shown)}: Explain`)) ? all : undefined;
      }, "the Explain action");
      const explain = actions.find((a) => a.title.startsWith("SCH001: Explain"));
      assert.equal(explain?.command?.command, "dalint.explainRule");
      assert.deepEqual(explain?.command?.arguments, ["SCH001"]);
    });

    test("Select Environment sets dalint.environment", async () => {
      const api = await dalint();
      const editor = await open(workspaceUri("actions/guide-clean.json"));
      const picked = vscode.commands.executeCommand<string>("dalint.selectEnvironment");
      // The quick pick lists prod first; move to the second entry (dev) and accept it.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await vscode.commands.executeCommand("workbench.action.quickOpenSelectNext");
      await vscode.commands.executeCommand("workbench.action.acceptSelectedQuickOpenItem");
      try {
        assert.equal(await picked, "dev");
        assert.equal(vscode.workspace.getConfiguration("dalint").get("environment"), "dev");
        const state = await waitFor(async () => {
          const s = await api.linter.current(editor.document);
          return s?.options.env === "dev" ? s : undefined;
        }, "the new environment in the core's options");
        assert.equal(state.options.env, "dev");
      } finally {
        await vscode.workspace.getConfiguration("dalint").update("environment", undefined, vscode.ConfigurationTarget.Workspace);
      }
    });
  });
}
