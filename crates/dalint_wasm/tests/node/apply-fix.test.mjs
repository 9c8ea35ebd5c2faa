// applyFix (one quick fix, the core's apply_fix) gives, for every fix of every fixture, exactly
// what applying that fix's own edits gives, and reports that one fix as applied.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { fixtures, loadDalint } from './helpers.mjs';

const dalint = loadDalint();

/** Applies LSP edits (0-based line, UTF-16 character) to a BOM-less JS string. */
function applyEdits(text, edits) {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p) => lineStarts[p.line] + p.character;
  const sorted = [...edits].sort((a, b) => offset(a.range.start) - offset(b.range.start));
  let out = '';
  let last = 0;
  for (const e of sorted) {
    out += text.slice(last, offset(e.range.start)) + e.newText;
    last = offset(e.range.end);
  }
  return out + text.slice(last);
}

let checked = 0;
for (const fixture of fixtures().filter((f) => f.text !== null)) {
  const options = { ...fixture.sidecar, fileName: fixture.relative };
  const diagnostics = dalint.lint(fixture.text, options).diagnostics;
  const fixable = diagnostics.filter((d) => d.fixes.some((f) => f.applicability !== 'display-only'));
  if (fixable.length === 0) continue;
  test(`applyFix equals the fix's edits: ${fixture.relative}`, () => {
    const bom = fixture.text.startsWith('\uFEFF') ? '\uFEFF' : '';
    const body = fixture.text.slice(bom.length);
    for (const d of fixable) {
      for (const fix of d.fixes.filter((f) => f.applicability !== 'display-only')) {
        const wanted = { code: d.code, pointer: d.pointer, range: d.range, title: fix.title };
        const result = dalint.applyFix(fixture.text, options, wanted, { unsafe: true, discardSecrets: true });
        assert.equal(result.changed, true, `${d.code} ${fix.title} was not applied`);
        assert.deepEqual(result.applied, [{ code: d.code, pointer: d.pointer, title: fix.title }]);
        assert.ok(result.text === bom + applyEdits(body, fix.edits), `${d.code} ${fix.title}: text differs`);
        checked++;
      }
    }
  });
}

test('applyFix covers many fixes, and holds back what it must', () => {
  assert.ok(checked >= 40, `only ${checked} fixes compared`);
  const text = '{"type": "http", "config": {"method": "GET", "url": "https://api.example.com/x", "headers": {"X-API-Key": "k3J9xQ2mZ8vL5tR1wY7pN4bH6cF0dG2s"}}}';
  const d = dalint.lint(text, {}).diagnostics.find((x) => x.code === 'SEC001');
  const wanted = { code: d.code, pointer: d.pointer, range: d.range, title: d.fixes[0].title };
  const held = dalint.applyFix(text, {}, wanted, {});
  assert.equal(held.changed, false);
  assert.equal(held.text, text);
  assert.ok(held.heldBack.some((h) => h.code === 'SEC001'));
  const done = dalint.applyFix(text, {}, wanted, { unsafe: true });
  assert.equal(done.provisioning.length, 1);
  assert.ok(!done.remaining.some((x) => x.code === 'SEC001'));
});
