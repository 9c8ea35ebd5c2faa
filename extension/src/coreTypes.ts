// The shapes the wasm package returns and accepts (crates/dalint_wasm, `dalint_wasm.d.ts`).
// Positions are LSP positions (0-based line, UTF-16 character) into the BOM-less text, which is
// exactly what `vscode.TextDocument` holds.

export interface CorePosition {
  line: number;
  character: number;
}

export interface CoreRange {
  start: CorePosition;
  end: CorePosition;
}

export type CoreSeverity = "error" | "warning" | "info" | "hint";
export type CoreApplicability = "safe" | "unsafe" | "display-only";

export interface CoreEdit {
  range: CoreRange;
  newText: string;
}

export interface CoreFix {
  title: string;
  applicability: CoreApplicability;
  edits: CoreEdit[];
  /** Names of the secrets the fix takes out of the file (never their values). */
  extracts?: string[];
}

export interface CoreLabel {
  message: string;
  pointer: string;
  range: CoreRange;
}

export interface CoreDiagnostic {
  code: string;
  name: string;
  severity: CoreSeverity;
  message: string;
  pointer: string;
  range: CoreRange;
  offset: { start: number; end: number };
  fixes: CoreFix[];
  labels?: CoreLabel[];
  fingerprint?: string;
}

export interface CoreProvisioning {
  name: string;
  target: string;
  payload: unknown;
}

export interface CoreFixResult {
  text: string;
  changed: boolean;
  remaining: CoreDiagnostic[];
  provisioning: CoreProvisioning[];
}

export interface CoreRule {
  code: string;
  name: string;
  category: string;
  defaultSeverity: CoreSeverity;
  fix: string;
  summary: string;
}

export type RuleLevel = "off" | "hint" | "info" | "warning" | "error";
export type RewriteTarget = "auto" | "secureData" | "credentials";

/** The `dalint.json` configuration object, as the core reads it. */
export interface CoreOptions {
  env?: string;
  inventory?: string[] | string;
  rewriteTarget?: RewriteTarget;
  naming?: { pattern?: string; nonProductionPrefix?: string };
  rules?: Record<string, RuleLevel>;
  ignore?: { files?: string; pointer?: string; rules?: string[] }[];
  allowSecrets?: string[];
  fileName?: string;
}
