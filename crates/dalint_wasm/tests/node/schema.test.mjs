// The TypeScript declarations of the options stay the configuration's shape: the keys and enum
// values of Options, Naming, IgnoreEntry, RuleLevel and RewriteTarget in js/dalint.d.ts equal
// those of dalint.schema.json (generated from config::Options), plus the caller's `fileName`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

import { root } from './helpers.mjs';

const schema = JSON.parse(readFileSync(path.join(root, 'dalint.schema.json'), 'utf8'));
const declarations = path.join(root, 'crates/dalint_wasm/js/dalint.d.ts');
const source = ts.createSourceFile(declarations, readFileSync(declarations, 'utf8'), ts.ScriptTarget.ES2022, true);

/** Property names of an interface, or string literals of a type alias, in the declarations. */
function declared(name) {
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement) && statement.name.text === name) {
      return statement.members.map((m) => m.name.getText(source)).sort();
    }
    if (ts.isTypeAliasDeclaration(statement) && statement.name.text === name) {
      return statement.type.types.map((t) => t.literal.text).sort();
    }
  }
  throw new Error(`${name} is not declared in dalint.d.ts`);
}

const definition = (name) => schema.definitions[name];
const enumValues = (def) => (def.enum ?? def.oneOf.map((o) => o.const ?? o.enum?.[0])).sort();

test('Options has the configuration keys plus fileName', () => {
  assert.deepEqual(declared('Options'), [...Object.keys(schema.properties), 'fileName'].sort());
});

test('Naming and IgnoreEntry have the configuration keys', () => {
  assert.deepEqual(declared('Naming'), Object.keys(definition('Naming').properties).sort());
  assert.deepEqual(declared('IgnoreEntry'), Object.keys(definition('IgnoreEntry').properties).sort());
  assert.deepEqual(declared('Redaction'), Object.keys(definition('Redaction').properties).sort());
});

test('RuleLevel and RewriteTarget have the configuration values', () => {
  assert.deepEqual(declared('RuleLevel'), enumValues(definition('RuleLevel')));
  assert.deepEqual(declared('RewriteTarget'), enumValues(definition('RewriteTarget')));
});
