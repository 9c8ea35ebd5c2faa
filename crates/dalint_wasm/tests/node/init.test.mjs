// Loading: calls before init fail clearly; init() takes bytes or a compiled module (the browser
// path with a URL is covered by the page's tests); initSync is idempotent.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { dalint, wasmBytes } from './helpers.mjs';

test('calls before init throw a clear Error', () => {
  assert.equal(dalint.isInitialized(), false);
  assert.throws(() => dalint.lint('{}'), { message: 'dalint lint: the module is not loaded; call init() or initSync() first' });
  assert.throws(() => dalint.initSync(new Uint8Array(4)), { name: 'TypeError', message: /pass \{ module: bytes or WebAssembly.Module \}/ });
});

test('init() accepts a compiled module, and later init/initSync calls do nothing', async () => {
  const module = await WebAssembly.compile(wasmBytes());
  await dalint.init(module);
  assert.equal(dalint.isInitialized(), true);
  const first = dalint.lint('[]');
  await dalint.init(new Uint8Array([0, 1, 2]));
  dalint.initSync({ module: new Uint8Array([0, 1, 2]) });
  assert.deepEqual(dalint.lint('[]'), first);
});

