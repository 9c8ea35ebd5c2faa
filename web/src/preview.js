// The redacted request preview of the action under the cursor, all from the package's preview:
// its HTTP and curl renderings (as `dalint preview` prints them) and the action's JSON, with
// secrets already replaced by markers such as ‹secureData:x› in the core; its notes (click to
// jump); editable sample inputs and an optional sample response (which runs the translation map
// and the successTemplate). Without a preview in the package the panel says so and shows nothing
// made up.

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
  /** Sample responses per action pointer: `{text, value}` or `{text, error}` (in memory only). */
  const responseByAction = new Map();
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
    const response = responseByAction.get(chosen.pointer);
    let one;
    try {
      const sample = response && 'value' in response ? { response: response.value } : {};
      one = engine.preview(text, options, { inputs, action: index, ...sample });
    } catch (error) {
      container.replaceChildren(h('p', { class: 'notice', text: `No preview: ${error.message}` }));
      return;
    }
    const action = one.actions[0] ?? chosen;
    targetLabel.textContent = `Action ${action.name ? `"${action.name}"` : ''} at ${action.pointer || '/'} (the one under the cursor), secrets redacted.`;

    const output = h('pre', { class: 'preview-output', tabindex: '0', 'aria-label': 'Rendered request', dataset: { view } });
    output.textContent = view === 'json' ? JSON.stringify(action, null, 2) : one[view];

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

    const typing = uncommittedFields();
    container.replaceChildren(tabs, output, notes ?? '', inputsForm(text, action, inputs, args), responseForm(action, args));
    typing.restore();
  }

  /**
   * What is being typed into the sample fields and not yet committed (no `change` event yet), and
   * where the focus and selection are: a re-render (the document re-linted meanwhile) keeps them,
   * for the same action's fields (their ids name the action), instead of wiping the typing.
   */
  function uncommittedFields() {
    const values = new Map();
    for (const field of container.querySelectorAll('[data-input], [data-response]')) values.set(field.id, field.value);
    const focused = container.contains(document.activeElement) ? document.activeElement : null;
    const selection = focused && 'selectionStart' in focused ? [focused.selectionStart, focused.selectionEnd] : null;
    return {
      restore() {
        for (const [id, value] of values) {
          const field = document.getElementById(id);
          if (field && container.contains(field) && field.value !== value) field.value = value;
        }
        const again = focused?.id ? document.getElementById(focused.id) : null;
        if (again && container.contains(again) && again !== document.activeElement) {
          again.focus();
          if (selection) again.setSelectionRange(...selection);
        }
      },
    };
  }

  function responseForm(action, args) {
    const id = `response-${action.pointer}`.replace(/[^A-Za-z0-9_-]/g, '_');
    const current = responseByAction.get(action.pointer);
    const field = h('textarea', {
      id,
      rows: '3',
      spellcheck: 'false',
      placeholder: '{"status": "active"}',
      'aria-describedby': `${id}-help`,
      dataset: { response: 'true' },
    });
    field.value = current?.text ?? '';
    const help = h('p', {
      id: `${id}-help`,
      class: current?.error ? 'hint error-text' : 'hint',
      text: current?.error ?? 'JSON the API might answer: the preview then applies the translation map and renders the successTemplate.',
    });
    field.addEventListener('change', () => {
      const text = field.value.trim();
      if (!text) responseByAction.delete(action.pointer);
      else {
        try {
          responseByAction.set(action.pointer, { text: field.value, value: JSON.parse(text) });
        } catch (error) {
          responseByAction.set(action.pointer, { text: field.value, error: `Not JSON: ${error.message}` });
        }
      }
      render(args);
      container.querySelector('[data-response]')?.focus();
    });
    return h('div', { class: 'response-sample' }, h('label', { for: id, text: 'Sample response (optional)' }), field, help);
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
