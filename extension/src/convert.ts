// Pure conversions between the core's results and what the editor shows. No `vscode` import, so
// `node --test` covers it (test/unit). No rule logic: the core decides what is wrong and how to fix
// it; this file only changes shapes.
import type {
  CoreDiagnostic,
  CoreFix,
  CoreOptions,
  CoreProvisioning,
  CoreReference,
  CoreSeverity,
  RuleLevel,
} from "./coreTypes";

/** `vscode.DiagnosticSeverity` values (stable API numbers). */
export const DiagnosticSeverity = { Error: 0, Warning: 1, Information: 2, Hint: 3 } as const;

export function severityOf(severity: CoreSeverity): number {
  switch (severity) {
    case "error":
      return DiagnosticSeverity.Error;
    case "warning":
      return DiagnosticSeverity.Warning;
    case "info":
      return DiagnosticSeverity.Information;
    case "hint":
      return DiagnosticSeverity.Hint;
  }
}

/** `vscode.DiagnosticTag` values. */
export const DiagnosticTag = { Unnecessary: 1, Deprecated: 2 } as const;

/**
 * Tags where a rule's kebab-case name says they fit: `unused-…` findings are faded out
 * (Unnecessary), `deprecated-…` ones struck through (Deprecated).
 */
export function tagsOf(ruleName: string): number[] {
  const words = ruleName.split("-");
  if (words.includes("unused")) return [DiagnosticTag.Unnecessary];
  if (words.includes("deprecated")) return [DiagnosticTag.Deprecated];
  return [];
}

/** The core's answer for a document that is not a Data Action ("nothing was checked"). */
export const NOT_A_DATA_ACTION = "SCH001";

export interface Visibility {
  /** The core recognised a Data Action or provisioning payload (or could not tell: parse error). */
  recognised: boolean;
  shown: CoreDiagnostic[];
}

/**
 * Which diagnostics to show. Other JSON files stay silent: the core says `SCH001` for them. A
 * document that does not parse is shown only if it was recognised before (an action being edited)
 * or matches `dalint.files`; VS Code's JSON support already reports syntax errors elsewhere.
 */
export function visibleDiagnostics(
  diagnostics: CoreDiagnostic[],
  parseCodes: ReadonlySet<string>,
  context: { matchesFilesSetting: boolean; wasRecognised: boolean },
): Visibility {
  if (diagnostics.some((d) => d.code === NOT_A_DATA_ACTION)) {
    return { recognised: false, shown: context.matchesFilesSetting ? diagnostics : [] };
  }
  const unparsed = diagnostics.length > 0 && diagnostics.every((d) => parseCodes.has(d.code));
  if (unparsed) {
    const show = context.wasRecognised || context.matchesFilesSetting;
    return { recognised: context.wasRecognised, shown: show ? diagnostics : [] };
  }
  return { recognised: true, shown: diagnostics };
}

/**
 * Quick-fix titles start with the rule code, so the light-bulb menu says which rule fixes what,
 * and say "(unsafe)" when the fix may change what is sent (as the web page and `--unsafe-fixes` do).
 */
export function fixTitle(code: string, fix: Pick<CoreFix, "title"> & Partial<Pick<CoreFix, "applicability">>): string {
  const title = fix.title.startsWith(code) ? fix.title : `${code}: ${fix.title}`;
  return fix.applicability === "unsafe" ? `${title} (unsafe)` : title;
}

