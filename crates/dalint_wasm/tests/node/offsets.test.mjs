// UTF-16 offsets and LSP ranges on non-ASCII, CRLF, lone CR and BOM text, checked against
// positions computed here in JavaScript (JS strings are UTF-16, so indexOf is the truth).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { fixtures, loadDalint, offsetAt, withoutBom } from './helpers.mjs';

const dalint = loadDalint();

/** Asserts that every diagnostic's offset is its LSP range converted in JS. */
function assertOffsetsMatchRanges(text, diagnostics) {
  const body = withoutBom(text);
  for (const d of diagnostics) {
    assert.equal(d.offset.start, offsetAt(body, d.range.start), `${d.code} start`);
    assert.equal(d.offset.end, offsetAt(body, d.range.end), `${d.code} end`);
  }
}

const cases = [
  { name: 'BOM, CRLF, CJK and an emoji before the error', text: '\ufeff{"名前": "😀😀",\r\n  "説明": "ü",\r\n  "x": }\r\n' },
  { name: 'lone CR line ends', text: '{"a": "é",\r"b": "🎉",\r"c": ]' },
  { name: 'astral characters in keys', text: '{"𝒳𝒴": {"🔑": 1}, "z": tru}' },
  { name: 'no BOM, LF only', text: '{\n  "名": [\n    1,\n    2,,\n  ]\n}' },
];

for (const { name, text } of cases) {
  test(`offsets count UTF-16 units: ${name}`, () => {
    const { diagnostics } = dalint.lint(text);
    assert.equal(diagnostics.length, 1);
    const [d] = diagnostics;
    assert.equal(d.code, 'PAR001');
    assertOffsetsMatchRanges(text, diagnostics);
    // The error sits on the first character JS itself finds wrong.
    const body = withoutBom(text);
    const bad = { 'BOM, CRLF, CJK and an emoji before the error': body.lastIndexOf('}'),
      'lone CR line ends': body.lastIndexOf(']'),
      'astral characters in keys': body.indexOf('tru'),
      'no BOM, LF only': body.indexOf(',,') + 1 }[name];
    assert.equal(d.offset.start, bad);
  });
}

test('a document-wide diagnostic spans the whole BOM-less text in UTF-16 units', () => {
  const text = '\ufeff["日本語", "😀", "ok"]';
  const [d] = dalint.lint(text).diagnostics;
  assert.equal(d.code, 'SCH001');
  assert.deepEqual(d.offset, { start: 0, end: withoutBom(text).length });
  assert.deepEqual(d.range.end, { line: 0, character: withoutBom(text).length });
});

test('offsets of applyFixes().remaining refer to the fixed text', () => {
  const text = '\ufeff["😀"]\r\n';
  const result = dalint.applyFixes(text, {}, {});
  assert.equal(result.text, text);
  assertOffsetsMatchRanges(result.text, result.remaining);
  assert.deepEqual(result.remaining[0].offset, { start: 0, end: 6 }); // ["😀"]: the emoji is two units
});

test('every fixture diagnostic: offset = range converted in JS', () => {
  let checked = 0;
  for (const fixture of fixtures()) {
    if (fixture.text === null) continue;
    const { diagnostics } = dalint.lint(fixture.text, { ...fixture.sidecar, fileName: fixture.name });
    assertOffsetsMatchRanges(fixture.text, diagnostics);
    checked += diagnostics.length;
  }
  assert.ok(checked > 0);
});
