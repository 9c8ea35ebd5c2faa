import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import {
  applyCodeAction,
  closeAll,
  codeActions,
  codeOf,
  dalintDiagnostics,
  FAKE_KEY,
  freshCopy,
  newUntitled,
  open,
  setSetting,
  waitFor,
} from "./util";

const SECURE_DATA_REFERENCE = /\{\{secureData\(\\"[a-z0-9_]+\\"\)\}\}/;

async function assertPayloadDocument(before: readonly vscode.TextDocument[]): Promise<vscode.TextDocument> {
  const [payloads] = await waitFor(() => {
    const opened = newUntitled(before);
    return opened.length > 0 ? opened : undefined;
  }, "the provisioning payload document");
  assert.ok(payloads.isUntitled, "payloads must never be written to disk by the extension");
  assert.equal(payloads.languageId, "jsonc");
  const text = payloads.getText();
  assert.match(text, /^\/\/ WARNING: this document contains secrets/);
  // It holds the removed secret, so nothing is lost.
  assert.ok(text.includes(FAKE_KEY), "the payload carries the secret it extracted");
  return payloads;
}

export function registerFixTests(): void {
  suite("fixes", () => {
    teardown(async () => {
      await setSetting("unsafeFixes", undefined);
      await vscode.commands.executeCommand("workbench.action.files.revert");
      await closeAll();
    });

    test("a safe quick fix lands at its exact UTF-16 range (CRLF, BOM, CJK, emoji)", async () => {
      const uri = await freshCopy("actions/guide-crlf-bom-emoji.json");
      const editor = await open(uri);
      const text = editor.document.getText();
      assert.equal(editor.document.eol, vscode.EndOfLine.CRLF);
      assert.ok(!text.startsWith("\uFEFF"), "VS Code strips the BOM, as the core's positions expect");
      const sch003 = await waitFor(() => dalintDiagnostics(uri).find((d) => codeOf(d) === "SCH003"), "SCH003");
      const start = text.indexOf('"post"');
      const expected = new vscode.Range(editor.document.positionAt(start), editor.document.positionAt(start + 6));
      assert.ok(sch003.range.isEqual(expected), `SCH003 at ${JSON.stringify(sch003.range)}, expected ${JSON.stringify(expected)}`);
      const actions = await codeActions(uri, sch003.range, undefined, (a) => a.title.startsWith("SCH003: "));
      const fix = actions.find((a) => a.title.startsWith("SCH003: ") && a.edit);
      assert.ok(fix, `no SCH003 fix among ${actions.map((a) => a.title).join(", ")}`);
      assert.equal(fix.isPreferred, true);
      await applyCodeAction(fix);
      assert.equal(editor.document.getText(), text.replace('"post"', '"POST"'));
      await waitFor(() => dalintDiagnostics(uri).length === 0 || undefined, "SCH003 gone");
    });

    test("fix-all applies safe fixes without dalint.unsafeFixes", async () => {
      const uri = await freshCopy("actions/guide-crlf-bom-emoji.json");
      const editor = await open(uri);
      await waitFor(() => dalintDiagnostics(uri).find((d) => codeOf(d) === "SCH003"), "SCH003");
      const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
      const actions = await codeActions(uri, whole, "source.fixAll.dalint", (a) => a.kind?.value === "source.fixAll.dalint");
      const before = editor.document.getText();
      await applyCodeAction(actions.find((a) => a.kind?.value === "source.fixAll.dalint")!);
      assert.equal(editor.document.getText(), before.replace('"post"', '"POST"'));
      await waitFor(() => dalintDiagnostics(uri).length === 0 || undefined, "no problem left");
    });

    test("source.fixAll.dalint works in editor.codeActionsOnSave", async () => {
      const uri = await freshCopy("actions/guide-crlf-bom-emoji.json");
      await open(uri);
      await waitFor(() => dalintDiagnostics(uri).find((d) => codeOf(d) === "SCH003"), "SCH003");
      const editorConfig = vscode.workspace.getConfiguration("editor");
      await editorConfig.update("codeActionsOnSave", { "source.fixAll.dalint": "explicit" }, vscode.ConfigurationTarget.Workspace);
      try {
        await vscode.commands.executeCommand("workbench.action.files.save");
        // ignoreBOM: keep the BOM in the decoded text, to check that it is still there.
        const onDisk = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await vscode.workspace.fs.readFile(uri));
        assert.match(onDisk, /"method": "POST"/);
        assert.ok(onDisk.startsWith("\uFEFF") && onDisk.includes("\r\n"), "the save kept the BOM and CRLF");
      } finally {
        await editorConfig.update("codeActionsOnSave", undefined, vscode.ConfigurationTarget.Workspace);
      }
    });

    test("the SEC001 quick fix rewrites the key into secureData and opens its payload", async () => {
      const uri = await freshCopy("actions/guide-static-key.json");
      const editor = await open(uri);
      const sec001 = await waitFor(() => dalintDiagnostics(uri).find((d) => codeOf(d) === "SEC001"), "SEC001");
      const actions = await codeActions(uri, sec001.range, undefined, (a) => a.title.startsWith("SEC001"));
      const fixes = actions.filter((a) => a.kind?.value === "quickfix" && a.title.startsWith("SEC001"));
      assert.ok(fixes.length > 0, `no SEC001 quick fix among ${actions.map((a) => a.title).join(", ")}`);
      for (const action of actions.filter((a) => a.kind?.value === "quickfix")) {
        assert.match(action.title, /^[A-Z]{3}\d{3}: /, `quick fix title "${action.title}" must start with its code`);
      }
      const fix = fixes.find((a) => !a.disabled && !a.title.includes("Explain"));
      assert.ok(fix, "an applicable SEC001 fix");
      const before = [...vscode.workspace.textDocuments];
      await applyCodeAction(fix);
      const text = editor.document.getText();
      assert.match(text, SECURE_DATA_REFERENCE);
      assert.ok(!text.includes(FAKE_KEY), "the key is still in the document");
      JSON.parse(text);
      await assertPayloadDocument(before);
      await waitFor(() => !dalintDiagnostics(uri).some((d) => codeOf(d) === "SEC001") || undefined, "SEC001 gone");
    });

    test("fix-all (source.fixAll.dalint) holds the rewrite back unless dalint.unsafeFixes", async () => {
      const uri = await freshCopy("actions/guide-static-key.json");
      const editor = await open(uri);
      await waitFor(() => dalintDiagnostics(uri).find((d) => codeOf(d) === "SEC001"), "SEC001");
      const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);

      const safeOnly = (await vscode.commands.executeCommand<vscode.CodeAction[]>(
        "vscode.executeCodeActionProvider",
        uri,
        whole,
        "source.fixAll.dalint",
      )) ?? [];
      for (const action of safeOnly) await applyCodeAction(action);
      assert.ok(editor.document.getText().includes(FAKE_KEY), "an unsafe rewrite ran without dalint.unsafeFixes");

      await setSetting("unsafeFixes", true);
      const actions = await codeActions(uri, whole, "source.fixAll.dalint", (a) => a.kind?.value === "source.fixAll.dalint");
      const fixAll = actions.find((a) => a.kind?.value === "source.fixAll.dalint");
      assert.ok(fixAll);
      assert.equal(fixAll.title, "Fix all dalint problems");
      const before = [...vscode.workspace.textDocuments];
      await applyCodeAction(fixAll);
      const text = editor.document.getText();
      assert.match(text, SECURE_DATA_REFERENCE);
      assert.ok(!text.includes(FAKE_KEY));
      await assertPayloadDocument(before);
      await waitFor(() => !dalintDiagnostics(uri).some((d) => codeOf(d) === "SEC001") || undefined, "SEC001 gone");
    });

    test("the fix-all command applies what source.fixAll.dalint would", async () => {
      const uri = await freshCopy("actions/guide-static-key.json");
      const editor = await open(uri);
      await waitFor(() => dalintDiagnostics(uri).find((d) => codeOf(d) === "SEC001"), "SEC001");
      await setSetting("unsafeFixes", true);
      const before = [...vscode.workspace.textDocuments];
      assert.equal(await vscode.commands.executeCommand("dalint.fixAll"), true);
      assert.ok(!editor.document.getText().includes(FAKE_KEY));
      await assertPayloadDocument(before);
    });

    test("Extract Secrets rewrites every secret and shows the payloads unsaved, file untouched on disk", async () => {
      const uri = await freshCopy("actions/guide-static-key.json");
      const editor = await open(uri);
      await waitFor(() => dalintDiagnostics(uri).find((d) => codeOf(d) === "SEC001"), "SEC001");
      const before = [...vscode.workspace.textDocuments];
      assert.equal(await vscode.commands.executeCommand("dalint.extractSecrets"), true);
      assert.match(editor.document.getText(), SECURE_DATA_REFERENCE);
      assert.ok(!editor.document.getText().includes(FAKE_KEY));
      await assertPayloadDocument(before);
      const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      assert.ok(onDisk.includes(FAKE_KEY), "the extension saved the file itself");
      assert.ok(editor.document.isDirty);
    });
  });
}
