// Settings kept in localStorage: the dalint.json options the user chose and the theme. Document
// text, provisioning payloads and anything else that could hold a secret are never stored.

const STORAGE_KEY = 'dalint.settings';
const REWRITE_TARGETS = ['auto', 'secureData', 'credentials'];
const THEMES = ['auto', 'light', 'dark'];
export const RULE_LEVELS = ['off', 'hint', 'info', 'warning', 'error'];

export const DEFAULT_SETTINGS = Object.freeze({
  env: '',
  rewriteTarget: 'auto',
  namingPattern: '',
  nonProductionPrefix: '',
  inventory: [],
  rules: {},
  theme: 'auto',
});

/** Reads the stored settings, dropping anything malformed. */
export function loadSettings(storage = globalThis.localStorage) {
  let stored = {};
  try {
    stored = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '{}') ?? {};
  } catch {
    stored = {};
  }
  const text = (v) => (typeof v === 'string' ? v.slice(0, 200) : '');
  return {
    env: text(stored.env),
    rewriteTarget: REWRITE_TARGETS.includes(stored.rewriteTarget) ? stored.rewriteTarget : 'auto',
    namingPattern: text(stored.namingPattern),
    nonProductionPrefix: text(stored.nonProductionPrefix),
    inventory: Array.isArray(stored.inventory) ? stored.inventory.filter((n) => typeof n === 'string') : [],
    rules: Object.fromEntries(
      Object.entries(stored.rules && typeof stored.rules === 'object' ? stored.rules : {}).filter(
        ([code, level]) => /^[A-Z]{3}\d{3}$/.test(code) && RULE_LEVELS.includes(level),
      ),
    ),
    theme: THEMES.includes(stored.theme) ? stored.theme : 'auto',
  };
}

export function saveSettings(settings, storage = globalThis.localStorage) {
  const { env, rewriteTarget, namingPattern, nonProductionPrefix, inventory, rules, theme } = settings;
  try {
    storage?.setItem(
      STORAGE_KEY,
      JSON.stringify({ env, rewriteTarget, namingPattern, nonProductionPrefix, inventory, rules, theme }),
    );
  } catch {
    // Storage full or disabled (private mode): settings then last for this visit only.
  }
}

/**
 * The linter options (the dalint.json object) for one document. Unset fields are left out so the
 * linter's own defaults apply.
 */
export function lintOptions(settings, fileName) {
  const options = { rewriteTarget: settings.rewriteTarget };
  if (settings.env.trim()) options.env = settings.env.trim();
  if (settings.inventory.length) options.inventory = settings.inventory;
  const naming = {};
  if (settings.namingPattern.trim()) naming.pattern = settings.namingPattern.trim();
  if (settings.nonProductionPrefix.trim()) naming.nonProductionPrefix = settings.nonProductionPrefix.trim();
  if (Object.keys(naming).length) options.naming = naming;
  if (Object.keys(settings.rules ?? {}).length) options.rules = { ...settings.rules };
  if (fileName) options.fileName = fileName;
  return options;
}

/**
 * Secure Data names from what the user pasted or loaded: a JSON array of names, an array of
 * Secure Data objects, a list response `{"entities": [...]}`, or one name per line. Only names
 * are kept: values that a pasted payload might carry are dropped here.
 */
export function parseInventory(text) {
  const trimmed = text.trim();
  if (!trimmed) return [];
  let parsed;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    parsed = undefined;
  }
  let names;
  if (parsed !== undefined) {
    const items = Array.isArray(parsed) ? parsed : Array.isArray(parsed?.entities) ? parsed.entities : [parsed];
    names = items.map((item) => (typeof item === 'string' ? item : item?.name)).filter((n) => typeof n === 'string');
  } else {
    names = trimmed.split(/[\r\n,]+/);
  }
  return [...new Set(names.map((n) => n.trim()).filter(Boolean))];
}
