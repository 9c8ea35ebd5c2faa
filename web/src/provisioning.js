// The provisioning panel. When a rewrite takes a secret out of a document, the package returns
// the payload that provisions it (it holds the secret). The page keeps it in memory for that
// document only, shows its name, and renders the payload only when the user asks, after a
// warning. It is never written to storage, and it is gone when the tab closes.

import { h } from './dom.js';

export function createProvisioningPanel(container, { announce }) {
  let current = null;
  let revealed = false;

  function render() {
    const payloads = current?.provisioning ?? [];
    if (!payloads.length) {
      container.replaceChildren(
        h('p', {
          class: 'hint',
          text: 'When a rewrite takes a secret out of the file, its provisioning payload can be shown here on request. It is never stored.',
        }),
      );
      return;
    }
    const count = payloads.length;
    const children = [
      h(
        'div',
        { class: 'warning', role: 'note' },
        h('strong', { text: `${count} secret${count === 1 ? ' was' : 's were'} taken out of ${current.fileName}.` }),
        h('p', {
          text:
            `${count === 1 ? 'Its payload contains the secret value' : 'Their payloads contain the secret values'} in clear text. ` +
            `Create ${count === 1 ? 'it' : 'each one'} in the target org (POST /api/v2/securedata/securedata, or the credential ` +
            'field of the integration), then rotate the key: a key that was ever exported or committed has leaked. ' +
            'This page never stores payloads.',
        }),
      ),
      h(
        'ul',
        { class: 'provisioning-names' },
        payloads.map((p) => h('li', {}, h('code', { text: p.name }), ` → ${p.target === 'credentials' ? 'integration credential field' : 'Secure Data object'}`)),
      ),
    ];
    if (revealed) {
      for (const p of payloads) {
        const text = JSON.stringify(p.payload, null, 2);
        children.push(
          h('h3', { class: 'payload-title' }, h('code', { text: p.name })),
          h('pre', { class: 'payload', tabindex: '0', 'aria-label': `Provisioning payload for ${p.name}`, text }),
          h('button', { type: 'button', onclick: () => copy(text, p.name) }, `Copy payload for ${p.name}`),
        );
      }
      children.push(
        h('div', { class: 'button-row' },
          h('button', { type: 'button', id: 'hide-provisioning', onclick: () => { revealed = false; render(); } }, 'Hide payloads'),
          h('button', { type: 'button', onclick: forget }, 'Forget payloads'),
        ),
      );
    } else {
      children.push(
        h('div', { class: 'button-row' },
          h('button', { type: 'button', id: 'show-provisioning', class: 'danger', onclick: () => { revealed = true; render(); container.querySelector('pre')?.focus(); } },
            'Show payloads (contains secrets)'),
          h('button', { type: 'button', onclick: forget }, 'Forget payloads'),
        ),
      );
    }
    container.replaceChildren(...children);
  }

  async function copy(text, name) {
    try {
      await navigator.clipboard.writeText(text);
      announce(`Copied the payload for ${name}. Clear your clipboard once it is provisioned.`);
    } catch {
      announce('The browser refused clipboard access: select the payload text and copy it.', 'warning');
    }
  }

  function forget() {
    if (current) current.provisioning = [];
    revealed = false;
    render();
    announce('The provisioning payloads were forgotten.');
  }

  return {
    /** Shows the panel for `doc`, payloads hidden (also after every new rewrite). */
    show(doc) {
      revealed = false;
      current = doc;
      render();
    },
  };
}
