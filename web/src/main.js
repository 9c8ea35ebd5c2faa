// The page: documents in tabs, the linter (WebAssembly) run on every change after a short pause,
// fixes applied through the package's applyFixes, settings, preview and provisioning panels.

import { startEngine } from './engine.js';
import { h, byId, debounce } from './dom.js';
import { createEditor, offsetOf, minimalChange, pointerAt, lineColumn } from './editor.js';
import { renderProblems, applicableFix, fixLabel } from './problems.js';
import { renderMarkdown } from './markdown.js';
import { loadSettings, saveSettings, lintOptions, parseInventory, RULE_LEVELS } from './settings.js';
import { createPreview } from './preview.js';
import { createProvisioningPanel } from './provisioning.js';
import { SAMPLES } from './samples.js';
import { pastedExtension } from './language.js';

const LINT_DELAY_MS = 250;
const BOM = '\ufeff';

const settings = loadSettings();
const documents = [];
let active = null;
let nextDocumentNumber = 1;
let engine = null;

const problemList = byId('problems');
const statusLine = byId('status');
const unsafeSwitch = byId('unsafe-fixes');

const editor = createEditor(byId('editor-host'), {
  onChange: () => {
    problemList.dataset.pending = 'true';
    scheduleLint();
  },
  onCursor: () => schedulePreview(),
  onQuickFix: (view) => quickFixAtCursor(view),
});
const { view } = editor;

const preview = createPreview(byId('preview-body'), byId('preview-target'), { jump: (range) => jump({ range }) });
const provisioning = createProvisioningPanel(byId('provisioning-body'), { announce });

// ---------------------------------------------------------------- status and theme

function announce(message, kind = 'info') {
  statusLine.textContent = message;
  statusLine.dataset.kind = kind;
}

function applyTheme() {
  document.documentElement.dataset.theme = settings.theme;
  byId('theme-state').textContent = { auto: 'system', light: 'light', dark: 'dark' }[settings.theme];
}

byId('theme-toggle').addEventListener('click', () => {
  const order = ['auto', 'light', 'dark'];
  settings.theme = order[(order.indexOf(settings.theme) + 1) % order.length];
  saveSettings(settings);
  applyTheme();
});

// ---------------------------------------------------------------- documents

function uniqueFileName(name) {
  const taken = new Set(documents.map((d) => d.fileName));
  if (!taken.has(name)) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 2; ; n++) if (!taken.has(`${stem} (${n})${ext}`)) return `${stem} (${n})${ext}`;
}

/** Opens `text` as a new document and shows it. */
function openDocument(fileName, text) {
  const hadBom = text.startsWith(BOM);
  const body = hadBom ? text.slice(BOM.length) : text;
  const doc = {
    id: `doc-${nextDocumentNumber++}`,
    fileName: uniqueFileName(fileName),
    hadBom,
    state: editor.createState(body),
    diagnostics: [],
    provisioning: [],
  };
  documents.push(doc);
  activate(doc);
  return doc;
}

function activate(doc) {
  if (active && active !== doc) active.state = view.state;
  active = doc;
  view.setState(doc.state);
  renderTabs();
  provisioning.show(doc);
  lintNow();
}

function closeActiveDocument() {
  if (!active) return;
  const index = documents.indexOf(active);
  documents.splice(index, 1);
  active.provisioning = [];
  active = null;
  if (!documents.length) openDocument('untitled.json', '');
  else activate(documents[Math.min(index, documents.length - 1)]);
}

function renderTabs() {
  const tabs = byId('doc-tabs');
  tabs.replaceChildren(
    ...documents.map((doc) => {
      const selected = doc === active;
      const counts = doc.diagnostics.length ? ` (${doc.diagnostics.length})` : '';
      return h(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `tab-${doc.id}`,
          class: 'tab',
          'aria-selected': selected ? 'true' : 'false',
          'aria-controls': 'editor-region',
          tabindex: selected ? '0' : '-1',
          onclick: () => activate(doc),
          onkeydown: (event) => tabKeys(event, doc),
        },
        doc.fileName,
        h('span', { class: 'tab-count', text: counts }),
      );
    }),
  );
  byId('editor-region').setAttribute('aria-labelledby', `tab-${active.id}`);
  byId('close-doc').setAttribute('aria-label', `Close document ${active.fileName}`);
}

