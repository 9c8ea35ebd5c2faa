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

/** Terraform's JSON syntax (`*.tf.json`) rather than an export: a JSON object whose members are
 * Terraform block types, with a `resource` of a `genesyscloud_` type or a `variable`. */
export function looksLikeTerraformJson(text) {
  let value;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return false;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const resources = [value.resource].flat().filter((r) => r && typeof r === 'object');
  const genesys = resources.some((r) => Object.keys(r).some((type) => type.startsWith('genesyscloud_')));
  return genesys || (value.variable !== undefined && typeof value.variable === 'object');
}

/** The extension an untitled document takes for pasted `text`: `tf`, `tf.json` or `json`. */
export function pastedExtension(text) {
  if (looksLikeHcl(text)) return 'tf';
  return looksLikeTerraformJson(text) ? 'tf.json' : 'json';
}
