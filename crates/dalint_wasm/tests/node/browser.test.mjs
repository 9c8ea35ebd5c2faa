// The package as a web page uses it: headless Debian Chromium loads dalint.js from a local
// server, init() fetches the .wasm beside it, lint() works, and a panic is recovered on the main
// thread (where the restart must instantiate synchronously). CHROMIUM overrides the browser.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import path from 'node:path';
import { test } from 'node:test';

import { pkgDir } from './helpers.mjs';

const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';

const page = `<!doctype html><meta charset="utf-8"><pre id="out">pending</pre>
<script type="module">
import { init, lint, __testing } from './dalint.js';
const out = {};
try {
  await init();
  const text = '\\ufeff{"名": "😀",\\r\\n "x": }';
  out.first = lint(text).diagnostics[0];
  try { __testing.panic(); } catch (e) { out.panic = e.message; }
  out.afterPanic = lint('[1]').diagnostics[0].code;
} catch (e) { out.error = e.name + ': ' + e.message; }
document.getElementById('out').textContent = JSON.stringify(out);
</script>`;

const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

test('in Chromium: init() fetches the module, lint() works, a panic is recovered', { timeout: 60_000 }, async () => {
  assert.ok(existsSync(chromium), `${chromium} is missing: scripts/install-tools.sh installs it`);
  const requests = [];
  const server = createServer((req, res) => {
    requests.push(req.url);
    const name = req.url === '/' ? null : path.basename(new URL(req.url, 'http://x').pathname);
    const file = name && path.join(pkgDir, name);
    if (name === null) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    } else if (existsSync(file)) {
      res.writeHead(200, { 'content-type': types[path.extname(name)] ?? 'application/octet-stream' }).end(readFileSync(file));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const profile = mkdtempSync(path.join(tmpdir(), 'dalint-chromium-'));
  try {
    const url = `http://127.0.0.1:${server.address().port}/`;
    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync',
      '--disable-background-networking', '--disable-component-update', `--user-data-dir=${profile}`,
      '--virtual-time-budget=10000', '--dump-dom', url];
    const dom = await new Promise((resolve, reject) => {
      execFile(chromium, args, { timeout: 50_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) =>
        error ? reject(error) : resolve(stdout));
    });
    const json = dom.match(/<pre id="out">(.*?)<\/pre>/s)[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    const out = JSON.parse(json);
    assert.equal(out.error, undefined, out.error);
    assert.equal(out.first.code, 'PAR001');
    // `{"名": "😀",` is 11 UTF-16 units, CRLF 2, ` "x": ` 6: the brace is at 19 (the BOM is not counted).
    assert.deepEqual(out.first.offset, { start: 19, end: 20 });
    assert.match(out.panic, /^dalint panicked at .*panic requested by a test.*the module was restarted/);
    assert.equal(out.afterPanic, 'SCH001');
    assert.ok(requests.includes('/dalint_wasm_bg.wasm'), requests.join(' '));
  } finally {
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
