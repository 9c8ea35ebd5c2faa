import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { closeAll, dalint, open, waitFor, workspaceUri } from "./util";

/** The Markdown of dalint's hover at the first occurrence of `needle` (polled: linting is async). */
async function hoverText(document: vscode.TextDocument, needle: string, want: RegExp): Promise<string> {
  const at = document.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} not in the document`);
  const position = document.positionAt(at + needle.indexOf("(") + 2);
  return waitFor(async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", document.uri, position);
    const texts = hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value)));
    return texts.find((t) => t.includes("**dalint**") && want.test(t));
  }, `a dalint hover matching ${want} at ${needle}`);
}

export function registerHoverTests(): void {
  suite("hover", () => {
    teardown(closeAll);

    test("secureData() hovers say the environment and whether dalint.inventoryPath's inventory has the name", async () => {
      const api = await dalint();
      const config = vscode.workspace.getConfiguration("dalint");
      await config.update("inventoryPath", "inventory.json", vscode.ConfigurationTarget.Workspace);
      try {
        const editor = await open(workspaceUri("actions/hover-references.json"));
        await waitFor(async () => {
          const state = await api.linter.current(editor.document);
          return state?.options.inventory?.length === 2 ? state : undefined;
        }, "the inventory file's names in the options");
        const present = await hoverText(editor.document, 'secureData(\\"partner_api_key_prod', /Inventory: ✓/);
        assert.match(present, /secureData\("partner_api_key_prod"\)/);
        assert.match(present, /Environment: `prod`/);
        const missing = await hoverText(editor.document, 'secureData(\\"sandbox_billing_key_dev', /Inventory: ✗/);
        assert.match(missing, /Environment: `dev`/);
        assert.match(missing, /SECURE_DATA_NOT_FOUND/);
        const credential = await hoverText(editor.document, "${credentials.clientId", /Credential field/);
        assert.doesNotMatch(credential, /Inventory:/);
      } finally {
        await config.update("inventoryPath", undefined, vscode.ConfigurationTarget.Workspace);
      }
    });
  });
}
