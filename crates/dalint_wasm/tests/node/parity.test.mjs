// The package gives the CLI's answers: for every fixture, lint() diagnostics equal
// `dalint check --format json`'s files[0].diagnostics (ignoring `offset`), and applyFixes() gives
// byte-identical text, the same applied/held-back fixes and the same remaining diagnostics as
// `dalint check --fix --unsafe-fixes --discard-secrets` (and the same payloads as
// `--emit-provisioning DIR`). Runs target/debug/dalint (DALINT_BIN overrides it).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { fixtures, fixturesDir, loadDalint, root, withoutOffset } from './helpers.mjs';

const dalint = loadDalint();
const bin = process.env.DALINT_BIN ?? path.join(root, 'target/debug/dalint');
if (!existsSync(bin)) throw new Error(`${bin} is missing: cargo build -p dalint_cli (scripts/test-wasm.sh does)`);

/** `--config` with the fixture's sidecar options, if it has one. */
const configArgs = (fixture) => (fixture.sidecar ? ['--config', fixture.sidecarPath] : []);

function dalintCli(args, input, cwd = fixturesDir) {
  return { stdout: execFileSync(bin, args, { cwd, input, maxBuffer: 64 * 1024 * 1024, encoding: "buffer" }) };
}

/** Terraform fixtures are linted by the CLI as a module with the `.tf` files beside them; the
 * page and the extension read the open file alone. A copy in a folder of its own (same relative
 * path) gives the CLI the one-file module the wasm package sees. */