function tabKeys(event, doc) {
  const index = documents.indexOf(doc);
  const move = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
  if (move === undefined && event.key !== 'Home' && event.key !== 'End') return;
  event.preventDefault();
  const target =
    event.key === 'Home' ? 0 : event.key === 'End' ? documents.length - 1 : (index + move + documents.length) % documents.length;
  activate(documents[target]);
  document.getElementById(`tab-${documents[target].id}`)?.focus();
}

/** The document's text with its own line breaks (CRLF files stay CRLF). */
function currentText() {
  return view.state.sliceDoc();
}

/**
 * Replaces the active document's text as one undoable change. CodeMirror counts a line break as
 * one position whatever its characters, so the change is computed on `\n`-joined text and its
 * inserted text is given back the document's line break.
 */
function replaceText(newText, userEvent = 'input.replace') {
  const lineBreak = view.state.lineBreak;
  const toLf = (t) => (lineBreak === '\n' ? t : t.split(lineBreak).join('\n'));
  const change = minimalChange(view.state.doc.toString(), toLf(newText));
  if (change.from === change.to && !change.insert) return;
  if (lineBreak !== '\n') change.insert = change.insert.split('\n').join(lineBreak);
  view.dispatch({ changes: change, userEvent, scrollIntoView: true });
}

// ---------------------------------------------------------------- linting

function options() {
  return lintOptions(settings, active?.fileName);
}

function toEditorDiagnostic(diagnostic, doc) {
  const from = offsetOf(doc, diagnostic.range.start);
  const to = Math.max(from, offsetOf(doc, diagnostic.range.end));
  const fix = applicableFix(diagnostic);
  return {
    from,
    to,
    severity: diagnostic.severity,
    source: `${diagnostic.code} ${diagnostic.name}`,
    message: diagnostic.message,
    actions: fix ? [{ name: `Fix: ${fixLabel(fix)}`, apply: () => applyOneFix(diagnostic, fix) }] : [],
  };
}

/** An untitled document follows what is pasted into it: `untitled.tf` for HCL, `.tf.json` for
 * Terraform's JSON syntax, else `.json`. */
function followPastedLanguage(doc, text) {
  const match = /^untitled( \(\d+\))?\.(json|tf\.json|tf)$/.exec(doc.fileName);
  if (!match) return;
  const wanted = pastedExtension(text);
  if (match[2] === wanted) return;
  doc.fileName = uniqueFileName(`untitled.${wanted}`);
  renderTabs();
}

function lintNow() {
  scheduleLint.cancel();
  if (!engine || !active) return;
  const text = currentText();
  followPastedLanguage(active, text);
  let diagnostics = [];
  if (text.trim()) {
    try {
      diagnostics = engine.lint(text, options());
    } catch (error) {
      // Bad settings (the options are validated like dalint.json) or a crash the package recovered from.
      const settingsProblem = error.message.startsWith('invalid options');
      announce(`${settingsProblem ? 'Check the settings' : 'The linter failed'}: ${error.message}`, 'error');
    }
  }
  active.diagnostics = diagnostics;
  editor.showDiagnostics(diagnostics.map((d) => toEditorDiagnostic(d, view.state.doc)));
  renderProblemList();
  renderTabs();
  problemList.dataset.pending = 'false';
  updatePreview();
}
const scheduleLint = debounce(lintNow, LINT_DELAY_MS);

function renderProblemList() {
  const diagnostics = active?.diagnostics ?? [];
  const counts = ['error', 'warning', 'info', 'hint']
    .map((s) => [s, diagnostics.filter((d) => d.severity === s).length])
    .filter(([, n]) => n)
    .map(([s, n]) => `${n} ${s}${n === 1 ? '' : s === 'info' ? '' : 's'}`);
  byId('problem-count').textContent = counts.length ? `(${counts.join(', ')})` : '';
  renderProblems(problemList, diagnostics, {
    jump,
    fix: applyOneFix,
    unsafeAllowed: unsafeSwitch.checked,
    emptyMessage: currentText().trim()
      ? 'No problems found.'
      : 'Paste, open or drop a Data Action, or load a sample, to check it.',
  });
}

function jump(diagnostic) {
  const doc = view.state.doc;
  const anchor = offsetOf(doc, diagnostic.range.start);
  const head = Math.max(anchor, offsetOf(doc, diagnostic.range.end));
  view.dispatch({ selection: { anchor, head }, scrollIntoView: true });
  view.focus();
}

