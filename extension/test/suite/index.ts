// Entry point the workbench calls (`extensionTestsPath`): runs the mocha suites in the extension
// host and rejects when a test fails, which becomes `codeAutomationExit(1)`.
import Mocha from "mocha";
import * as assert from "node:assert/strict";
import { format } from "node:util";
import * as vscode from "vscode";
import { registerCommandTests } from "./commands.test";
import { registerFailClosedTests } from "./failclosed.test";
import { registerFixTests } from "./fixes.test";
import { registerHoverTests } from "./hover.test";
import { registerLintingTests } from "./linting.test";
import { EXTENSION_ID } from "./util";

// Lines the harness (test/harness/run-host-tests.mjs) picks out of the workbench log.
const MARK = "[dalint-test] ";

export async function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(MARK + format(...args));
  const mocha = new Mocha({ ui: "tdd", color: false, timeout: 30_000, grep: process.env.DALINT_TEST_GREP });
  mocha.suite.emit("pre-require", globalThis, "suite", mocha);
  registerInstalledTest();
  registerLintingTests();
  registerFixTests();
  registerCommandTests();
  registerHoverTests();
  registerFailClosedTests();
  const counts = await new Promise<{ passed: number; failed: number }>((resolve) => {
    const runner = mocha.run(() => resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0 }));
  });
  console.log(`${MARK}host: ${counts.passed} passed, ${counts.failed} failed`);
  if (counts.failed > 0 || counts.passed === 0) throw new Error(`${counts.failed} extension-host test(s) failed`);
}

/** When the suite runs against an installed .vsix (scripts/test-extension.sh installed), the
 * extension it drives must be that copy, not a development folder. */
function registerInstalledTest(): void {
  const installedIn = process.env.DALINT_EXPECTED_EXTENSION_DIR;
  if (!installedIn) return;
  suite("installed extension", () => {
    test("the dalint extension under test is the installed copy", () => {
      const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? "(not installed)";
      assert.ok(extensionPath.startsWith(installedIn + "/"), `${EXTENSION_ID} runs from ${extensionPath}, not from ${installedIn}`);
    });
  });
}
