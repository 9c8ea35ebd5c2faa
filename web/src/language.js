// Which language a pasted text is in: pasted text carries no file name, and the core picks
// JSON or Terraform from the file name.

/** Terraform (HCL) rather than JSON: the first code line opens a block (`resource "…"`) or
 * assigns (`name = …`). Pasted text carries no file name, so this picks the language. */
export function looksLikeHcl(text) {
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith('#') && !l.startsWith('//') && !l.startsWith('/*') && !l.startsWith('*'));
  return !!line && /^([A-Za-z_][\w-]*(\s+("[^"]*"|[A-Za-z_][\w-]*))*\s*\{|[A-Za-z_][\w-]*\s*=)/.test(line);
}
