// Bundles the page into dist/: index.html, app.js (CodeMirror + page code + the package's JS
// wrapper, one ES module), app.css and the linter's .wasm. Static files only; no CDN at run time.
//
//   node build.mjs            (DALINT_WASM_PKG=path overrides ../crates/dalint_wasm/pkg)

import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rm, stat, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const pkgDir = resolve(process.env.DALINT_WASM_PKG ?? join(here, '..', 'crates', 'dalint_wasm', 'pkg'));

async function packageEntry() {
  const manifestPath = join(pkgDir, 'package.json');
  if (!existsSync(manifestPath)) {
    throw new Error(`the wasm package is missing at ${pkgDir}: run scripts/build-wasm.sh (scripts/build-web.sh does)`);
  }
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  const entry = join(pkgDir, manifest.module ?? manifest.main ?? 'dalint_wasm.js');
  const wasm = (await readdir(pkgDir)).find((f) => f.endsWith('.wasm'));
  if (!wasm) throw new Error(`no .wasm file in ${pkgDir}`);
  return { entry, wasm: join(pkgDir, wasm), version: manifest.version };
}

/**
 * CodeMirror mounts its styles with style-mod, which writes a <style> element into a Document
 * (constructable stylesheets only for shadow roots). The page's CSP (style-src 'self', no
 * 'unsafe-inline') blocks such elements, so the bundle makes style-mod use a constructable
 * stylesheet (document.adoptedStyleSheets) for documents too. The build fails if the code it
 * patches changes.
 */
let styleModPatched = false;
const cspSafeStyleMod = {
  name: 'csp-safe-style-mod',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]style-mod[\\/]src[\\/]style-mod\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const documentCheck = 'if (!root.head && root.adoptedStyleSheets && win.CSSStyleSheet) {';
      if (!source.includes(documentCheck)) {
        throw new Error(`style-mod changed: "${documentCheck}" not found in ${args.path}; revisit the CSP patch`);
      }
      styleModPatched = true;
      return { contents: source.replace(documentCheck, 'if (root.adoptedStyleSheets && win.CSSStyleSheet) {'), loader: 'js' };
    });
  },
};

async function main() {
  const { entry, wasm, version } = await packageEntry();
  await rm(dist, { recursive: true, force: true });
  await mkdir(dist, { recursive: true });
  await build({
    entryPoints: { app: join(here, 'src', 'main.js'), 'app-style': join(here, 'src', 'style.css') },
    outdir: dist,
    bundle: true,
    format: 'esm',
    target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    alias: { 'dalint-wasm': entry },
    plugins: [cspSafeStyleMod],
    logLevel: 'warning',
    // engine.js feature-detects exports that newer packages add (preview, applyFix).
    logOverride: { 'import-is-undefined': 'silent' },
  });
  if (!styleModPatched) throw new Error('style-mod was not bundled from src/style-mod.js: the CSP patch did not apply');
  // esbuild names a CSS entry after its key; the page links app.css.
  await copyFile(join(dist, 'app-style.css'), join(dist, 'app.css'));
  await rm(join(dist, 'app-style.css'));
  await rm(join(dist, 'app-style.css.map'), { force: true });
  // The footer names the release (the package's version, which is the workspace's).
  const page = await readFile(join(here, 'index.html'), 'utf8');
  if (!page.includes('__DALINT_VERSION__')) throw new Error('index.html lost its __DALINT_VERSION__ footer mark');
  await writeFile(join(dist, 'index.html'), page.replaceAll('__DALINT_VERSION__', version));
  await copyFile(wasm, join(dist, 'dalint_wasm_bg.wasm'));

  for (const name of ['index.html', 'app.js', 'app.css', 'dalint_wasm_bg.wasm']) {
    const bytes = await readFile(join(dist, name));
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    console.log(`  dist/${name.padEnd(22)} ${kb(bytes.length).padStart(9)}  (${kb(gzipSync(bytes).length)} gzipped)`);
  }
  const { size } = await stat(join(dist, 'app.js'));
  if (size === 0) throw new Error('empty bundle');
}

main().catch((error) => {
  console.error(`build-web: ${error.message}`);
  process.exit(1);
});