/** A `command:` URI (what a diagnostic's code link and Markdown links can open). */
export function commandUri(command: string, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

export interface OffsetEdit {
  /** UTF-16 offsets into the old text. */
  start: number;
  end: number;
  newText: string;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * The single smallest replacement that turns `before` into `after` (common prefix and suffix
 * kept), never splitting a surrogate pair. Replacing the whole document instead would reset the
 * cursor, folding and undo granularity.
 */
export function minimalEdit(before: string, after: string): OffsetEdit | undefined {
  if (before === after) return undefined;
  const limit = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (
    suffix < limit - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  // A suffix that starts on a low surrogate would cut the pair in two.
  if (suffix > 0 && isHighSurrogate(before.charCodeAt(before.length - suffix - 1))) suffix--;
  return {
    start: prefix,
    end: before.length - suffix,
    newText: after.slice(prefix, after.length - suffix),
  };
}

/** The editor settings that change what the core is asked (`dalint.*`). */
export interface DalintSettings {
  environment?: string | null;
  rewriteTarget?: string | null;
  rules?: Record<string, RuleLevel>;
}

/**
 * The options passed to the core: the workspace's `dalint.json`, then the editor settings on top
 * (a user's setting wins over the repository's file, as in most linters' editor integrations).
 * `inventoryNames` replaces a path-valued inventory: the core takes names, the caller reads files.
 */
export function buildOptions(
  fileConfig: CoreOptions | undefined,
  settings: DalintSettings,
  inventoryNames: string[] | undefined,
  fileName: string,
): CoreOptions {
  const options: CoreOptions & { $schema?: string } = { ...(fileConfig ?? {}) };
  delete options.$schema;
  delete options.inventory;
  if (inventoryNames) options.inventory = inventoryNames;
  else if (Array.isArray(fileConfig?.inventory)) options.inventory = fileConfig.inventory;
  if (settings.environment) options.env = settings.environment;
  if (settings.rewriteTarget && settings.rewriteTarget !== "auto") {
    options.rewriteTarget = settings.rewriteTarget as CoreOptions["rewriteTarget"];
  }
  if (settings.rules && Object.keys(settings.rules).length > 0) {
    options.rules = { ...(fileConfig?.rules ?? {}), ...settings.rules };
  }
  options.fileName = fileName;
  return options;
}

/** `options` with every rule except `keep` switched off (to apply one kind of fix on its own). */
export function onlyRules(options: CoreOptions, allCodes: readonly string[], keep: ReadonlySet<string>): CoreOptions {
  const rules: Record<string, RuleLevel> = { ...(options.rules ?? {}) };
  for (const code of allCodes) {
    if (!keep.has(code)) rules[code] = "off";
    else if (rules[code] === "off") delete rules[code];
  }
  return { ...options, rules };
}

/** The payloads of the secrets a fix extracts (the core's applyFixes returns them by name). */
export function payloadsFor(provisioning: CoreProvisioning[], names: readonly string[]): CoreProvisioning[] {
  const wanted = new Set(names);
  return provisioning.filter((p) => wanted.has(p.name));
}

/**
 * The untitled document that shows removed secrets: JSONC, so the warning can sit in comments
 * above the payloads. It holds secrets: the extension never writes it anywhere.
 */
export function provisioningDocument(payloads: CoreProvisioning[], sourceName: string): string {
  const lines = [
    "// WARNING: this document contains secrets. Do not save it in a repository or share it.",
    `// dalint took ${payloads.length === 1 ? "this secret" : `these ${payloads.length} secrets`} out of ${sourceName}.`,
    "// Create each one as Secure Data (or an integration credential) in the target org, rotate it",
    "// if it was ever committed, then close this tab without saving.",
    "",
  ];
  const entries = payloads.map((p) => ({ name: p.name, target: p.target, payload: p.payload }));
  return `${lines.join("\n")}${JSON.stringify(entries, null, 2)}\n`;
}

export interface SeverityCounts {
  errors: number;
  warnings: number;
  others: number;
}

export function countSeverities(diagnostics: readonly Pick<CoreDiagnostic, "severity">[]): SeverityCounts {
  const counts = { errors: 0, warnings: 0, others: 0 };
  for (const d of diagnostics) {
    if (d.severity === "error") counts.errors++;
    else if (d.severity === "warning") counts.warnings++;
    else counts.others++;
  }
  return counts;
}

/** Status bar text, with codicons: `dalint $(error) 1 $(warning) 2`. */
export function statusText(counts: SeverityCounts, environment: string | undefined): string {
  const parts = [`dalint`, `$(error) ${counts.errors}`, `$(warning) ${counts.warnings}`];
  if (counts.others > 0) parts.push(`$(info) ${counts.others}`);
  if (environment) parts.push(`· ${environment}`);
  return parts.join(" ");
}

/** What the preview needs of one action of the core's `preview` result. */
export interface PreviewedAction {
  pointer: string;
}

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
export function pointerOf(path: readonly string[]): string {
  return path.map((segment) => `/${segment.replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

/** The index of the action that holds `cursorPointer` (the deepest prefix); else the first. */
export function actionIndexAt(actions: readonly { pointer: string }[], cursorPointer: string | undefined): number {
  let best = -1;
  if (cursorPointer !== undefined) {
    actions.forEach((a, i) => {
      const holds = a.pointer === "" || cursorPointer === a.pointer || cursorPointer.startsWith(`${a.pointer}/`);
      if (holds && (best < 0 || a.pointer.length > actions[best].pointer.length)) best = i;
    });
  }
  return best < 0 ? 0 : best;
}

/** The preview document: one comment line saying what it is, then the core's HTTP rendering. */
export function previewDocument(sourceName: string, total: number, index: number, http: string): string {
  const position = total > 1 ? ` (action ${index + 1} of ${total}, the one under the cursor)` : "";
  const header = `# dalint request preview of ${sourceName}${position}: read-only, secrets redacted as ‹markers›, nothing was sent`;
  return `${header}\n\n${http.endsWith("\n") ? http : `${http}\n`}`;
}

/** The hover text of a secret reference: its kind, environment and inventory status. */
export function referenceHover(
  reference: Pick<CoreReference, "kind" | "name" | "environment" | "inInventory">,
): string {
  const { kind, name } = reference;
  const written = kind === "secureData" ? `secureData("${name}")` : `\${${kind}.${name}}`;
  const lines = [`**dalint** \`${written}\``, ""];
  if (kind === "secureData") {
    lines.push("Secure Data object of the org.", "");
    lines.push(
      reference.environment === null
        ? "Environment: no environment marker in the name"
        : `Environment: \`${reference.environment}\``,
      "",
    );
    lines.push(
      reference.inInventory === null
        ? "Inventory: no inventory configured"
        : reference.inInventory
          ? "Inventory: ✓ present"
          : "Inventory: ✗ missing: publishing succeeds but it fails at run time with SECURE_DATA_NOT_FOUND",
    );
  } else {
    lines.push(
      kind === "credentials"
        ? "Credential field of the integration (not Secure Data: no environment, not in the inventory)."
        : "Field of the custom auth action's response (not Secure Data: no environment, not in the inventory).",
    );
  }
  return lines.join("\n");
}
