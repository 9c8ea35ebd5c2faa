// Bundles the extension with esbuild and copies what it loads at run time into dist/:
//   dist/extension.js        Node extension host (`main`)
//   dist/browser.js          web worker extension host (`browser`, VS Code for the Web)
//   dist/dalint_wasm_bg.wasm the core, read by both through vscode.workspace.fs
//   dist/dalint.schema.json  the dalint.json schema (`jsonValidation`), copied from the repo root
//   dist/test/suite.js       extension-host tests; dist/unit/convert.cjs for `node --test`
// The wasm package must exist (scripts/build-wasm.sh; scripts/package-extension.sh runs it).
import * as esbuild from "esbuild";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..");
const pkg = path.join(repo, "crates", "dalint_wasm", "pkg");
const dist = path.join(here, "dist");
const production = process.argv.includes("--production");

if (!fs.existsSync(path.join(pkg, "dalint.js"))) {
  console.error(`build.mjs: the wasm package is missing (${pkg}); run scripts/build-wasm.sh first`);
  process.exit(1);
}

const common = {
  absWorkingDir: here,
  bundle: true,
  sourcemap: !production,
  minify: production,
  external: ["vscode"],
  alias: { "dalint-wasm": path.join(pkg, "dalint.js") },
  format: "cjs",
  logLevel: "warning",
  // wasm-bindgen's default loader resolves the .wasm with import.meta.url; the extension never
  // takes that path (it passes the bytes to initSync), so the empty import.meta of CJS is fine.
  logOverride: { "empty-import-meta": "silent" },
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ["src/extension.ts"], outfile: "dist/extension.js", platform: "node", target: "node20" }),
  esbuild.build({ ...common, entryPoints: ["src/extension.ts"], outfile: "dist/browser.js", platform: "browser", target: "es2022" }),
  esbuild.build({
    ...common,
    entryPoints: ["test/suite/index.ts"],
    outfile: "dist/test/suite.js",
    platform: "node",
    target: "node20",
    sourcemap: true,
    minify: false,
    external: ["vscode", "mocha"],
  }),
  esbuild.build({
    ...common,
    entryPoints: ["test/web/index.ts"],
    outfile: "dist/test/web-suite.js",
    platform: "browser",
    target: "es2022",
    sourcemap: true,
    minify: false,
  }),
  esbuild.build({ ...common, entryPoints: ["src/convert.ts"], outfile: "dist/unit/convert.cjs", platform: "node", target: "node20", sourcemap: false, minify: false }),
]);

fs.copyFileSync(path.join(pkg, "dalint_wasm_bg.wasm"), path.join(dist, "dalint_wasm_bg.wasm"));

// The dalint.json schema is generated at the repository's root (and tested to be current by the
// core's tests); package.json's jsonValidation points at this copy.
const schema = path.join(repo, "dalint.schema.json");
if (fs.existsSync(schema)) fs.copyFileSync(schema, path.join(dist, "dalint.schema.json"));
else {
  console.error(`build.mjs: ${schema} is missing`);
  if (production) process.exit(1);
}
