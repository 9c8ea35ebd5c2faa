// lint() on the repository's fixtures, options and errors, rules() and explain().
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { fixtures, loadDalint, snapshotPairs } from './helpers.mjs';

const dalint = loadDalint();

for (const fixture of fixtures()) {
  test(`lint ${fixture.relative} finds what its snapshot records`, (t) => {
    if (fixture.text === null) {
      t.skip('not UTF-8: a JS host cannot pass these bytes as a string (the CLI test covers them)');
      return;
    }
    const options = { ...fixture.sidecar, fileName: fixture.name };
    const { diagnostics } = dalint.lint(fixture.text, options);
    const pairs = diagnostics.map(({ code, pointer }) => ({ code, pointer }));
    assert.deepEqual(pairs, snapshotPairs(fixture));
    const codes = diagnostics.map((d) => d.code);
    assert.equal(codes.includes(fixture.code), !fixture.valid, `${fixture.code} expected: ${!fixture.valid}`);
    for (const d of diagnostics) {
      assert.match(d.severity, /^(hint|info|warning|error)$/);
      assert.ok(d.offset.start <= d.offset.end);
    }
  });
}

test('the file name chooses strict JSON or JSONC', () => {
  const text = '{\n  // comment\n  "a": [1,],\n}';
  assert.equal(dalint.lint(text).diagnostics[0].code, 'PAR001');
  assert.equal(dalint.lint(text, { fileName: 'x.json' }).diagnostics[0].code, 'PAR001');
  assert.equal(dalint.lint(text, { fileName: 'dir/X.JSONC' }).diagnostics[0].code, 'SCH001');
});

test('rule levels from options apply', () => {
  const text = '[1, 2]';
  assert.equal(dalint.lint(text).diagnostics[0].severity, 'info');
  assert.equal(dalint.lint(text, { rules: { SCH001: 'error' } }).diagnostics[0].severity, 'error');
  assert.deepEqual(dalint.lint(text, { rules: { SCH001: 'off' } }).diagnostics, []);
});

test('invalid options throw an Error with a clear message', () => {
  assert.throws(() => dalint.lint('{}', { enviroment: 'dev' }), {
    name: 'Error',
    message: /^invalid options: unknown field `enviroment`, expected one of .*`env`/,
  });
  assert.throws(() => dalint.lint('{}', { naming: { patern: '{service}' } }), /unknown field `patern`/);
  assert.throws(() => dalint.lint('{}', { rewriteTarget: 'vault' }), /unknown variant `vault`/);
  assert.throws(() => dalint.lint('{}', { inventory: 'names.txt' }), /`inventory` must be a list of Secure Data names/);
  assert.throws(() => dalint.lint('{}', 'prod'), /^Error: invalid options: invalid type: string "prod"/);
  assert.throws(() => dalint.applyFixes('{}', {}, { unsafeFixes: true }), /^Error: invalid applyFixes options: unknown field `unsafeFixes`/);
  assert.throws(() => dalint.lint(42), { name: 'TypeError', message: 'dalint lint: text must be a string, got number' });
  // Errors are ordinary: the module keeps working.
  assert.equal(dalint.lint('[]').diagnostics[0].code, 'SCH001');
});

test('rules() lists every rule with its metadata and explain() renders its docs', () => {
  const rules = dalint.rules();
  assert.ok(rules.length >= 3);
  assert.deepEqual(rules.map((r) => r.code), [...rules.map((r) => r.code)].sort());
  for (const rule of rules) {
    assert.deepEqual(Object.keys(rule).sort(), ['category', 'code', 'defaultSeverity', 'docs', 'fix', 'name', 'summary']);
    const markdown = dalint.explain(rule.code);
    assert.ok(markdown.startsWith(`# ${rule.name} (${rule.code})\n`), rule.code);
    assert.equal(dalint.explain(rule.name), markdown);
    assert.ok(markdown.includes('## What it does'), `${rule.code} docs have "What it does"`);
  }
  assert.equal(dalint.explain('XYZ999'), null);
});

test('version() is the crate version', async () => {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../../pkg/package.json', import.meta.url), 'utf8'));
  assert.equal(dalint.version(), pkg.version);
  assert.match(dalint.version(), /^\d+\.\d+\.\d+/);
});
