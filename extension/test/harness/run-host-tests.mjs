// Runs the extension-host test suite inside a running code-server (a real VS Code 1.100):
// the workbench loads the extension from its development path, runs `run()` exported by the
// suite, forwards its log through `codeAutomationLog` and its result through `codeAutomationExit`.
//
//   node test/harness/run-host-tests.mjs <code-server URL> <extension dir> <suite .js> <folder>
import fs from "node:fs";
import path from "node:path";
import { launchChromium, workbenchUrl } from "./browser.mjs";

const [baseUrl, extensionDir, suiteFile, folder] = process.argv.slice(2);
if (!folder) {
  console.error("usage: run-host-tests.mjs <code-server URL> <extension dir> <suite .js> <folder>");
  process.exit(2);
}
const timeoutMs = Number(process.env.HOST_TESTS_TIMEOUT_MS || 240_000);
const { host } = new URL(baseUrl);
const remote = (file) => `vscode-remote://${host}${path.resolve(file)}`;

// Kept in sync with test/suite/index.ts.
const SUITE_MARK = /^\[dalint-test\] ?([\s\S]*)$/;
const verbose = process.env.HOST_TESTS_VERBOSE === "1";
const logFile = process.env.HOST_TESTS_LOG;
const logLines = [];

const browser = await launchChromium();
let exitCode = 1;
try {
  const page = await browser.newPage();
  const finished = new Promise((resolve) => {
    page.exposeFunction("codeAutomationExit", (code) => resolve(Number(code)));
  });
  await page.exposeFunction("codeAutomationLog", (level, message) => {
    // The workbench forwards its own log and the extension host's console: print the suite's
    // lines (marked by the suite), keep everything in the log file.
    logLines.push(`${level} ${message}`);
    const marked = SUITE_MARK.exec(String(message));
    if (marked) process.stdout.write(`${marked[1]}\n`);
    else if (verbose) process.stdout.write(`  [workbench ${level}] ${message}\n`);
  });
  page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
  const url = workbenchUrl(baseUrl, path.resolve(folder), [
    ["extensionDevelopmentPath", remote(extensionDir)],
    ["extensionTestsPath", remote(suiteFile)],
  ]);
  await page.goto(url);
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => {
      console.error(`host tests did not finish within ${timeoutMs} ms`);
      resolve(1);
    }, timeoutMs);
  });
  exitCode = await Promise.race([finished, timedOut]);
  clearTimeout(timer);
} finally {
  await browser.close();
  if (logFile) fs.writeFileSync(logFile, logLines.join("\n") + "\n");
}
process.exit(exitCode);
