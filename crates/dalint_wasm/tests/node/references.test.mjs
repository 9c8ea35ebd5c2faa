// references() and parseInventory(): positions on non-ASCII text, inventory status, environments.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadDalint } from './helpers.mjs';

const dalint = loadDalint();

// A BOM, CRLF, an emoji (a surrogate pair) and CJK before the references.
const text =
  '\uFEFF{"type": "http", "config": {"method": "GET", "url": "https://x.example/😀/漢字/${credentials.clientId}",\r\n' +
  '  "headers": {"Authorization": "Bearer é{{secureData(\\"crm_token_prod\\")}}",\r\n' +
  '    "X-Dev": "{{secureData(\\"sandbox_crm_token_dev\\")}}", "X-Auth": "${authResponse.token}", "X-In": "${input.q}"}}}';
const body = text.slice(1);

/** The text a reference's offsets and range point at, as a VS Code document would give it. */
function atOffsets(r) {
  return body.slice(r.offset.start, r.offset.end);
}
function atRange(r) {
  const lines = body.split('\r\n');
  assert.equal(r.range.start.line, r.range.end.line);
  return lines[r.range.start.line].slice(r.range.start.character, r.range.end.character);
}

test('references: kinds, names, exact UTF-16 positions', () => {
  const { references } = dalint.references(text, { inventory: ['crm_token_prod'] });
  assert.deepEqual(
    references.map((r) => [r.kind, r.name, atOffsets(r)]),
    [
      ['credentials', 'clientId', '${credentials.clientId}'],
      ['secureData', 'crm_token_prod', 'secureData(\\"crm_token_prod\\")'],
      ['secureData', 'sandbox_crm_token_dev', 'secureData(\\"sandbox_crm_token_dev\\")'],
      ['authResponse', 'token', '${authResponse.token}'],
    ],
  );
  for (const r of references) assert.equal(atRange(r), atOffsets(r));
  assert.equal(references[1].pointer, '/config/headers/Authorization');
});

test('references: inventory true / false, environments', () => {
  const { references } = dalint.references(text, { inventory: ['crm_token_prod'] });
  assert.deepEqual(
    references.map((r) => [r.name, r.environment, r.inInventory]),
    [
      ['clientId', null, null],
      ['crm_token_prod', 'prod', true],
      ['sandbox_crm_token_dev', 'dev', false],
      ['token', null, null],
    ],
  );
});

test('references: inInventory is null without an inventory', () => {
  const { references } = dalint.references(text, { env: 'dev' });
  assert.equal(references.length, 4);
  assert.ok(references.every((r) => r.inInventory === null));
  assert.deepEqual(dalint.references('{"type": ', {}), { references: [] });
  assert.throws(() => dalint.references(text, { inventory: 'file.json' }), /list of Secure Data names/);
});

test('parseInventory reads the three shapes and says where one is wrong', () => {
  assert.deepEqual(dalint.parseInventory('["a_prod", "b_prod", "a_prod"]'), ['a_prod', 'b_prod']);
  assert.deepEqual(dalint.parseInventory('\uFEFF{"entities": [{"name": "a_prod", "id": "1"}]}'), ['a_prod']);
  assert.throws(() => dalint.parseInventory('[\n  {"id": "1"}]'), /line 2, column 4: this Secure Data object has no `name`/);
  assert.throws(() => dalint.parseInventory('{"a": 1}'), /no `entities` here/);
});
