// The redacted request preview of the action under the cursor: HTTP, curl and JSON views of the
// package's preview (secrets already replaced by markers such as ‹secureData:x› by the core), its
// notes (click to jump), and editable sample inputs. The HTTP and curl views are the package's own
// renderings when it offers them (`format: 'text' | 'curl'`), as `dalint preview` prints them;
// otherwise they are laid out here from the preview's fields. Without a preview in the package
// the panel says so and shows nothing made up.

import { h } from './dom.js';
import { lineColumn } from './editor.js';

const VIEWS = [
  { id: 'http', label: 'HTTP' },
  { id: 'curl', label: 'curl' },
  { id: 'json', label: 'JSON' },
];

/** The action whose pointer is the longest prefix of `cursorPointer` (the first one otherwise). */
export function actionAt(actions, cursorPointer) {
  let best = null;
  for (const action of actions) {
    const p = action.pointer;
    const contains = p === '' || cursorPointer === p || cursorPointer.startsWith(p + '/');
    if (contains && (!best || p.length > best.pointer.length)) best = action;
  }
  return best ?? actions[0] ?? null;
}

export function httpMessage(action) {
  const lines = [`${action.method ?? 'GET'} ${action.url ?? '(no URL)'}`];
  for (const header of action.headers ?? []) lines.push(`${header.name}: ${header.value}`);
  let text = lines.join('\n');
  if (action.body !== undefined && action.body !== null && action.body !== '') text += `\n\n${action.body}`;
  return text;
}

