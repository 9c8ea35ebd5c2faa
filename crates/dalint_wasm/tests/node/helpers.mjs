// Shared by the node tests: loads the built package (scripts/build-wasm.sh) and reads fixtures.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(fileURLToPath(new URL('../../../../', import.meta.url)));
export const pkgDir = path.join(root, 'crates/dalint_wasm/pkg');
export const fixturesDir = path.join(root, 'tests/fixtures');
const wasmPath = path.join(pkgDir, 'dalint_wasm_bg.wasm');

if (!existsSync(wasmPath)) {
  throw new Error(`${wasmPath} is missing: run scripts/build-wasm.sh (scripts/test-wasm.sh does)`);
}

export const wasmBytes = () => readFileSync(wasmPath);

/** The package's public module (not initialised). */
export const dalint = await import(pathToFileURL(path.join(pkgDir, 'dalint.js')).href);

/** The package, initialised the way the VS Code extension does it. */
export function loadDalint() {
  dalint.initSync({ module: wasmBytes() });
  return dalint;
}

/** UTF-8 bytes → string with any BOM kept (the wasm API takes what a host decoded); `null` when
 * the bytes are not UTF-8 (a JS string cannot carry them: the CLI reads such files as bytes). */
export function decodeUtf8(bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Every fixture, as the Rust harness (crates/dalint_core/tests/fixtures.rs) finds them. */
export function fixtures() {
  const out = [];
  for (const code of readdirSync(fixturesDir).sort()) {
    for (const name of readdirSync(path.join(fixturesDir, code)).sort()) {
      const stem = name.replace(/\.(tf\.json|jsonc?|tf|tfvars|tfvars\.json)$/, '');
      if (stem === name || stem.endsWith('.options')) continue;
      const file = path.join(fixturesDir, code, name);
      const sidecar = path.join(fixturesDir, code, `${stem}.options.json`);
      const bytes = readFileSync(file);
      out.push({
        code,
        name,
        stem,
        file,
        /** Path relative to tests/fixtures: the CLI's file name when run from there. */
        relative: `${code}/${name}`,
        valid: stem.startsWith('valid'),
        bytes,
        text: decodeUtf8(bytes),
        /** The sidecar `dalint.json` options, if any. */
        sidecar: existsSync(sidecar) ? JSON.parse(readFileSync(sidecar, 'utf8')) : null,
        sidecarPath: sidecar,
        snapshot: path.join(fixturesDir, code, `${stem}.snap`),
      });
    }
  }
  if (out.length === 0) throw new Error(`no fixtures under ${fixturesDir}`);
  return out;
}

/** The `(code, pointer)` pairs a fixture's snapshot records. */
export function snapshotPairs(fixture) {
  const text = readFileSync(fixture.snapshot, 'utf8');
  const section = text.split('\n## (code, pointer)\n')[1].split('\n## diagnostics\n')[0];
  return section
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const space = line.indexOf(' ');
      // Rust's Debug of a string: JSON-compatible for the pointers fixtures use.
      return { code: line.slice(0, space), pointer: JSON.parse(line.slice(space + 1)) };
    });
}

/** The text positions refer to: without its BOM. */
export const withoutBom = (text) => (text.startsWith('\ufeff') ? text.slice(1) : text);

/** LSP position → UTF-16 offset, computed independently of the Rust code (`\r\n`, `\r` and `\n`
 * end lines; a character past the line's end clamps to it). */
export function offsetAt(text, { line, character }) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    if (text[i] === '\n' || text[i] === '\r') starts.push(i + 1);
  }
  if (line >= starts.length) return text.length;
  let end = line + 1 < starts.length ? starts[line + 1] : text.length;
  while (end > starts[line] && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return Math.min(starts[line] + character, end);
}

/** A diagnostic without the wasm-only `offset` (the CLI's shape). */
export function withoutOffset(diagnostic) {
  const { offset: _offset, ...rest } = diagnostic;
  return rest;
}
