// Type-checked with Node's types only (no "dom" lib), as a VS Code extension's main entry is.
import { readFileSync } from 'node:fs';

import { applyFixes, initSync, lint, type Diagnostic, type Options } from '../../../pkg/dalint.js';

initSync({ module: readFileSync('dalint_wasm_bg.wasm') });
const options: Options = { env: 'prod', fileName: 'action.json' };
const diagnostics: Diagnostic[] = lint('{}', options).diagnostics;
const fixed: string = applyFixes('{}', options, { unsafe: false }).text;
export const summary = `${diagnostics.length} ${fixed}`;
