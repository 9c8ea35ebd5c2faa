// The problem list: one row per diagnostic with line:column, severity, a link to the rule's docs,
// the message and, when the rule offers one, a fix button.

import { h } from './dom.js';
import { lineColumn } from './editor.js';

/** The fix a row offers: the first one that can be applied automatically. */
export function applicableFix(diagnostic) {
  return diagnostic.fixes.find((f) => f.applicability === 'safe' || f.applicability === 'unsafe') ?? null;
}

export function fixLabel(fix) {
  return fix.applicability === 'unsafe' ? `${fix.title} (unsafe)` : fix.title;
}

/**
 * Renders `diagnostics` into `list`. `actions`: `jump(diagnostic)`, `fix(diagnostic, fix)`;
 * `unsafeAllowed` decides whether unsafe fix buttons are live.
 */
export function renderProblems(list, diagnostics, { jump, fix, unsafeAllowed, emptyMessage }) {
  list.replaceChildren();
  if (!diagnostics.length) {
    list.append(h('li', { class: 'empty', text: emptyMessage }));
    return;
  }
  for (const diagnostic of diagnostics) {
    const where = lineColumn(diagnostic.range.start);
    const available = applicableFix(diagnostic);
    const displayOnly = diagnostic.fixes.find((f) => f.applicability === 'display-only');
    const row = h(
      'li',
      {
        class: `problem sev-${diagnostic.severity}`,
        dataset: { testid: 'diagnostic', code: diagnostic.code, pointer: diagnostic.pointer },
      },
      h(
        'button',
        {
          type: 'button',
          class: 'goto',
          'aria-label': `${where}: go to line ${diagnostic.range.start.line + 1}, column ${diagnostic.range.start.character + 1} (${diagnostic.code}, ${diagnostic.severity})`,
          onclick: () => jump(diagnostic),
        },
        where,
      ),
      h('span', { class: `severity severity-${diagnostic.severity}`, text: diagnostic.severity }),
      h('a', { class: 'code', href: `#rule/${diagnostic.code}`, title: `${diagnostic.name}: open the rule's documentation` }, diagnostic.code),
      h('p', { class: 'message', text: diagnostic.message }),
      diagnostic.pointer ? h('p', { class: 'pointer' }, h('code', { text: diagnostic.pointer })) : null,
      available ? fixButton(diagnostic, available, fix, unsafeAllowed) : null,
      !available && displayOnly ? h('p', { class: 'hint', text: `Suggested by hand: ${displayOnly.title}` }) : null,
    );
    // Clicking anywhere on the row but its controls jumps, like a problems panel.
    row.addEventListener('click', (event) => {
      if (!event.target.closest('button, a')) jump(diagnostic);
    });
    list.append(row);
  }
}

function fixButton(diagnostic, available, fix, unsafeAllowed) {
  const isUnsafe = available.applicability === 'unsafe';
  const blocked = isUnsafe && !unsafeAllowed;
  const button = h(
    'button',
    {
      type: 'button',
      class: isUnsafe ? 'fix unsafe' : 'fix',
      dataset: { testid: 'fix' },
      'aria-disabled': blocked ? 'true' : null,
      title: blocked ? 'Turn on "Allow unsafe fixes" to apply this fix' : available.title,
      onclick: () => fix(diagnostic, available),
    },
    `Fix: ${fixLabel(available)}`,
  );
  return button;
}
