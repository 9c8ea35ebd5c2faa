import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { closeAll, codeOf, dalint, dalintDiagnostics, FAKE_KEY, freshCopy, open, previewOf, waitFor, workspaceUri } from "./util";

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

    test("Preview Request shows method and URL beside the editor, never the secret", async () => {
      const uri = await freshCopy("actions/guide-static-key.json");
      await open(uri);
      await vscode.commands.executeCommand("dalint.previewRequest");
      const preview = await waitFor(() => previewOf(uri), "the preview document");
      const text = preview.getText();
      assert.match(text, /^POST https:\/\/api\.partner\.example\.com\/v1\/events$/m);
      assert.match(text, /^Content-Type: application\/json$/m);
      assert.ok(!text.includes(FAKE_KEY), "the preview shows the secret");
      assert.ok(!text.includes("sk_live_"), "the preview shows part of the secret");
      // Read-only: a virtual document from a content provider, in its own editor beside.
      const previewEditor = vscode.window.visibleTextEditors.find((e) => e.document === preview);
      assert.ok(previewEditor);
      assert.notEqual(previewEditor.viewColumn, vscode.window.activeTextEditor?.viewColumn);
    });

    test("a .tf file: a variable in the Authorization header is SEC009, and the preview shows a ‹var.…› marker", async () => {
      const uri = await freshCopy("terraform/main.tf");
      const editor = await open(uri);
      const sec009 = await waitFor(() => dalintDiagnostics(uri).find((d) => codeOf(d) === "SEC009"), "SEC009 on main.tf");
      const text = editor.document.getText();
      const at = text.indexOf("${var.bearer_token}");
      assert.ok(sec009.range.contains(editor.document.positionAt(at)), `range ${JSON.stringify(sec009.range)} misses the variable`);
      await vscode.commands.executeCommand("dalint.previewRequest");
      const preview = await waitFor(() => previewOf(uri), "the preview document");
      assert.match(preview.getText(), /^POST https:\/\/crm\.example\.com\/tickets$/m);
      assert.match(preview.getText(), /^Authorization: .*‹var\.bearer_token›/m);
    });

    test("a .tf.json file (Terraform's JSON syntax): the same SEC009 on the variable, and the same ‹var.…› marker", async () => {
      const uri = await freshCopy("terraform/main.tf.json");
      const editor = await open(uri);
      const sec009 = await waitFor(() => dalintDiagnostics(uri).find((d) => codeOf(d) === "SEC009"), "SEC009 on main.tf.json");
      const text = editor.document.getText();
      const at = text.indexOf("${var.bearer_token}");
      assert.ok(sec009.range.contains(editor.document.positionAt(at)), `range ${JSON.stringify(sec009.range)} misses the variable`);
      assert.ok(sec009.range.contains(editor.document.positionAt(at + "${var.bearer_token}".length)));
      await vscode.commands.executeCommand("dalint.previewRequest");
      const preview = await waitFor(() => previewOf(uri), "the preview document");
      assert.match(preview.getText(), /^POST https:\/\/crm\.example\.com\/tickets$/m);
      assert.match(preview.getText(), /^Authorization: .*‹var\.bearer_token›/m);
    });

    test("the preview follows the action under the cursor", async () => {
      const editor = await open(workspaceUri("actions/two-actions.json"));
      await vscode.commands.executeCommand("dalint.previewRequest");
      const preview = await waitFor(() => previewOf(editor.document.uri), "the preview document");
      await waitFor(() => /^GET https:\/\/\S+\/v1\/orders\/\S+$/m.test(preview.getText()) || undefined, "the first action");
      const second = editor.document.positionAt(editor.document.getText().indexOf('"DELETE"'));
      editor.selection = new vscode.Selection(second, second);
      await waitFor(() => /^DELETE https:\/\/\S+\/cancel$/m.test(preview.getText()) || undefined, "the second action after the cursor moved");
      assert.match(preview.getText(), /DELETE_Order/);
    });

    test("dalint.json is validated by the bundled schema (jsonValidation)", async () => {
      const uri = workspaceUri("schema-check/dalint.json");
      await open(uri);
      // VS Code's JSON support reports the misspelt key through the schema the extension ships.
      const problem = await waitFor(
        () => vscode.languages.getDiagnostics(uri).find((d) => /rewriteTraget/.test(d.message) || (d.range.start.line === 2 && d.source !== "dalint")),
        "a schema problem on the misspelt key",
        20_000,
      );
      assert.equal(problem.range.start.line, 2);
      assert.deepEqual(dalintDiagnostics(uri), [], "dalint itself stays silent on its configuration file");
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