function withOwnFolder(fixture, run) {
  if (!/\.(tf|tf\.json|tfvars)$/.test(fixture.name)) return run(fixturesDir);
  const dir = mkdtempSync(path.join(tmpdir(), 'dalint-module-'));
  try {
    mkdirSync(path.join(dir, fixture.code));
    copyFileSync(fixture.file, path.join(dir, fixture.relative));
    return run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the CLI capturing stdout and stderr separately (stdin --fix prints the report on stderr). */
function dalintCliFix(args, input) {
  const dir = mkdtempSync(path.join(tmpdir(), 'dalint-parity-'));
  try {
    const reportFile = path.join(dir, 'report.json');
    const stdout = execFileSync('/bin/sh', ['-c', `"$0" "$@" 2>"${reportFile}"`, bin, ...args], {
      cwd: fixturesDir,
      input,
      maxBuffer: 64 * 1024 * 1024,
      encoding: 'buffer',
    });
    return { stdout, report: JSON.parse(readFileSync(reportFile, 'utf8')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const all = fixtures();
let extracting = 0;

// The CLI names a file relative to the folder of its configuration file (the sidecar, beside the
// fixture), else as given on the command line or by --stdin-filename; the options get that name.
for (const fixture of all) {
  const skip = fixture.text === null ? 'not UTF-8: a JS host cannot pass these bytes as a string' : false;

  test(`lint parity: ${fixture.relative}`, { skip }, () => {
    const { stdout } = withOwnFolder(fixture, (cwd) =>
      dalintCli(['check', '--format', 'json', '--exit-zero', ...configArgs(fixture), fixture.relative], undefined, cwd));
    const report = JSON.parse(stdout.toString('utf8'));
    assert.equal(report.files.length, 1);
    assert.equal(report.files[0].path, fixture.relative);
    const fileName = fixture.sidecar ? fixture.name : fixture.relative;
    const wasm = dalint.lint(fixture.text, { ...fixture.sidecar, fileName }).diagnostics;
    assert.deepEqual(wasm.map(withoutOffset), report.files[0].diagnostics);
  });

  test(`applyFixes parity: ${fixture.relative}`, { skip }, () => {
    const args = ['check', '-', '--stdin-filename', fixture.relative, '--fix', '--unsafe-fixes', '--discard-secrets',
      '--format', 'json', '--exit-zero', ...configArgs(fixture)];
    const cli = dalintCliFix(args, fixture.bytes);
    const options = { ...fixture.sidecar, fileName: fixture.relative };
    const wasm = dalint.applyFixes(fixture.text, options, { unsafe: true, discardSecrets: true });
    assert.ok(Buffer.from(wasm.text, 'utf8').equals(cli.stdout), 'fixed text differs from the CLI output');
    const [file] = cli.report.files;
    if (file.fixed) {
      assert.deepEqual(wasm.applied, file.fixed.applied);
      assert.deepEqual(wasm.heldBack, file.fixed.heldBack);
      assert.equal(file.fixed.error, undefined);
      assert.deepEqual(wasm.remaining.map(withoutOffset), file.diagnostics);
    } else {
      // The CLI does not fix a file that does not parse; apply_fixes leaves it unchanged too.
      assert.equal(wasm.changed, false);
    }
    assert.equal(wasm.changed, wasm.applied.length > 0);
    assert.deepEqual(wasm.provisioning, [], 'discardSecrets returns no payloads');
  });

  // Fixtures whose fixes take a secret out: the payloads kept in memory equal the CLI's files.
  const extracts = skip
    ? []
    : dalint.lint(fixture.text, { ...fixture.sidecar, fileName: fixture.name }).diagnostics.flatMap((d) => d.fixes.flatMap((f) => f.extracts ?? []));
  if (extracts.length > 0) {
    extracting++;
    test(`provisioning parity: ${fixture.relative}`, () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'dalint-provisioning-'));
      try {
        const copy = path.join(dir, fixture.name);
        copyFileSync(fixture.file, copy);
        const out = path.join(dir, 'payloads');
        execFileSync(bin, ['check', '--fix', '--unsafe-fixes', '--emit-provisioning', out, '--exit-zero', '--format', 'json', ...configArgs(fixture), copy]);
        // The copy lies outside the sidecar's folder: the CLI names it by its path.
        const wasm = dalint.applyFixes(fixture.text, { ...fixture.sidecar, fileName: copy }, { unsafe: true });
        assert.ok(Buffer.from(wasm.text, 'utf8').equals(readFileSync(copy)), 'fixed text differs from the CLI output');
        const files = readdirSync(out).sort();
        // A Terraform secret goes to `<variable>.tfvars.json`, the others to `<name>.json`.
        const fileOf = (p) => (p.target === 'terraformVariable' ? `${p.name}.tfvars.json` : `${p.name}.json`);
        assert.deepEqual(wasm.provisioning.map(fileOf).sort(), files);
        for (const p of wasm.provisioning) {
          const cliPayload = JSON.parse(readFileSync(path.join(out, fileOf(p)), 'utf8'));
          // Compared without printing: the payloads hold the secrets.
          assert.ok(JSON.stringify(p.payload) === JSON.stringify(cliPayload), `payload ${p.name} differs from the CLI's`);
          // A secret taken out of a Terraform file goes to a (sensitive) Terraform variable.
          const elsewhere = /\.(tf|tf\.json|tfvars|tfvars\.json)$/.test(fixture.name) ? 'terraformVariable' : 'secureData';
          assert.equal(p.target, cliPayload.integrationCredentialField === undefined ? elsewhere : 'credentials');
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
}

test('parity covers the fixtures, fixes and extracted secrets', () => {
  const covered = all.filter((f) => f.text !== null);
  assert.ok(covered.length >= all.length - 2, `only ${covered.length} of ${all.length} fixtures compared`);
  const fixed = covered.filter((f) => dalint.applyFixes(f.text, { ...f.sidecar, fileName: f.relative }, { unsafe: true, discardSecrets: true }).changed);
  assert.ok(fixed.length >= 10, `only ${fixed.length} fixtures are changed by their fixes`);
  assert.ok(extracting >= 3, `only ${extracting} fixtures have a fix that extracts a secret`);
});
