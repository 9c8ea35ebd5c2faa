// Entry point the workbench calls (`extensionTestsPath`): runs the mocha suites in the extension
// host and rejects when a test fails, which becomes `codeAutomationExit(1)`.
import Mocha from "mocha";
import { format } from "node:util";
import { registerCommandTests } from "./commands.test";
import { registerFixTests } from "./fixes.test";
import { registerHoverTests } from "./hover.test";
import { registerLintingTests } from "./linting.test";

// Lines the harness (test/harness/run-host-tests.mjs) picks out of the workbench log.
const MARK = "[dalint-test] ";

export async function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(MARK + format(...args));
  const mocha = new Mocha({ ui: "tdd", color: false, timeout: 30_000, grep: process.env.DALINT_TEST_GREP });
  mocha.suite.emit("pre-require", globalThis, "suite", mocha);
  registerLintingTests();
  registerFixTests();
  registerCommandTests();
  registerHoverTests();
  const counts = await new Promise<{ passed: number; failed: number }>((resolve) => {
    const runner = mocha.run(() => resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0 }));
  });
  console.log(`${MARK}host: ${counts.passed} passed, ${counts.failed} failed`);
  if (counts.failed > 0 || counts.passed === 0) throw new Error(`${counts.failed} extension-host test(s) failed`);
}
