// Types of the dalint-wasm package (js/dalint.js). The shapes are the CLI's `--format json`
// shapes (crates/dalint_core/src/output.rs, config.rs, rule.rs, fix.rs).

/** 0-based line and UTF-16 character (the LSP convention). */
export interface Position {
  line: number;
  character: number;
}

/** An LSP range into the text without its BOM. */
export interface Range {
  start: Position;
  end: Position;
}

/** UTF-16 code-unit offsets from the start of the text without its BOM (for `positionAt`). */
export interface Offset {
  start: number;
  end: number;
}

export type Severity = 'hint' | 'info' | 'warning' | 'error';

/** `safe` fixes apply by default, `unsafe` ones (the credential rewrite) only when asked. */
export type Applicability = 'safe' | 'unsafe' | 'display-only';

export interface Edit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  applicability: Applicability;
  /** Sorted and non-overlapping. */
  edits: Edit[];
  /** Names of the secrets this fix takes out of the file (never their values). */
  extracts?: string[];
}

/** A secondary location, e.g. the first occurrence of a duplicate key. */
export interface Label {
  message: string;
  pointer: string;
  range: Range;
}

/** A diagnostic exactly as the CLI prints it in `files[].diagnostics`, plus `offset`. */
export interface Diagnostic {
  /** Stable rule code, e.g. `SEC001`. */
  code: string;
  /** kebab-case rule name. */
  name: string;
  severity: Severity;
  message: string;
  /** JSON Pointer of the node the diagnostic is about. */
  pointer: string;
  range: Range;
  fixes: Fix[];
  labels?: Label[];
  /** `sha256:…` fingerprint of the secret concerned, never the secret itself. */
  fingerprint?: string;
  offset: Offset;
}

export interface LintResult {
  diagnostics: Diagnostic[];
}

export type RuleLevel = 'off' | 'hint' | 'info' | 'warning' | 'error';

export type RewriteTarget = 'auto' | 'secureData' | 'credentials';

export interface Naming {
  /** The name pattern, with the placeholders `{service}`, `{kind}` and `{env}`. */
  pattern?: string;
  /** Prefix of every name outside production (`sandbox_`); empty for none. */
  nonProductionPrefix?: string;
  /** Suffixes of the dual-secret rotation pattern (`_primary`, `_secondary`). */
  dualSuffixes?: string[];
  /** Words that mark an environment in a name; the configured `env` always counts too. */
  environments?: string[];
}

export interface IgnoreEntry {
  /** Glob matched against the file name; all files when absent. */
  files?: string;
  /** A JSON Pointer; the entry covers this node and everything under it. */
  pointer?: string;
  /** Codes to ignore; all rules when empty. */
  rules?: string[];
}

export interface Redaction {
  /**
   * Names (headers, query parameters, fields) whose values may be shown although they sit where
   * a credential can go: `['X-Correlation-Token']`.
   */
  show?: string[];
}

/** The `dalint.json` configuration (camelCase; an unknown key is an error) plus `fileName`. */
export interface Options {
  $schema?: string;
  /** The target org's environment (`prod`, `dev`, `test`, `uat`, …); `prod` by default. */
  env?: string;
  /** Names of the Secure Data objects that exist (a path cannot be read here). */
  inventory?: string[];
  rewriteTarget?: RewriteTarget;
  naming?: Naming;
  /** Per-rule levels: `{ SEC003: 'off' }`. */
  rules?: Record<string, RuleLevel>;
  ignore?: IgnoreEntry[];
  /** Fingerprints (`sha256:…`) of values known not to be secrets. */
  allowSecrets?: string[];
  /** What the preview and the code frames show of values where a credential can go. */
  redaction?: Redaction;
  /** A `.jsonc` name allows comments and trailing commas; strict JSON otherwise. */
  fileName?: string;
}

export interface ApplyFixesOptions {
  /** Apply unsafe fixes too (the credential rewrite). */
  unsafe?: boolean;
  /**
   * Drop the secrets a rewrite removes. When false (the default) they come back in
   * `provisioning`, in memory only: show them on request, never store them.
   */
  discardSecrets?: boolean;
}

export interface AppliedFix {
  code: string;
  pointer: string;
  title: string;
}

export interface HeldBackFix extends AppliedFix {
  /** Why it was not applied (e.g. it is unsafe and unsafe fixes are off). */
  reason: string;
}

/** The body of `POST /api/v2/securedata/securedata`; it holds the secret. */
export interface ProvisioningPayload {
  name: string;
  description: string;
  secureData: { value: string };
  tags: string[];
  /** Present for `${credentials.…}` rewrites: the integration credential field to add. */
  integrationCredentialField?: string;
}

export interface Provisioning {
  name: string;
  /** `terraformVariable`: a secret taken out of a `.tf`/`.tfvars` file, for a sensitive variable. */
  target: 'secureData' | 'credentials' | 'terraformVariable';
  payload: ProvisioningPayload;
}

export interface ApplyFixesResult {
  /** The fixed text (BOM and line endings preserved). */
  text: string;
  changed: boolean;
  applied: AppliedFix[];
  heldBack: HeldBackFix[];
  /** Diagnostics of the fixed text. */
  remaining: Diagnostic[];
  /** Secrets the rewrites removed (empty with `discardSecrets`). */
  provisioning: Provisioning[];
}

