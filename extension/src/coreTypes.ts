// The shapes of the wasm package (crates/dalint_wasm/js/dalint.d.ts), under the names the
// extension uses. Positions are LSP positions (0-based line, UTF-16 character) into the BOM-less
// text, which is exactly what `vscode.TextDocument` holds.
export type {
  ApplyFixesResult as CoreFixResult,
  Diagnostic as CoreDiagnostic,
  Fix as CoreFix,
  Options as CoreOptions,
  PreviewResult as CorePreviewResult,
  Provisioning as CoreProvisioning,
  Range as CoreRange,
  SecretReference as CoreReference,
  RuleLevel,
  RuleMeta as CoreRule,
  Severity as CoreSeverity,
} from "dalint-wasm";