// ---------------------------------------------------------------- fixes

/** The diagnostic matching `wanted` in a fresh lint of the current text (lints are debounced). */
function freshDiagnostic(wanted) {
  if (scheduleLint.pending()) lintNow();
  return active.diagnostics.find(
    (d) => d.code === wanted.code && d.pointer === wanted.pointer && d.message === wanted.message,
  ) ?? active.diagnostics.find((d) => d.code === wanted.code && d.pointer === wanted.pointer);
}

/** Applies only `diagnostic`'s fix. */
function applyOneFix(wanted, wantedFix) {
  if (wantedFix.applicability === 'unsafe' && !unsafeSwitch.checked) {
    announce('This is an unsafe fix (it changes what the action does): turn on "Allow unsafe fixes" first.', 'warning');
    unsafeSwitch.focus();
    return;
  }
  const diagnostic = freshDiagnostic(wanted);
  const fix = diagnostic?.fixes.find((f) => f.title === wantedFix.title) ?? (diagnostic && applicableFix(diagnostic));
  if (!diagnostic || !fix) {
    announce(`${wanted.code} is no longer reported here; nothing to fix.`);
    return;
  }
  let outcome;
  try {
    outcome = engine.applyFix(currentText(), options(), diagnostic, fix, { unsafe: unsafeSwitch.checked });
  } catch (error) {
    announce(error.message, 'error');
    return;
  }
  if (!outcome.changed) {
    const held = outcome.heldBack.find((h) => h.code === diagnostic.code && h.pointer === diagnostic.pointer);
    announce(`Not applied: ${held ? held.reason : `${diagnostic.code} no longer offers this fix`}.`, 'warning');
    return;
  }
  replaceText(outcome.text, 'input.fix');
  rememberProvisioning(outcome.provisioning ?? []);
  lintNow();
  announce(`Applied: ${fix.title} (${diagnostic.code}).${provisioningNote(outcome.provisioning)}`);
}

function fixAll() {
  if (!engine || !active) return;
  let outcome;
  try {
    outcome = engine.applyFixes(currentText(), options(), { unsafe: unsafeSwitch.checked, discardSecrets: false });
  } catch (error) {
    announce(error.message, 'error');
    return;
  }
  if (outcome.changed) replaceText(outcome.text);
  rememberProvisioning(outcome.provisioning);
  lintNow();
  const applied = outcome.applied.length;
  const parts = [applied ? `Applied ${applied} fix${applied === 1 ? '' : 'es'}.` : 'No fix applied.'];
  const heldBack = outcome.heldBack ?? [];
  const unsafeHeld = heldBack.filter((f) => /unsafe/i.test(f.reason)).length;
  if (unsafeHeld) parts.push(`${unsafeHeld} unsafe fix${unsafeHeld === 1 ? '' : 'es'} held back: turn on "Allow unsafe fixes" to apply ${unsafeHeld === 1 ? 'it' : 'them'}.`);
  const otherHeld = heldBack.length - unsafeHeld;
  if (otherHeld) parts.push(`${otherHeld} held back: ${[...new Set(heldBack.filter((f) => !/unsafe/i.test(f.reason)).map((f) => f.reason))].join('; ')}.`);
  announce(parts.join(' ') + provisioningNote(outcome.provisioning));
}

function rememberProvisioning(payloads) {
  if (!payloads.length) return;
  for (const p of payloads) {
    const existing = active.provisioning.findIndex((q) => q.name === p.name);
    if (existing >= 0) active.provisioning[existing] = p;
    else active.provisioning.push(p);
  }
  provisioning.show(active);
}

function provisioningNote(payloads = []) {
  if (!payloads.length) return '';
  return ` ${payloads.length} secret${payloads.length === 1 ? ' was' : 's were'} taken out of the file: provision ${payloads.length === 1 ? 'it' : 'them'} (payloads below, on request) and rotate the old key.`;
}

function quickFixAtCursor(view) {
  const pos = view.state.selection.main.head;
  const doc = view.state.doc;
  const here = (active?.diagnostics ?? []).filter((d) => {
    const from = offsetOf(doc, d.range.start);
    const to = offsetOf(doc, d.range.end);
    return applicableFix(d) && from <= pos && pos <= to;
  });
  if (!here.length) {
    announce('No fix at the cursor. F8 goes to the next problem.');
    return true;
  }
  applyOneFix(here[0], applicableFix(here[0]));
  return true;
}

