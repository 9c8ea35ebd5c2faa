// Type-checked (never run) by types.test.mjs: the declarations in js/dalint.d.ts describe the
// whole API precisely; each @ts-expect-error line proves that a wrong use is rejected.
import {
  __testing,
  applyFixes,
  explain,
  init,
  initSync,
  isInitialized,
  lint,
  parseInventory,
  preview,
  references,
  rules,
  version,
  type ApplyFixesResult,
  type Applicability,
  type Diagnostic,
  type Edit,
  type Fix,
  type HeldBackFix,
  type LintResult,
  type ActionPreview,
  type PreviewResult,
  type Options,
  type Provisioning,
  type Range,
  type ReferenceKind,
  type ReferencesResult,
  type RuleMeta,
  type Severity,
} from '../../../pkg/dalint.js';

declare const bytes: Uint8Array<ArrayBuffer>;
/** What Node's readFileSync and vscode.workspace.fs.readFile return. */
declare const fileBytes: Uint8Array;

export async function browser(): Promise<void> {
  await init();
  await init(new URL('https://cdn.test/dalint_wasm_bg.wasm'));
  await init(fetch('/dalint_wasm_bg.wasm'));
  await init(bytes);
  await init(await WebAssembly.compile(bytes));
  // @ts-expect-error init resolves to nothing
  const exports: object = await init();
  void exports;
}

export function extension(): void {
  initSync({ module: bytes });
  initSync({ module: fileBytes });
  initSync({ module: bytes.buffer as ArrayBuffer });
  initSync({ module: new WebAssembly.Module(bytes) });
  // @ts-expect-error initSync takes { module }
  initSync(bytes);
  const loaded: boolean = isInitialized();
  void loaded;
}

export function usage(text: string): string[] {
  const options: Options = {
    env: 'dev',
    inventory: ['genesys_api_key_dev'],
    rewriteTarget: 'credentials',
    naming: { pattern: '{service}_{kind}_{env}', nonProductionPrefix: 'sandbox_' },
    rules: { SEC003: 'off', SCH001: 'warning' },
    ignore: [{ files: '**/legacy/*.json', pointer: '/config', rules: ['SEC001'] }],
    allowSecrets: ['sha256:0123456789abcdef'],
    fileName: 'action.jsonc',
  };
  // @ts-expect-error unknown option keys are errors
  lint(text, { enviroment: 'dev' });
  // @ts-expect-error a rule level is one of off|hint|info|warning|error
  lint(text, { rules: { SEC001: 'loud' } });
  // @ts-expect-error a path inventory cannot be read here
  lint(text, { inventory: 'names.txt' });

  const result: LintResult = lint(text, options);
  const out: string[] = [];
  for (const d of result.diagnostics) {
    const severity: Severity = d.severity;
    // @ts-expect-error severities are a closed set
    const wrong: Severity = 'fatal';
    void wrong;
    const range: Range = d.range;
    const offsetStart: number = d.offset.start;
    const fix: Fix | undefined = d.fixes[0];
    const applicability: Applicability | undefined = fix?.applicability;
    const edit: Edit | undefined = fix?.edits[0];
    const extracts: string[] | undefined = fix?.extracts;
    out.push(`${d.code} ${d.name} ${severity} ${d.message} ${d.pointer} ${range.start.line}:${range.start.character}`);
    out.push(`${offsetStart} ${applicability} ${edit?.newText} ${edit?.range.end.character} ${extracts?.join()}`);
    out.push(`${d.fingerprint ?? ''} ${d.labels?.map((l) => `${l.message}${l.pointer}${l.range.start.line}`).join() ?? ''}`);
  }

  const fixed: ApplyFixesResult = applyFixes(text, options, { unsafe: true, discardSecrets: false });
  // @ts-expect-error the switch is `unsafe`
  applyFixes(text, options, { unsafeFixes: true });
  applyFixes(text);
  const remaining: Diagnostic[] = fixed.remaining;
  const held: HeldBackFix[] = fixed.heldBack;
  const payloads: Provisioning[] = fixed.provisioning;
  for (const p of payloads) {
    const target: 'secureData' | 'credentials' | 'terraformVariable' = p.target;
    out.push(`${p.name} ${target} ${p.payload.name} ${p.payload.secureData.value.length} ${p.payload.tags.join()}`);
    out.push(p.payload.integrationCredentialField ?? '');
  }
  out.push(`${fixed.text} ${fixed.changed} ${fixed.applied.map((a) => a.code + a.pointer + a.title).join()}`);
  out.push(`${remaining.length} ${held.map((h) => h.reason).join()}`);

  const shown: PreviewResult = preview(text, options, { inputs: { customerId: '42' }, response: { id: 1 }, action: 'Get order' });
  preview(text, options, { action: 0, fileName: 'a.jsonc' });
  preview(text);
  // @ts-expect-error preview options are inputs, response, action and fileName
  preview(text, options, { input: {} });
  for (const a of shown.actions as ActionPreview[]) {
    out.push(`${a.pointer} ${a.name ?? ''} ${a.method} ${a.url ?? ''} ${a.body ?? ''} ${a.headers.map((h) => h.name + h.value).join()}`);
    out.push(`${a.notes.map((n) => `${n.message}${n.pointer}${n.range.start.line}${n.offset.start}`).join()}`);
    out.push(`${a.response?.output ?? ''} ${a.response?.variables.map((v) => `${v.name}${v.path}${v.value ?? ''}${v.source}`).join() ?? ''}`);
  }
  out.push(shown.http, shown.curl);

  const found: ReferencesResult = references(text, options);
  references(text);
  // @ts-expect-error a path inventory cannot be read here
  references(text, { inventory: 'names.txt' });
  for (const r of found.references) {
    const kind: ReferenceKind = r.kind;
    // @ts-expect-error flow inputs are not secret references
    const input: ReferenceKind = 'input';
    void input;
    // @ts-expect-error inInventory may be null (no inventory, or a credential field)
    const known: boolean = r.inInventory;
    void known;
    out.push(`${kind} ${r.name} ${r.pointer} ${r.range.start.line} ${r.offset.end} ${r.environment ?? ''} ${r.inInventory ?? ''}`);
  }
  const names: string[] = parseInventory('["a_prod"]');
  out.push(names.join());

  const metas: RuleMeta[] = rules();
  for (const m of metas) {
    out.push(`${m.code} ${m.name} ${m.category} ${m.defaultSeverity} ${m.fix} ${m.summary} ${m.docs.length}`);
  }
  const docs: string | null = explain('SEC001');
  // @ts-expect-error explain may return null
  const docsNotNull: string = explain('SEC001');
  void docsNotNull;
  out.push(docs ?? '', version());
  __testing.panic();
  return out;
}
