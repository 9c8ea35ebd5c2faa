// The CodeMirror 6 editor: one view, one EditorState per open document (each keeps its own undo
// history), the lint gutter and underlines fed from the linter's diagnostics, and the conversion
// between LSP positions (0-based line, UTF-16 character) and CodeMirror offsets.

import { EditorState, Compartment } from '@codemirror/state';
import {
  EditorView,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  drawSelection,
} from '@codemirror/view';
import { history, historyKeymap, defaultKeymap, undo, redo } from '@codemirror/commands';
import {
  syntaxHighlighting,
  HighlightStyle,
  bracketMatching,
  foldGutter,
  foldKeymap,
  indentOnInput,
  syntaxTree,
} from '@codemirror/language';
import { json } from '@codemirror/lang-json';
import { lintGutter, setDiagnostics, nextDiagnostic, previousDiagnostic } from '@codemirror/lint';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { tags } from '@lezer/highlight';

// Colours come from CSS custom properties, so the light and dark themes switch with the page.
const highlightStyle = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--syntax-property)' },
  { tag: tags.string, color: 'var(--syntax-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--syntax-literal)' },
  { tag: [tags.separator, tags.squareBracket, tags.brace, tags.punctuation], color: 'var(--syntax-punctuation)' },
  { tag: tags.comment, color: 'var(--syntax-comment)', fontStyle: 'italic' },
  { tag: tags.invalid, color: 'var(--syntax-invalid)' },
]);

const editorTheme = EditorView.theme({
  '&': { height: '100%', backgroundColor: 'var(--editor-bg)', color: 'var(--text)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--gutter-bg)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--active-line)', color: 'var(--text)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'var(--selection) !important',
  },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '-2px' },
  '.cm-tooltip': { backgroundColor: 'var(--panel-bg)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-diagnosticAction': { backgroundColor: 'var(--accent)', color: 'var(--accent-text)', borderRadius: '3px' },
  '.cm-diagnosticSource': { color: 'var(--muted)' },
  '.cm-lintRange-error': { textDecorationColor: 'var(--error)' },
  '.cm-foldPlaceholder': { backgroundColor: 'var(--panel-bg)', color: 'var(--muted)', border: '1px solid var(--border)' },
});

/** CodeMirror offset of an LSP position; positions past a line's end clamp to it. */
export function offsetOf(doc, position) {
  if (position.line >= doc.lines) return doc.length;
  const line = doc.line(position.line + 1);
  return Math.min(line.from + position.character, line.to);
}

/** LSP-style 1-based "line:column" label of an LSP position (for people). */
export function lineColumn(position) {
  return `${position.line + 1}:${position.character + 1}`;
}

/**
 * A change that turns `oldText` into `newText` touching only the part that differs, so the
 * cursor, scroll position and undo step stay small after a whole-document rewrite.
 */
export function minimalChange(oldText, newText) {
  let start = 0;
  const max = Math.min(oldText.length, newText.length);
  while (start < max && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let oldEnd = oldText.length;
  let newEnd = newText.length;
  while (oldEnd > start && newEnd > start && oldText.charCodeAt(oldEnd - 1) === newText.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { from: start, to: oldEnd, insert: newText.slice(start, newEnd) };
}

/** The JSON Pointer of the value at `pos`, from the JSON syntax tree (for "action under cursor"). */
export function pointerAt(state, pos) {
  const tree = syntaxTree(state);
  let node = tree.resolveInner(pos, -1);
  const segments = [];
  for (; node; node = node.parent) {
    const parent = node.parent;
    if (!parent) break;
    if (parent.name === 'Property') {
      const nameNode = parent.getChild('PropertyName');
      if (nameNode) segments.push(decodeJsonString(state.sliceDoc(nameNode.from, nameNode.to)));
      node = parent;
    } else if (parent.name === 'Array') {
      let index = 0;
      for (let child = parent.firstChild; child; child = child.nextSibling) {
        if (child.from >= node.from) break;
        if (child.name === ',') index++;
      }
      segments.push(String(index));
    }
  }
  return segments
    .reverse()
    .map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1'))
    .join('');
}

function decodeJsonString(literal) {
  try {
    return JSON.parse(literal);
  } catch {
    return literal.replace(/^"|"$/g, '');
  }
}

/**
 * Creates the editor. `hooks`: `onChange(view)` after every document change,
 * `onCursor(view)` after selection moves, `onQuickFix(view)` for Ctrl+. .
 */
export function createEditor(parent, hooks) {
  const lineSeparator = new Compartment();

  const extensions = (separator) => [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    foldGutter(),
    lintGutter(),
    history(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    json(),
    syntaxHighlighting(highlightStyle),
    editorTheme,
    EditorView.lineWrapping,
    lineSeparator.of(separator ? EditorState.lineSeparator.of(separator) : []),
    EditorView.contentAttributes.of({
      'data-testid': 'editor',
      'aria-label': 'Data Action document',
      'aria-describedby': 'editor-help',
      spellcheck: 'false',
      autocapitalize: 'off',
      autocorrect: 'off',
    }),
    keymap.of([
      { key: 'Mod-.', run: (view) => hooks.onQuickFix(view), preventDefault: true },
      { key: 'F8', run: nextDiagnostic },
      { key: 'Shift-F8', run: previousDiagnostic },
      ...defaultKeymap,
      ...historyKeymap,
      ...foldKeymap,
      ...searchKeymap,
    ]),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) hooks.onChange(update.view);
      if (update.docChanged || update.selectionSet) hooks.onCursor(update.view);
    }),
  ];

  const view = new EditorView({ parent, state: EditorState.create({ doc: '', extensions: extensions(null) }) });

  return {
    view,
    /** A fresh state for a newly opened document; CRLF files keep their line endings. */
    createState(text) {
      const crlf = /\r\n/.test(text) && !/(^|[^\r])\n/.test(text);
      return EditorState.create({ doc: text, extensions: extensions(crlf ? '\r\n' : null) });
    },
    /** Shows the linter's diagnostics, already converted to CodeMirror ones. */
    showDiagnostics(diagnostics) {
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    undo: () => undo(view),
    redo: () => redo(view),
  };
}
