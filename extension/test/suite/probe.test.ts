import * as assert from "node:assert/strict";
import * as vscode from "vscode";

export function registerProbeTests(): void {
  suite("probe", () => {
    test("extension answers", async () => {
      const ext = vscode.extensions.getExtension("dalint.dalint");
      assert.ok(ext);
      await ext.activate();
      assert.equal(await vscode.commands.executeCommand("dalint.ping"), "pong");
    });
  });
}