// ---------------------------------------------------------------- preview

function updatePreview() {
  if (!engine || !active) return;
  const text = currentText();
  preview.update({
    engine,
    text,
    options: options(),
    cursorPointer: pointerAt(view.state, view.state.selection.main.head),
  });
}
const schedulePreview = debounce(() => {
  if (!scheduleLint.pending()) updatePreview();
}, LINT_DELAY_MS);

// ---------------------------------------------------------------- files, samples, download

async function readFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    announce(`${file.name} is not UTF-8 text; Data Action exports are UTF-8 JSON.`, 'error');
    return null;
  }
}

async function openFiles(files) {
  let opened = 0;
  for (const file of files) {
    const text = await readFile(file);
    if (text === null) continue;
    openDocument(file.name || 'dropped.json', text);
    opened++;
  }
  if (opened) announce(`Opened ${opened} file${opened === 1 ? '' : 's'}.`);
  view.focus();
}

function fileText() {
  return (active.hadBom ? BOM : '') + currentText();
}

function download() {
  const blob = new Blob([fileText()], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: active.fileName, class: 'visually-hidden' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  announce(`Downloaded ${active.fileName}.`);
}

async function copyText() {
  try {
    await navigator.clipboard.writeText(fileText());
    announce('Copied the document to the clipboard.');
  } catch {
    announce('The browser refused clipboard access: select the text (Ctrl+A) and copy it (Ctrl+C).', 'warning');
  }
}

function setUpFilesAndSamples() {
  const fileInput = byId('file-input');
  byId('open-files').addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', async () => {
    await openFiles([...fileInput.files]);
    fileInput.value = '';
  });
  byId('new-doc').addEventListener('click', () => {
    openDocument('untitled.json', '');
    view.focus();
  });
  const select = byId('sample-select');
  for (const sample of SAMPLES) select.append(h('option', { value: sample.id }, sample.label));
  byId('load-sample').addEventListener('click', () => {
    const sample = SAMPLES.find((s) => s.id === select.value);
    if (!sample) {
      announce('Choose a sample first.');
      select.focus();
      return;
    }
    openDocument(sample.fileName, sample.text);
    announce(`Loaded the sample "${sample.label}".`);
  });
  byId('close-doc').addEventListener('click', closeActiveDocument);
  byId('download').addEventListener('click', download);
  byId('copy-text').addEventListener('click', copyText);

  // Drag and drop anywhere on the page.
  const hint = byId('drop-hint');
  const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  document.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    hint.hidden = false;
  });
  document.addEventListener('dragleave', (event) => {
    if (!event.relatedTarget) hint.hidden = true;
  });
  document.addEventListener('drop', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    hint.hidden = true;
    openFiles([...event.dataTransfer.files]);
  });
}

// ---------------------------------------------------------------- settings

function setUpSettings() {
  const env = byId('environment');
  const target = byId('rewrite-target');
  const pattern = byId('naming-pattern');
  const prefix = byId('naming-prefix');
  const inventory = byId('inventory');
  env.value = settings.env;
  target.value = settings.rewriteTarget;
  pattern.value = settings.namingPattern;
  prefix.value = settings.nonProductionPrefix;
  inventory.value = settings.inventory.join('\n');

  const changed = () => {
    settings.env = env.value;
    settings.rewriteTarget = target.value;
    settings.namingPattern = pattern.value;
    settings.nonProductionPrefix = prefix.value;
    settings.inventory = parseInventory(inventory.value);
    saveSettings(settings);
    lintNow();
  };
  const debounced = debounce(changed, LINT_DELAY_MS);
  for (const input of [env, pattern, prefix, inventory]) input.addEventListener('input', debounced);
  // Leaving a field applies it at once (no wait for the pause).
  for (const input of [env, pattern, prefix]) {
    input.addEventListener('change', () => {
      debounced.cancel();
      changed();
    });
  }
  target.addEventListener('change', changed);
  // Only names are kept: a pasted Secure Data list is reduced to its names when focus leaves.
  inventory.addEventListener('change', () => {
    debounced.cancel();
    inventory.value = parseInventory(inventory.value).join('\n');
    changed();
  });
  byId('settings').addEventListener('submit', (event) => event.preventDefault());

  const inventoryFile = byId('inventory-file');
  byId('load-inventory').addEventListener('click', () => inventoryFile.click());
  inventoryFile.addEventListener('change', async () => {
    const file = inventoryFile.files[0];
    inventoryFile.value = '';
    if (!file) return;
    const text = await readFile(file);
    if (text === null) return;
    const names = parseInventory(text);
    inventory.value = names.join('\n');
    changed();
    announce(`Loaded ${names.length} Secure Data name${names.length === 1 ? '' : 's'} from ${file.name}.`);
  });

  byId('copy-config').addEventListener('click', async () => {
    const config = JSON.stringify(lintOptions(settings), null, 2) + '\n';
    try {
      await navigator.clipboard.writeText(config);
      announce('Copied the settings as a dalint.json configuration (for the CLI and the VS Code extension).');
    } catch {
      announce('The browser refused clipboard access.', 'warning');
    }
  });

  unsafeSwitch.addEventListener('change', () => {
    renderProblemList();
    announce(unsafeSwitch.checked ? 'Unsafe fixes are on: Fix all also applies them (credential rewrites included).' : 'Unsafe fixes are off.');
  });
  byId('fix-all').addEventListener('click', fixAll);
  byId('undo').addEventListener('click', () => {
    editor.undo();
    lintNow();
  });
}

