// Benchmark of the dalint-wasm package in Node (not a test: it prints figures, it asserts nothing).
//   node bench/wasm-bench.mjs [--rules]  (after scripts/build-wasm.sh; --rules: the cost of each rule)
// Reports: .wasm size raw and gzipped, what each crate costs in code size, instantiate time,
// lint p50 for a ~5 KB action and a ~1 MB file, and lint over the real corpus when it is there
// (DALINT_CORPUS, default shared/corpus/genesys-exports one or two folders above the repository).
// Budgets (issue 6; issue 15 raised the size to 520 KB for Terraform): ≤ 520 KB gzipped, instantiate ≤ 30 ms, 5 KB p50 ≤ 0.5 ms, 1 MB ≤ 20 ms.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const pkgDir = path.join(root, 'crates/dalint_wasm/pkg');
const wasmPath = path.join(pkgDir, 'dalint_wasm_bg.wasm');
// The cargo output before wasm-bindgen and wasm-opt: it still has function names.
const namedWasmPath = path.join(root, 'target/wasm32-unknown-unknown/wasm-release/dalint_wasm.wasm');
if (!existsSync(wasmPath)) {
  console.error(`${wasmPath} is missing: run scripts/build-wasm.sh first`);
  process.exit(2);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n) => `${n.toFixed(3)} ms`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const budget = (value, limit) => (value <= limit ? 'within budget' : `OVER BUDGET (${limit})`);

function time(fn) {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** CPU time of one call in ms: on a busy machine it shows what wall time would be on an idle one. */
function cpuTime(fn) {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

// ---------------------------------------------------------------- size
const bytes = readFileSync(wasmPath);
const gzipped = gzipSync(bytes, { level: 9 }).length;
console.log('## Size');
console.log(`dalint_wasm_bg.wasm: ${kb(bytes.length)} raw, ${kb(gzipped)} gzipped -9 (budget 520 KB): ${budget(gzipped / 1024, 520)}`);
const glue = ['dalint_wasm.js', 'dalint.js'].map((f) => readFileSync(path.join(pkgDir, f)));
console.log(`JS glue + wrapper: ${kb(glue.reduce((n, b) => n + b.length, 0))} raw, ${kb(glue.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0))} gzipped`);

/** Code bytes per crate from the name section of the unoptimised module. */
function sizeByCrate(module) {
  let offset = 8;
  const readU32 = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = module[offset++];
      result |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) return result >>> 0;
      shift += 7;
    }
  };
  let importedFunctions = 0;
  let bodies = [];
  let dataBytes = 0;
  const names = new Map();
  while (offset < module.length) {
    const id = module[offset++];
    const size = readU32();
    const end = offset + size;
    if (id === 2) {
      for (let n = readU32(); n > 0; n--) {
        const skip = () => {
          const length = readU32();
          offset += length;
        };
        skip(); // module name
        skip(); // field name
        const kind = module[offset++];
        if (kind === 0) { readU32(); importedFunctions++; }
        else if (kind === 1) { offset++; const flags = readU32(); readU32(); if (flags & 1) readU32(); }
        else if (kind === 2) { const flags = readU32(); readU32(); if (flags & 1) readU32(); }
        else if (kind === 3) { offset += 2; }
        else throw new Error(`import kind ${kind}`);
      }
    } else if (id === 10) {
      for (let n = readU32(); n > 0; n--) {
        const length = readU32();
        bodies.push(length);
        offset += length;
      }
    } else if (id === 11) {
      dataBytes = size;
    } else if (id === 0) {
      const nameLength = readU32();
      const name = module.subarray(offset, offset + nameLength).toString();
      offset += nameLength;
      if (name === 'name') {
        while (offset < end) {
          const sub = module[offset++];
          const subSize = readU32();
          const subEnd = offset + subSize;
          if (sub === 1) {
            for (let n = readU32(); n > 0; n--) {
              const index = readU32();
              const length = readU32();
              names.set(index, module.subarray(offset, offset + length).toString());
              offset += length;
            }
          }
          offset = subEnd;
        }
      }
    }
    offset = end;
  }
  const byCrate = new Map();
  bodies.forEach((length, i) => {
    const crate = crateOf(names.get(i + importedFunctions) ?? '');
    byCrate.set(crate, (byCrate.get(crate) ?? 0) + length);
  });
  byCrate.set('(data: strings, tables)', dataBytes);
  return [...byCrate.entries()].sort((a, b) => b[1] - a[1]);
}

const STD = new Set(['core', 'alloc', 'std']);

