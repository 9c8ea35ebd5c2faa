// A deliberately small Markdown renderer for the rule docs that the linter ships (headings,
// paragraphs, lists, fenced code, inline code, bold, italics, links shown as text). It builds DOM
// nodes with textContent only: no HTML in the source can ever become markup.

import { h } from './dom.js';

/** Renders `markdown` into a DocumentFragment. `headingOffset` shifts `#` levels (1 → h2). */
export function renderMarkdown(markdown, headingOffset = 1) {
  const fragment = document.createDocumentFragment();
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let paragraph = [];
  let list = null;

  const flushParagraph = () => {
    if (paragraph.length) fragment.append(h('p', {}, renderInline(paragraph.join(' '))));
    paragraph = [];
  };
  const flushList = () => {
    if (list) fragment.append(list);
    list = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = line.match(/^\s*(```+|~~~+)\s*([\w-]*)\s*$/);
    if (fence) {
      flushParagraph();
      flushList();
      const body = [];
      for (i++; i < lines.length && !lines[i].trimStart().startsWith(fence[1]); i++) body.push(lines[i]);
      const code = h('code', { text: body.join('\n') });
      if (fence[2]) code.dataset.language = fence[2];
      fragment.append(h('pre', { tabindex: '0' }, code));
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*)$/);
    if (heading) {
      flushParagraph();
      flushList();
      const level = Math.min(6, heading[1].length + headingOffset);
      fragment.append(h(`h${level}`, {}, renderInline(heading[2])));
      continue;
    }
    const item = line.match(/^\s*(?:[-*+]|\d+[.)])\s+(.*)$/);
    if (item) {
      flushParagraph();
      if (!list) list = h(/^\s*\d/.test(line) ? 'ol' : 'ul');
      list.append(h('li', {}, renderInline(item[1])));
      continue;
    }
    if (line.trim() === '') {
      flushParagraph();
      flushList();
      continue;
    }
    if (list && /^\s{2,}\S/.test(line)) {
      // A continuation line of the last list item.
      list.lastElementChild.append(' ', ...renderInline(line.trim()));
      continue;
    }
    flushList();
    paragraph.push(line.trim());
  }
  flushParagraph();
  flushList();
  return fragment;
}

/** Inline spans: `code`, **bold**, *em* / _em_, [text](target) (text only). */
export function renderInline(text) {
  const nodes = [];
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|(?<![\w*])\*([^*\s][^*]*)\*(?![\w*])|(?<!\w)_([^_\s][^_]*)_(?!\w)|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > last) nodes.push(document.createTextNode(text.slice(last, m.index)));
    if (m[1] !== undefined) nodes.push(h('code', { text: m[1] }));
    else if (m[2] !== undefined) nodes.push(h('strong', { text: m[2] }));
    else if (m[3] !== undefined) nodes.push(h('em', { text: m[3] }));
    else if (m[4] !== undefined) nodes.push(h('em', { text: m[4] }));
    else nodes.push(h('span', { class: 'md-link', title: m[6], text: m[5] }));
    last = m.index + m[0].length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}