// ---------------------------------------------------------------- rule docs

function setUpRuleDocs() {
  const dialog = byId('rule-dialog');
  const list = byId('rule-list');
  for (const rule of engine.rules) {
    const levelId = `level-${rule.code}`;
    const level = h(
      'select',
      { id: levelId, class: 'rule-level', dataset: { code: rule.code } },
      h('option', { value: '' }, `default (${rule.defaultSeverity})`),
      RULE_LEVELS.map((l) => h('option', { value: l }, l)),
    );
    level.value = settings.rules[rule.code] ?? '';
    level.addEventListener('change', () => {
      if (level.value) settings.rules[rule.code] = level.value;
      else delete settings.rules[rule.code];
      saveSettings(settings);
      lintNow();
    });
    list.append(
      h(
        'li',
        {},
        h('div', { class: 'rule-head' },
          h('a', { href: `#rule/${rule.code}` }, rule.code),
          h('span', { class: 'rule-name', text: rule.name }),
          h('label', { for: levelId, class: 'visually-hidden' }, `Level of ${rule.code}`),
          level,
        ),
        h('p', { class: 'hint', text: rule.summary }),
      ),
    );
  }
  let returnFocus = null;
  const showFromHash = () => {
    const match = location.hash.match(/^#rule\/([A-Za-z0-9-]+)$/);
    if (!match) return;
    const markdown = engine.explain(match[1]);
    const article = byId('rule-doc');
    if (!markdown) {
      article.replaceChildren(h('p', { text: `No rule ${match[1]} in this version of dalint.` }));
      byId('rule-dialog-title').textContent = match[1];
    } else {
      const [first, ...rest] = markdown.split('\n');
      byId('rule-dialog-title').textContent = first.replace(/^#+\s*/, '');
      article.replaceChildren(renderMarkdown(rest.join('\n')));
    }
    returnFocus = document.activeElement;
    if (!dialog.open) dialog.showModal();
    byId('rule-dialog-close').focus();
  };
  window.addEventListener('hashchange', showFromHash);
  dialog.addEventListener('close', () => {
    history.replaceState(null, '', location.pathname + location.search);
    if (returnFocus?.isConnected) returnFocus.focus();
  });
  byId('rule-dialog-close').addEventListener('click', () => dialog.close());
  showFromHash();
}

// ---------------------------------------------------------------- start

/** Hooks for tests and power users: the whole text, which the editor only partly renders. */
window.dalintPage = {
  getText: () => currentText(),
  setText: (text) => {
    replaceText(String(text));
    lintNow();
  },
  lintNow: () => lintNow(),
};

async function start() {
  applyTheme();
  setUpFilesAndSamples();
  setUpSettings();
  openDocument('untitled.json', '');
  try {
    engine = await startEngine();
  } catch (error) {
    const banner = byId('load-error');
    banner.hidden = false;
    banner.textContent = `The linter could not start: ${error.message}`;
    byId('engine-version').textContent = 'linter unavailable';
    return;
  }
  byId('engine-version').textContent = `dalint ${engine.version}`;
  setUpRuleDocs();
  lintNow();
  document.documentElement.dataset.ready = 'true';
}

start();