/** What to preview and with what (all optional). */
export interface PreviewOptions {
  /** Input values; the action's input contract supplies the others. */
  inputs?: Record<string, unknown>;
  /** A sample response: also runs the translation map and renders the successTemplate. */
  response?: unknown;
  /** Only this action: a 0-based index in document order, or a name (exact, any case, or a unique prefix). */
  action?: number | string;
  /** Wins over `options.fileName`; a `.jsonc` name allows comments and trailing commas. */
  fileName?: string;
}

export interface Header {
  name: string;
  value: string;
}

/** Something to know about a rendered action, at a place in the document. */
export interface Note {
  message: string;
  pointer: string;
  range: Range;
  offset: Offset;
}

export interface ResponseVariable {
  name: string;
  /** The JSONPath of the translation map. */
  path: string;
  /** The value as JSON text (what `${name}` prints); null when nothing matched and no default. */
  value: string | null;
  source: 'path' | 'default' | 'missing';
}

export interface ResponsePreview {
  variables: ResponseVariable[];
  /** The rendered successTemplate (the action's output); null without one. */
  output: string | null;
}

/** One action's request, redacted: secrets show as markers such as `‹secureData:name›`. */
export interface ActionPreview {
  /** JSON Pointer of the action in the document. */
  pointer: string;
  name: string | null;
  method: string;
  /** Null for function actions, which have no URL. */
  url: string | null;
  headers: Header[];
  body: string | null;
  notes: Note[];
  /** Present when a sample response was given. */
  response?: ResponsePreview;
}

export interface PreviewResult {
  /** As `dalint preview --format json` prints them, notes with `offset`. */
  actions: ActionPreview[];
  /** The same preview as HTTP messages (`dalint preview`). */
  http: string;
  /** The same preview as curl commands (`dalint preview --format curl`). */
  curl: string;
}

/** `secureData("x")` is a Secure Data object of the org; the others are integration credential fields. */
export type ReferenceKind = 'secureData' | 'credentials' | 'authResponse';

/** One secret reference in an action's request (`references`). */
export interface SecretReference {
  kind: ReferenceKind;
  /** The name as written (`x`). */
  name: string;
  /** JSON Pointer of the string that holds it. */
  pointer: string;
  /** The whole reference (`secureData("x")`, `${credentials.x}`). */
  range: Range;
  offset: Offset;
  /** The environment the name belongs to (`prod`, `dev`, `non-production`); null without a usable
   * marker, and always for credentials/authResponse. */
  environment: string | null;
  /** Whether the inventory has the name; null without an inventory and for credentials/authResponse. */
  inInventory: boolean | null;
}

export interface ReferencesResult {
  references: SecretReference[];
}

export type Category = 'parse' | 'schema' | 'template' | 'security' | 'environment' | 'securedata';

export type FixKind = 'none' | 'safe' | 'unsafe' | 'sometimes';

export interface RuleMeta {
  code: string;
  name: string;
  category: Category;
  defaultSeverity: Severity;
  fix: FixKind;
  /** One line. */
  summary: string;
  /** Markdown, from the rule's doc comment. */
  docs: string;
}

declare global {
  // Declared here too so that a Node-only project (lib without "dom") can use these types; it
  // merges with the DOM library's declaration where that is present.
  namespace WebAssembly {
    interface Module {}
  }
}

/** Where `init` gets the module: its URL, a fetch `Response`, its bytes or a compiled module. */
export type InitInput = string | URL | Request | Response | ArrayBuffer | ArrayBufferView | WebAssembly.Module;

/** Loads the module (browsers); fetches `dalint_wasm_bg.wasm` beside this file by default. */
export function init(moduleOrPath?: InitInput | Promise<InitInput>): Promise<void>;

/** Loads the module synchronously from its bytes or a compiled module (the VS Code extension). */
export function initSync(options: { module: ArrayBuffer | ArrayBufferView | WebAssembly.Module }): void;

export function isInitialized(): boolean;

/** Throws an Error for invalid options; a crash throws too, and the next call works. */
export function lint(text: string, options?: Options): LintResult;

export function applyFixes(text: string, options?: Options, fixOptions?: ApplyFixesOptions): ApplyFixesResult;

/** Which fix `applyFix` applies: its finding's code, pointer and range (as `lint` reported them) and its title. */
export interface FixSelector {
  code: string;
  pointer: string;
  title: string;
  /** Tells apart findings of one rule in one string that offer the same fix. */
  range?: Range;
}

/**
 * One quick fix with the core's `apply_fix` (the checks of `applyFixes`): `changed` is false when
 * the fix is held back, no longer offered, or would break the JSON.
 */
export function applyFix(text: string, options: Options | undefined, fix: FixSelector, fixOptions?: ApplyFixesOptions): ApplyFixesResult;

/** Throws when the document does not parse or `action` matches no action. */
export function preview(text: string, options?: Options, previewOptions?: PreviewOptions): PreviewResult;

/** Every secret reference of every action; none when the text does not parse. Throws for invalid options. */
export function references(text: string, options?: Options): ReferencesResult;

/** The Secure Data names of an inventory file's text; throws an Error saying where it is unusable. */
export function parseInventory(text: string): string[];

export function rules(): RuleMeta[];

/** Markdown docs of a rule (by code or name), or `null` when there is no such rule. */
export function explain(code: string): string | null;

export function version(): string;

/** For dalint's own tests only. */
export const __testing: {
  readonly panic: () => void;
};
