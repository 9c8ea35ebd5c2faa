// The package's TypeScript declarations type-check against real uses (tsc --noEmit), with the
// DOM library (the page, the extension's web worker) and with Node's types only (its main entry).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const here = fileURLToPath(new URL('.', import.meta.url));
const tsc = fileURLToPath(new URL('node_modules/typescript/bin/tsc', import.meta.url));

for (const project of ['types/tsconfig.json', 'types/tsconfig.node.json']) {
  test(`tsc --noEmit -p ${project}`, () => {
    assert.ok(existsSync(tsc), 'typescript is not installed: npm ci in crates/dalint_wasm/tests/node');
    const run = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], { cwd: here, encoding: 'utf8' });
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
  });
}
