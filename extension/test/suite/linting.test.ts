import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { closeAll, codeOf, dalint, dalintDiagnostics, FAKE_KEY, freshCopy, open, waitFor, workspaceUri } from "./util";

export function registerLintingTests(): void {
  suite("linting", () => {
    teardown(closeAll);

    test("SEC001 appears on a guide-shape action with a static key, at the key", async () => {
      const uri = await freshCopy("actions/guide-static-key.json");
      const editor = await open(uri);
      const sec001 = await waitFor(
        () => dalintDiagnostics(uri).find((d) => codeOf(d) === "SEC001"),
        "SEC001 on guide-static-key.json",
      );
      const text = editor.document.getText();
      const keyStart = editor.document.positionAt(text.indexOf(FAKE_KEY));
      const keyEnd = editor.document.positionAt(text.indexOf(FAKE_KEY) + FAKE_KEY.length);
      const valueStart = editor.document.positionAt(text.indexOf(`"Bearer ${FAKE_KEY}"`));
      const valueEnd = editor.document.positionAt(text.indexOf(`"Bearer ${FAKE_KEY}"`) + `"Bearer ${FAKE_KEY}"`.length);
      // The finding covers the key and stays inside the header's string value.
      assert.ok(sec001.range.contains(new vscode.Range(keyStart, keyEnd)), `range ${JSON.stringify(sec001.range)} misses the key`);
      assert.ok(new vscode.Range(valueStart, valueEnd).contains(sec001.range), `range ${JSON.stringify(sec001.range)} leaves the value`);
      assert.equal(sec001.source, "dalint");
      assert.equal(sec001.severity, vscode.DiagnosticSeverity.Error);
      assert.ok(!sec001.message.includes(FAKE_KEY), "the message must not echo the secret");
      const code = sec001.code as { value: string; target: vscode.Uri };
      assert.equal(code.target.scheme, "command");
      assert.equal(code.target.path, "dalint.explainRule");
      assert.deepEqual(JSON.parse(code.target.query), ["SEC001"]);
    });

    test("other JSON stays silent; dalint.files makes it report", async () => {
      const api = await dalint();
      const other = await open(workspaceUri("other/tsconfig.json"));
      const state = await api.linter.current(other.document);
      assert.equal(state?.recognised, false);
      assert.deepEqual(dalintDiagnostics(other.document.uri), []);
      // .vscode/settings.json: "dalint.files": ["**/forced/*.json"]
      const forced = await open(workspaceUri("forced/settings.json"));
      const shown = await waitFor(() => dalintDiagnostics(forced.document.uri)[0], "SCH001 on forced/settings.json");
      assert.equal(codeOf(shown), "SCH001");
      assert.equal(shown.severity, vscode.DiagnosticSeverity.Information);
    });

    test("diagnostics follow edits (debounced) and are cleared on close", async () => {
      const uri = await freshCopy("actions/guide-clean.json");
      const editor = await open(uri);
      const api = await dalint();
      assert.equal((await api.linter.current(editor.document))?.recognised, true);
      assert.deepEqual(dalintDiagnostics(uri), []);
      // Break the JSON: an action being edited keeps being checked.
      await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), "  ,\n"));
      const parse = await waitFor(() => dalintDiagnostics(uri).find((d) => codeOf(d) === "PAR001"), "PAR001 after the edit");
      assert.equal(parse.severity, vscode.DiagnosticSeverity.Error);
      await vscode.commands.executeCommand("undo");
      await waitFor(() => dalintDiagnostics(uri).length === 0 || undefined, "no diagnostics after undo");
      // Close: the Problems panel forgets the file.
      await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), "  ,\n"));
      await waitFor(() => dalintDiagnostics(uri).length > 0 || undefined, "PAR001 again");
      await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
      await waitFor(() => dalintDiagnostics(uri).length === 0 || undefined, "diagnostics cleared on close");
    });

    test("dalint.json and the settings reach the core", async () => {
      const api = await dalint();
      const editor = await open(workspaceUri("actions/guide-clean.json"));
      const fromFile = await api.linter.current(editor.document);
      assert.deepEqual(fromFile?.options.inventory, ["partner_api_key_prod"]);
      assert.equal(fromFile?.options.fileName, "actions/guide-clean.json");
      await vscode.workspace.getConfiguration("dalint").update("environment", "dev", vscode.ConfigurationTarget.Workspace);
      try {
        const withSetting = await waitFor(async () => {
          const state = await api.linter.current(editor.document);
          return state?.options.env === "dev" ? state : undefined;
        }, "env from dalint.environment");
        assert.equal(withSetting.options.env, "dev");
      } finally {
        await vscode.workspace.getConfiguration("dalint").update("environment", undefined, vscode.ConfigurationTarget.Workspace);
      }
      // dalint.inventoryPath: a list response read from the workspace replaces dalint.json's names.
      await vscode.workspace.getConfiguration("dalint").update("inventoryPath", "inventory.json", vscode.ConfigurationTarget.Workspace);
      try {
        const withInventory = await waitFor(async () => {
          const state = await api.linter.current(editor.document);
          return state?.options.inventory?.length === 2 ? state : undefined;
        }, "the inventory file's names in the core's options");
        assert.deepEqual(withInventory.options.inventory, ["partner_api_key_prod", "sandbox_partner_api_key_dev"]);
      } finally {
        await vscode.workspace.getConfiguration("dalint").update("inventoryPath", undefined, vscode.ConfigurationTarget.Workspace);
      }
    });

    test("an invalid dalint.json is reported, not linted under; fixing it brings the problems back", async () => {
      const api = await dalint();
      const uri = await freshCopy("actions/guide-static-key.json");
      const config = await vscode.workspace.openTextDocument(workspaceUri("dalint.json"));
      const original = config.getText();
      const setConfig = async (text: string) => {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(config.uri, new vscode.Range(0, 0, config.lineCount, 0), text);
        await vscode.workspace.applyEdit(edit);
        await config.save();
      };
      await setConfig('{"rules": {"SEC001": "loud"}}\n');
      try {
        const editor = await open(uri);
        const refused = await waitFor(async () => {
          const state = await api.linter.current(editor.document);
          return state?.configError ? state : undefined;
        }, "the configuration error");
        assert.match(refused.configError!, /loud|SEC001|rules/);
        assert.deepEqual(dalintDiagnostics(uri), []);
      } finally {
        await setConfig(original);
      }
      await waitFor(() => dalintDiagnostics(uri).find((d) => codeOf(d) === "SEC001"), "SEC001 once dalint.json is valid again");
    });

    test("dalint.enable: false clears and stops linting", async () => {
      const uri = await freshCopy("forced/settings.json");
      await open(uri);
      await waitFor(() => dalintDiagnostics(uri).length > 0 || undefined, "SCH001 before disabling");
      await vscode.workspace.getConfiguration("dalint").update("enable", false, vscode.ConfigurationTarget.Workspace);
      try {
        await waitFor(() => dalintDiagnostics(uri).length === 0 || undefined, "diagnostics cleared when disabled");
      } finally {
        await vscode.workspace.getConfiguration("dalint").update("enable", undefined, vscode.ConfigurationTarget.Workspace);
      }
      await waitFor(() => dalintDiagnostics(uri).length > 0 || undefined, "SCH001 back when enabled");
    });
  });
}
