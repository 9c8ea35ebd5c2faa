// preview(): for every preview fixture (tests/preview), the actions, the HTTP text and the curl
// text equal what `dalint preview` prints (--format json / text / curl), notes carry UTF-16
// offsets, and no secret that lint finds in any fixture appears in a preview.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { fixtures, loadDalint, offsetAt, root, withoutBom, withoutOffset } from './helpers.mjs';

const dalint = loadDalint();
const bin = process.env.DALINT_BIN ?? path.join(root, 'target/debug/dalint');
const previewDir = path.join(root, 'tests/preview');

function cli(args) {
  const run = spawnSync(bin, ['preview', ...args], { cwd: previewDir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.ok(run.status === 0 || run.status === 1, `dalint preview ${args.join(' ')}: exit ${run.status} ${run.stderr}`);
  return run.stdout;
}

const names = readdirSync(previewDir).filter((f) => f.endsWith('.json') && !/\.(inputs|response)\.json$/.test(f)).sort();

test('there are preview fixtures', () => assert.ok(names.length >= 5, names.join(' ')));

for (const name of names) {
  test(`preview parity: tests/preview/${name}`, () => {
    assert.ok(existsSync(bin), `${bin} is missing: cargo build -p dalint_cli`);
    const stem = name.replace(/\.json$/, '');
    const extra = [];
    const previewOptions = {};
    for (const [kind, flag] of [['inputs', '--input'], ['response', '--response']]) {
      const sidecar = `${stem}.${kind}.json`;
      if (existsSync(path.join(previewDir, sidecar))) {
        extra.push(flag, sidecar);
        previewOptions[kind] = JSON.parse(readFileSync(path.join(previewDir, sidecar), 'utf8'));
      }
    }
    const text = readFileSync(path.join(previewDir, name), 'utf8');
    const wasm = dalint.preview(text, { fileName: name }, previewOptions);
    const json = JSON.parse(cli([name, '--format', 'json', ...extra]));
    assert.deepEqual(
      wasm.actions.map((a) => ({ ...a, notes: a.notes.map(withoutOffset) })),
      json.actions,
    );
    assert.equal(wasm.http, cli([name, ...extra]));
    assert.equal(wasm.curl, cli([name, '--format', 'curl', ...extra]));
    const body = withoutBom(text);
    for (const note of wasm.actions.flatMap((a) => a.notes)) {
      assert.equal(note.offset.start, offsetAt(body, note.range.start));
      assert.equal(note.offset.end, offsetAt(body, note.range.end));
    }
  });
}

const guide = readFileSync(path.join(previewDir, 'guide.json'), 'utf8');

test('preview selects an action by index or name, and says why none matched', () => {
  const all = dalint.preview(guide);
  assert.equal(all.actions.length, 1);
  assert.deepEqual(dalint.preview(guide, {}, { action: 0 }).actions, all.actions);
  assert.deepEqual(dalint.preview(guide, {}, { action: 'post_telemetry' }).actions, all.actions);
  assert.throws(() => dalint.preview(guide, {}, { action: 3 }), /^Error: cannot preview: no action `3`: the document has 1 action\(s\)/);
  assert.throws(() => dalint.preview(guide, {}, { action: 'nope' }), /^Error: cannot preview: no action `nope`: the actions are named POST_Telemetry_Event/);
  assert.throws(() => dalint.preview(guide, {}, { inputz: {} }), /^Error: invalid preview options: unknown field `inputz`/);
  assert.throws(() => dalint.preview('{"a": ', {}), /^Error: cannot preview: the document does not parse/);
});

test('preview options: inputs fill the request, fileName chooses the dialect', () => {
  const { actions } = dalint.preview(guide, {}, { inputs: {} });
  assert.equal(actions[0].method, 'POST');
  assert.match(actions[0].url, /^https:\/\/api\.partner\.example\.com\/v1\/events\?queue=/);
  assert.ok(actions[0].headers.some((h) => h.name === 'Authorization' && h.value.includes('‹secureData:external_api_key_prod›')));
  const jsonc = guide.replace('"logRequest": false,', '"logRequest": false, // comment');
  assert.throws(() => dalint.preview(jsonc, { fileName: 'a.json' }), /does not parse/);
  assert.equal(dalint.preview(jsonc, { fileName: 'a.jsonc' }).actions.length, 1);
  assert.equal(dalint.preview(jsonc, { fileName: 'a.json' }, { fileName: 'a.jsonc' }).actions.length, 1);
});

test('no secret that lint finds appears in any preview of the fixtures', () => {
  let checked = 0;
  for (const fixture of fixtures()) {
    if (fixture.text === null) continue;
    const options = { ...fixture.sidecar, fileName: fixture.name };
    const body = withoutBom(fixture.text);
    const secrets = dalint.lint(fixture.text, options).diagnostics
      // SEC002's placeholders (`<YOUR TOKEN>`) are not secrets: the preview shows them.
      .filter((d) => d.fingerprint && d.code !== 'SEC002')
      .map((d) => body.slice(d.offset.start, d.offset.end).replace(/^"|"$/g, ''))
      .filter((s) => s.length >= 8);
    if (secrets.length === 0) continue;
    let result;
    try {
      result = dalint.preview(fixture.text, options);
    } catch (error) {
      assert.match(error.message, /^cannot preview/);
      continue;
    }
    const shown = JSON.stringify(result);
    for (const secret of secrets) {
      // Never print the secret, even when failing.
      assert.ok(!shown.includes(secret), `${fixture.relative}: a secret found by ${fixture.code} is in its preview`);
    }
    checked += 1;
  }
  assert.ok(checked >= 10, `only ${checked} fixtures with secrets were previewed`);
});

// Redaction fails closed: what sits where a credential can go is hidden whether or not lint
// judges it a secret; non-credential values show byte for byte; `redaction.show` reveals a name.
test('preview fails closed: values in credential positions never reach the page or the extension', () => {
  const text = readFileSync(path.join(previewDir, 'fail_closed.json'), 'utf8');
  const printed = JSON.stringify(dalint.preview(text, { fileName: 'fail_closed.json' }, {}));
  for (const planted of ['Summer%202024%21', 'Summer 2024!', '9f86d081884c7d659a2feaa0c55ad015', 'acme-tenant-7', 'hunter22', 'Zm9vYmFyLWZ1bmN0aW9uLWtleQ', 's3ss10n-t0k3n-value']) {
    assert.ok(!printed.includes(planted), `the preview prints ${planted}`);
  }
  for (const shown of ['q-4711', 'page=2', 'W/\\\"etag-42\\\"', 'application/x-www-form-urlencoded', 'hidden because of where they sit', '‹credentials.token›']) {
    assert.ok(printed.includes(shown), `the preview hides ${shown}`);
  }
  const revealed = dalint.preview(text, { fileName: 'fail_closed.json', redaction: { show: ['X-Tenant'] } }, {});
  assert.ok(revealed.http.includes('X-Tenant: acme-tenant-7'), revealed.http);
});
