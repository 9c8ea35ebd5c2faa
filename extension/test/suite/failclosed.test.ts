// Redaction fails closed in the extension: the action of tests/fail_closed/planted.json holds
// values where a credential can go. None may appear in the diagnostics (messages, related
// information, code action titles), in any hover over the document, or in the preview document;
// the values that are not credentials appear in the preview. The displays come from
// tests/fail_closed/surfaces.json (the core's registry): an `extension.…` entry without a check
// here fails the suite.
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { closeAll, dalintDiagnostics, open, previewOf, waitFor, workspaceUri } from "./util";

// dist/test/suite.js → the repository's tests/fail_closed.
const failClosed = path.resolve(__dirname, "..", "..", "..", "tests", "fail_closed");

interface Planted {
  action: string;
  hidden: string[];
  shown: string[];
}

function planted(): Planted {
  return JSON.parse(readFileSync(path.join(failClosed, "planted.json"), "utf8"));
}

type Check = (uri: vscode.Uri, document: vscode.TextDocument) => Promise<string[]>;

const checks: Record<string, Check> = {
  "extension.diagnostics": async (uri) => {
    const diagnostics = await waitFor(() => {
      const found = dalintDiagnostics(uri);
      return found.some((d) => String(typeof d.code === "object" ? d.code.value : d.code) === "SEC001") ? found : undefined;
    }, "SEC001 on the planted action");
    const texts: string[] = [];
    for (const diagnostic of diagnostics) {
      texts.push(diagnostic.message, ...(diagnostic.relatedInformation ?? []).map((r) => r.message));
      const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", uri, diagnostic.range)) ?? [];
      texts.push(...actions.map((a) => a.title));
    }
    return texts;
  },
  "extension.hover": async (uri, document) => {
    const text = document.getText();
    // Over each planted value (its first and middle character) and the start of each diagnostic.
    const positions = [
      ...planted().hidden.flatMap((hidden) => {
        const at = text.indexOf(hidden);
        return at < 0 ? [] : [document.positionAt(at + 1), document.positionAt(at + Math.floor(hidden.length / 2))];
      }),
      ...dalintDiagnostics(uri).map((d) => d.range.start),
    ];
    const texts: string[] = [];
    for (const position of positions) {
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", uri, position)) ?? [];
      texts.push(...hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value))));
    }
    const reference = document.positionAt(text.indexOf("${credentials.token") + 3);
    const referenceHovers = await waitFor(async () => {
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", uri, reference)) ?? [];
      const found = hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value))).filter((t) => t.includes("**dalint**"));
      return found.length ? found : undefined;
    }, "dalint's hover on the credential reference");
    return [...texts, ...referenceHovers];
  },
  "extension.preview": async (uri) => {
    await vscode.commands.executeCommand("dalint.previewRequest");
    const preview = await waitFor(() => previewOf(uri), "the preview document");
    return [await waitFor(() => preview.getText() || undefined, "the preview's text")];
  },
};

export function registerFailClosedTests(): void {
  suite("redaction fails closed", () => {
    teardown(closeAll);
    const displays: { id: string; shows: string }[] = JSON.parse(readFileSync(path.join(failClosed, "surfaces.json"), "utf8")).displays;
    const ours = displays.filter((d) => d.id.startsWith("extension."));

    test("every extension display of the registry has a check here", () => {
      assert.ok(ours.length >= 3, ours.map((d) => d.id).join(" "));
      for (const display of ours) assert.ok(checks[display.id], `no host check for the registered display ${display.id}`);
    });

    test("planted values never reach diagnostics, hovers or the preview; the others reach the preview", async () => {
      const { action, hidden: plantedValues, shown: visibleValues } = planted();
      const uri = workspaceUri("actions/planted-fail-closed.json");
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(action));
      try {
        const editor = await open(uri);
        for (const display of ours) {
          const shown = await checks[display.id](uri, editor.document);
          assert.ok(shown.length > 0, `${display.id} showed nothing`);
          plantedValues.forEach((hidden, i) => {
            // The message names the planted value's index, never the value.
            assert.ok(!shown.some((s) => s.includes(hidden)), `${display.id} shows planted value #${i}`);
          });
          if (display.shows.startsWith("preview")) {
            for (const visible of visibleValues) assert.ok(shown.every((s) => s.includes(visible)), `${display.id} hides ${visible}`);
          }
        }
      } finally {
        await closeAll();
        await vscode.workspace.fs.delete(uri);
      }
    });
  });
}
