// The web-worker entry in VS Code for the Web (1.91): the same wasm, loaded through
// vscode.workspace.fs in a worker, lints and fixes. Runs with mocha's browser build.
import "mocha/mocha";
import * as vscode from "vscode";

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function fileUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  check(folder, "the web tests need a workspace folder");
  return vscode.Uri.joinPath(folder.uri, relative);
}

function registerTests(): void {
  suite("web worker entry", () => {
    test("in the web worker host (no Node), dalint lints with the wasm core", async () => {
      const extension = vscode.extensions.getExtension("dalint.dalint");
      check(extension, "dalint is not loaded");
      await extension.activate();
      const uri = fileUri("actions/guide-crlf-bom-emoji.json");
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const sch003 = await waitFor(
        () => vscode.languages.getDiagnostics(uri).find((d) => d.source === "dalint" && typeof d.code === "object" && d.code.value === "SCH003"),
        "SCH003 from the web worker",
      );
      const start = document.getText().indexOf('"post"');
      check(
        sch003.range.isEqual(new vscode.Range(document.positionAt(start), document.positionAt(start + 6))),
        `SCH003 at the wrong range ${JSON.stringify(sch003.range)}`,
      );
    });

    test("its quick fix applies", async () => {
      const uri = fileUri("actions/guide-crlf-bom-emoji.json");
      const document = await vscode.workspace.openTextDocument(uri);
      const sch003 = vscode.languages.getDiagnostics(uri).find((d) => d.source === "dalint");
      check(sch003, "no dalint diagnostic");
      const actions = await waitFor(async () => {
        const all = await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", uri, sch003.range);
        return all?.find((a) => a.title.startsWith("SCH003: ") && a.edit) ? all : undefined;
      }, "the SCH003 quick fix");
      const fix = actions.find((a) => a.title.startsWith("SCH003: ") && a.edit);
      check(fix?.edit, "no SCH003 fix");
      check(await vscode.workspace.applyEdit(fix.edit), "the edit was refused");
      check(document.getText().includes('"POST"'), "the method was not fixed");
      await waitFor(() => (vscode.languages.getDiagnostics(uri).filter((d) => d.source === "dalint").length === 0 ? true : undefined), "no problem left");
    });
  });
}

export function run(): Promise<void> {
  return new Promise((resolve, reject) => {
    mocha.setup({ ui: "tdd", reporter: undefined, timeout: 60_000 });
    registerTests();
    mocha.run((failures) => {
      console.log(`web: ${mocha.suite.total() - failures} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} web test(s) failed`));
      else resolve();
    });
  });
}