function shellQuote(value) {
  return `'${String(value).replace(/'/g, `'\\''`)}'`;
}

export function curlCommand(action) {
  const parts = [`curl -X ${action.method ?? 'GET'} ${shellQuote(action.url ?? '')}`];
  for (const header of action.headers ?? []) parts.push(`-H ${shellQuote(`${header.name}: ${header.value}`)}`);
  if (action.body !== undefined && action.body !== null && action.body !== '') parts.push(`--data-raw ${shellQuote(action.body)}`);
  return parts.join(' \\\n  ');
}

/** Input names declared by the action's contract, read from the document when it is plain JSON. */
export function contractInputNames(text, pointer) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  for (const segment of pointer.split('/').slice(1)) {
    value = value?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  const properties = value?.contract?.input?.inputSchema?.properties;
  return properties && typeof properties === 'object' ? Object.keys(properties) : [];
}

/** `jump(range)` moves the editor to an LSP range (for the notes). */
export function createPreview(container, targetLabel, { jump }) {
  let view = 'http';
  /** Sample inputs the user typed, per action pointer (in memory only). */
  const inputsByAction = new Map();
  let last = null;

  function renderUnavailable() {
    targetLabel.textContent = 'Preview of the action under the cursor.';
    container.replaceChildren(
      h('p', { class: 'notice', 'data-state': 'unavailable', text: 'The request preview arrives with the preview engine: this build of dalint cannot render requests yet, so nothing is shown here.' }),
    );
  }

  function render(args) {
    const { engine, text, options, cursorPointer } = args;
    if (!engine.preview) return renderUnavailable();
    if (!text.trim()) {
      targetLabel.textContent = 'Preview of the action under the cursor.';
      container.replaceChildren(h('p', { class: 'hint', text: 'Open a Data Action to see the request it would send.' }));
      return;
    }
    let all;
    try {
      all = engine.preview(text, options, {});
    } catch (error) {
      container.replaceChildren(h('p', { class: 'notice', text: `No preview: ${error.message}` }));
      return;
    }
    const chosen = actionAt(all.actions ?? [], cursorPointer);
    if (!chosen) {
      targetLabel.textContent = 'Preview of the action under the cursor.';
      container.replaceChildren(h('p', { class: 'hint', text: 'This document has no action to preview.' }));
      return;
    }
    const index = all.actions.indexOf(chosen);
    const inputs = inputsByAction.get(chosen.pointer) ?? {};
    const render1 = (format) => engine.preview(text, options, { inputs, action: index, ...(format ? { format } : {}) });
    let action = chosen;
    let rendered;
    try {
      if (Object.keys(inputs).length) action = render1(null).actions?.[0] ?? chosen;
      // The package's own rendering when it has one (an object back, or a refusal of the
      // `format` option, means it has none).
      let packaged = null;
      if (view !== 'json') {
        try {
          packaged = render1(view === 'http' ? 'text' : 'curl');
        } catch {
          packaged = null;
        }
      }
      rendered =
        typeof packaged === 'string'
          ? packaged
          : view === 'http'
            ? httpMessage(action)
            : view === 'curl'
              ? curlCommand(action)
              : JSON.stringify(action, null, 2);
    } catch (error) {
      container.replaceChildren(h('p', { class: 'notice', text: `No preview: ${error.message}` }));
      return;
    }
    targetLabel.textContent = `Action ${action.name ? `"${action.name}"` : ''} at ${action.pointer || '/'} (the one under the cursor), secrets redacted.`;

    const output = h('pre', { class: 'preview-output', tabindex: '0', 'aria-label': 'Rendered request', dataset: { view } });
    output.textContent = rendered;

    const tabs = h(
      'div',
      { role: 'tablist', class: 'view-tabs', 'aria-label': 'Preview format' },
      VIEWS.map((v) =>
        h(
          'button',
          {
            type: 'button',
            role: 'tab',
            'aria-selected': v.id === view ? 'true' : 'false',
            tabindex: v.id === view ? '0' : '-1',
            dataset: { view: v.id },
            onclick: () => {
              view = v.id;
              render(args);
              container.querySelector(`[data-view="${v.id}"][role=tab]`)?.focus();
            },
            onkeydown: (event) => {
              const move = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
              if (!move) return;
              event.preventDefault();
              const next = VIEWS[(VIEWS.findIndex((x) => x.id === view) + move + VIEWS.length) % VIEWS.length];
              view = next.id;
              render(args);
              container.querySelector(`[data-view="${next.id}"][role=tab]`)?.focus();
            },
          },
          v.label,
        ),
      ),
    );

    const notes = (action.notes ?? []).length
      ? h(
          'ul',
          { class: 'notes', 'aria-label': 'Preview notes' },
          action.notes.map((n) =>
            h(
              'li',
              {},
              n.range
                ? h('button', { type: 'button', class: 'goto', 'aria-label': `${lineColumn(n.range.start)}: go to the note's place in the document`, onclick: () => jump(n.range) }, lineColumn(n.range.start))
                : null,
              ' ',
              h('span', { text: n.message }),
            ),
          ),
        )
      : null;

    container.replaceChildren(tabs, output, notes ?? '', inputsForm(text, action, inputs, args));
  }

  function inputsForm(text, action, inputs, args) {
    const names = [...new Set([...contractInputNames(text, action.pointer), ...Object.keys(inputs)])];
    const fieldset = h('fieldset', { class: 'inputs' }, h('legend', { text: 'Sample inputs' }));
    if (!names.length) {
      fieldset.append(h('p', { class: 'hint', text: 'This action declares no inputs; samples come from its templates.' }));
    }
    for (const name of names) {
      const id = `input-${action.pointer}-${name}`.replace(/[^A-Za-z0-9_-]/g, '_');
      const field = h('input', {
        id,
        value: inputs[name] ?? '',
        placeholder: 'sample from the contract',
        spellcheck: 'false',
        dataset: { input: name },
      });
      field.addEventListener('change', () => {
        const next = { ...(inputsByAction.get(action.pointer) ?? {}) };
        if (field.value === '') delete next[name];
        else next[name] = field.value;
        inputsByAction.set(action.pointer, next);
        render(args);
        container.querySelector(`[data-input="${CSS.escape(name)}"]`)?.focus();
      });
      fieldset.append(h('label', { for: id }, h('code', { text: name })), field);
    }
    return fieldset;
  }

  return {
    update(args) {
      last = args;
      render(args);
    },
    refresh() {
      if (last) render(last);
    },
  };
}
