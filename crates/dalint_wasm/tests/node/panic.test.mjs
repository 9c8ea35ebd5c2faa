// A Rust panic becomes a clear JS Error and the wrapper re-instantiates the module, so the next
// call works. Runs in its own process (node --test isolates files).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadDalint, pkgDir } from './helpers.mjs';

const dalint = loadDalint();
const raw = await import(new URL(`file://${pkgDir}/dalint_wasm.js`).href);

/** Runs `fn` with console.error captured (the panic hook logs the panic with its stack). */
function capturingConsoleError(fn) {
  const logged = [];
  const original = console.error;
  console.error = (...args) => logged.push(args.join(' '));
  try {
    fn();
  } finally {
    console.error = original;
  }
  return logged;
}

const text = '{"a": [1, 2,]}';

test('a panic is thrown as an Error that says so, and the next call works', () => {
  const before = dalint.lint(text);
  let thrown;
  const logged = capturingConsoleError(() => {
    try {
      dalint.__testing.panic();
    } catch (error) {
      thrown = error;
    }
  });
  assert.ok(thrown instanceof Error);
  assert.ok(!(thrown instanceof WebAssembly.RuntimeError));
  assert.match(thrown.message, /^dalint panicked at crates\/dalint_wasm\/src\/lib\.rs:\d+:\d+: panic requested by a test during __testing\.panic; the module was restarted and the next call will work$/);
  assert.ok(thrown.cause instanceof Error);
  // console_error_panic_hook (the default `panic-hook` feature) logged it with a stack.
  assert.ok(logged.some((line) => line.includes('panic requested by a test') && line.includes('Stack')), logged.join('\n'));
  assert.deepEqual(dalint.lint(text), before);
  assert.equal(dalint.rules().length > 0, true);
});

test('every panic is recovered, not only the first', () => {
  capturingConsoleError(() => {
    for (let i = 0; i < 3; i++) {
      assert.throws(() => dalint.__testing.panic(), /^Error: dalint panicked at .*the module was restarted/);
      assert.equal(dalint.lint('[]').diagnostics[0].code, 'SCH001');
    }
  });
});

test('without the restart a panicked instance is broken (why the wrapper restarts)', () => {
  capturingConsoleError(() => {
    assert.throws(() => raw.__panicForTests(), /^Error: dalint panicked/);
    // The same instance panicking again aborts: Rust sees a panic inside a panic.
    assert.throws(() => raw.__panicForTests(), (error) => error instanceof WebAssembly.RuntimeError);
    // The wrapper treats the trap as a crash too and restarts the module.
    assert.throws(() => dalint.__testing.panic(), (error) => error instanceof Error && /the module was restarted/.test(error.message));
  });
  assert.equal(dalint.lint(text).diagnostics[0].code, 'PAR001');
});