/** Crate names a mangled Rust symbol mentions (legacy `_ZN…E` or v0 `_R…`), in order. */
function cratesIn(symbol) {
  if (symbol.startsWith('_R')) {
    const found = [];
    const re = /Cs[0-9A-Za-z]*_(\d+)/g;
    for (let m; (m = re.exec(symbol)); ) {
      found.push(symbol.slice(re.lastIndex, re.lastIndex + Number(m[1])));
    }
    return found;
  }
  let text = symbol;
  if (symbol.startsWith('_ZN')) {
    const parts = [];
    for (let i = 3; i < symbol.length && /\d/.test(symbol[i]); ) {
      const digits = /^\d+/.exec(symbol.slice(i))[0];
      i += digits.length;
      parts.push(symbol.slice(i, i + Number(digits)));
      i += Number(digits);
    }
    text = parts.join('::').replaceAll('$LT$', '<').replaceAll('$GT$', '>').replaceAll('..', '::')
      .replaceAll('$u20$', ' ').replaceAll('$C$', ',').replaceAll('$RF$', '&').replaceAll('$BP$', '*');
  }
  return [...text.matchAll(/(?:^|[<\s,&(*])([a-z_][a-z0-9_]*)::/g)].map((m) => m[1]);
}

/** The crate a function's code is charged to: the first non-std crate its symbol names (a
 * generic std function instantiated for dalint_core's type counts as dalint_core's), else std. */
function crateOf(symbol) {
  const crates = cratesIn(symbol);
  const own = crates.find((c) => !STD.has(c));
  if (own) return own;
  if (crates.length) return 'Rust std (core, alloc, std)';
  if (/^(dlmalloc|malloc|free|realloc|calloc|mem|__rust|__rdl|__rg|__wbindgen|__externref)/.test(symbol)) {
    return '(runtime: allocator, mem*, wasm-bindgen)';
  }
  return `(unnamed)`;
}

if (existsSync(namedWasmPath)) {
  const named = readFileSync(namedWasmPath);
  const rows = sizeByCrate(named);
  const total = rows.reduce((n, [, size]) => n + size, 0);
  console.log(`\nCode size per crate (cargo output before wasm-opt, ${kb(named.length)}; wasm-opt -O3 then shrinks the whole by ${Math.round(100 - (100 * bytes.length) / named.length)}%):`);
  for (const [crate, size] of rows.filter(([, size]) => size >= 512)) {
    console.log(`  ${crate.padEnd(44)} ${kb(size).padStart(9)}  ${((100 * size) / total).toFixed(1).padStart(5)}%`);
  }
}

// ---------------------------------------------------------------- instantiate
const dalint = await import(pathToFileURL(path.join(pkgDir, 'dalint.js')).href);
const raw = await import(pathToFileURL(path.join(pkgDir, 'dalint_wasm.js')).href);
const load = (await import('node:os')).loadavg()[0];
console.log(`\n## Instantiate (Node ${process.version}; load average ${load.toFixed(1)} on ${(await import('node:os')).availableParallelism()} cores)`);
const cold = time(() => dalint.initSync({ module: bytes }));
console.log(`first initSync (compile + instantiate + start), cold: ${ms(cold)} (budget 30 ms): ${budget(cold, 30)}`);
const compiles = [];
for (let i = 0; i < 20; i++) {
  const start = performance.now();
  await WebAssembly.compile(bytes);
  compiles.push(performance.now() - start);
}
const instantiates = Array.from({ length: 50 }, () => time(() => raw.__wbg_reset_state()));
console.log(`WebAssembly.compile p50: ${ms(median(compiles))}; instantiate from a compiled module p50: ${ms(median(instantiates))}`);

// ---------------------------------------------------------------- lint
/** A realistic export-shape action of about `size` bytes: inputs escaped and declared, a
 * translation map and a successTemplate that use each other; its one problem is a hard-coded
 * Basic credential (SEC001). */
function action(i, size = 5 * 1024) {
  const properties = {
    customerId: { type: 'string', description: 'The customer' },
    limit: { type: 'integer' },
    source: { type: 'string' },
    note: { type: 'string' },
  };
  const outputs = {};
  const make = () => ({
    name: `Get customer ${i}`,
    integrationType: 'custom-rest-actions',
    actionType: 'custom',
    config: {
      request: {
        requestUrlTemplate: `https://api.example.com/v1/customers/$esc.url(\${input.customerId})/orders?limit=\${input.limit}&n=${i}`,
        requestType: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`svc-user-${i}:not-a-real-password-${i}`).toString('base64')}`,
          'Content-Type': 'application/json',
          'X-Request-Source': 'genesys-$esc.url(${input.source})',
        },
        requestTemplate: '{ "customer": "$esc.jsonString(${input.customerId})", "note": "$esc.jsonString(${input.note})", "items": [] }',
      },
      response: {
        translationMap: Object.fromEntries(Object.keys(outputs).map((k) => [k, `$.data.${k}`])),
        translationMapDefaults: Object.fromEntries(Object.keys(outputs).map((k) => [k, '""'])),
        successTemplate: `{ ${Object.keys(outputs).map((k) => `"${k}": \${${k}}`).join(', ')} }`,
      },
    },
    contract: {
      input: { inputSchema: { type: 'object', properties, required: ['customerId'] } },
      output: { successSchema: { type: 'object', properties: outputs } },
    },
    secure: false,
  });
  for (let n = 0; JSON.stringify(make(), null, 2).length < size; n++) {
    properties[`field${n}`] = { type: 'string', description: `Input field number ${n} (Ünïcödé, 日本語)` };
    outputs[`result${n}`] = { type: 'string' };
  }
  return make();
}

const small = JSON.stringify(action(0), null, 2);
const entities = [];
let big = '';
for (let i = 0; big.length < 1024 * 1024; i++) {
  entities.push(action(i));
  if (i % 16 === 15 || i > 200) big = JSON.stringify({ entities, pageSize: entities.length }, null, 2);
}

// DALINT_BENCH_INPUTS=DIR writes the two inputs there (to profile, or to time the CLI on them).
if (process.env.DALINT_BENCH_INPUTS) {
  writeFileSync(path.join(process.env.DALINT_BENCH_INPUTS, 'action-5kb.json'), small);
  writeFileSync(path.join(process.env.DALINT_BENCH_INPUTS, 'entities-1mb.json'), big);
}

function bench(name, text, runs, limit) {
  for (let i = 0; i < Math.min(runs, 20); i++) dalint.lint(text);
  const times = Array.from({ length: runs }, () => time(() => dalint.lint(text)));
  const cpu = Array.from({ length: runs }, () => cpuTime(() => dalint.lint(text)));
  const { diagnostics } = dalint.lint(text);
  const codes = [...new Set(diagnostics.map((d) => d.code))].join(' ');
  const p50 = median(times);
  const cpu50 = median(cpu);
  const verdict = p50 <= limit ? 'within budget'
    : cpu50 <= limit ? `over budget in wall time, within it in CPU time (a busy machine)` : `OVER BUDGET (${limit} ms)`;
  console.log(`${name} (${kb(text.length)}, ${diagnostics.length} diagnostics: ${codes || 'none'}): p50 ${ms(p50)} wall, ${ms(cpu50)} CPU (budget ${limit} ms): ${verdict}`);
  return diagnostics;
}

console.log('\n## lint (p50, includes JSON.stringify of options and JSON.parse of the result)');
bench('5 KB action', small, 2000, 0.5);
bench(`1 MB file (${entities.length} actions in "entities")`, big, 30, 20);
if (process.argv.includes('--rules')) {
  // What each rule costs: CPU time of the 1 MB lint with that rule off, against all on.
  const cpu50 = (options) => {
    for (let i = 0; i < 3; i++) dalint.lint(big, options);
    return median(Array.from({ length: 15 }, () => cpuTime(() => dalint.lint(big, options))));
  };
  const codes = dalint.rules().map((r) => r.code);
  const all = cpu50({});
  const none = cpu50({ rules: Object.fromEntries(codes.map((c) => [c, 'off'])) });
  console.log(`1 MB, CPU p50: all rules ${ms(all)}; parse, model and index alone (all rules off) ${ms(none)}`);
  const costs = codes.map((code) => [code, all - cpu50({ rules: { [code]: 'off' } })]).sort((a, b) => b[1] - a[1]);
  console.log(`  saved by turning one rule off: ${costs.map(([c, t]) => `${c} ${t.toFixed(1)}`).join(', ')} (ms)`);
}
const fixTimes = Array.from({ length: 200 }, () => time(() => dalint.applyFixes(small, {}, { unsafe: true })));
console.log(`applyFixes on the 5 KB action (unsafe, secrets kept in memory): p50 ${ms(median(fixTimes))}`);

const corpus = process.env.DALINT_CORPUS ?? ['..', '../..'].map((up) => path.join(root, up, 'shared/corpus/genesys-exports')).find(existsSync);
if (corpus && existsSync(corpus)) {
  const files = readdirSync(corpus).filter((f) => f.endsWith('.json'));
  const texts = files.map((f) => readFileSync(path.join(corpus, f), 'utf8'));
  for (const text of texts) dalint.lint(text);
  const perFile = texts.map((text) => median(Array.from({ length: 21 }, () => time(() => dalint.lint(text)))));
  const bytesTotal = texts.reduce((n, t) => n + t.length, 0);
  const slowest = perFile.indexOf(Math.max(...perFile));
  console.log(`corpus: ${files.length} real exports (${kb(bytesTotal)}): per-file p50 ${ms(median(perFile))}, slowest ${ms(perFile[slowest])} (${files[slowest]}, ${kb(texts[slowest].length)})`);
}
