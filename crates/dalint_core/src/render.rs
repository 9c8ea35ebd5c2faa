//! Human-readable diagnostics with code frames, like rustc or ruff. Used by the CLI's text
//! output and by the fixture snapshots, so both show exactly the same thing.
//!
//! Code frames show source lines; every byte range in `masks` (detected secrets) is replaced by a
//! masked form before a line is printed, so no frame echoes a secret.

use std::fmt::Write;

use crate::diagnostic::Diagnostic;
use crate::text::{LineIndex, TextRange};

/// Ranges to mask in code frames: every detected secret in `text`, every token of a known format
/// anywhere in the text, and the range of every diagnostic that is about a secret (it carries a
/// fingerprint). Known formats are masked even inside template syntax: a frame shows raw lines,
/// and a malformed template (an unclosed `{{`) can hide a key from the detector's literal view.
/// `file_name` tells a Terraform file (`.tf`, `.tf.json`, `.tfvars`), whose credential positions
/// are Terraform's, from JSON.
pub fn secret_masks(text: &str, file_name: Option<&str>, diagnostics: &[Diagnostic]) -> Vec<TextRange> {
    secret_masks_showing(text, file_name, diagnostics, &[])
}

/// [`secret_masks`] with the names of `redaction.show` shown.
pub fn secret_masks_showing(
    text: &str,
    file_name: Option<&str>,
    diagnostics: &[Diagnostic],
    show: &[String],
) -> Vec<TextRange> {
    use crate::secrets::positions::{text_positions, Policy};
    let mut masks = crate::secrets::secret_ranges(text);
    let policy = Policy { show };
    masks.extend(match crate::terraform::FileKind::for_file_name(file_name) {
        Some(kind) => crate::terraform::positions::hidden_positions(text, kind, &policy),
        None => text_positions(text, &policy),
    });
    let mut tokens = Vec::new();
    crate::secrets::formats::scan(text.as_bytes(), &mut tokens);
    // Placeholders in a token format too: a key misjudged as one must not be printed either.
    masks.extend(tokens.iter().map(|t| t.range));
    masks.extend(diagnostics.iter().filter(|d| d.fingerprint.is_some()).map(|d| d.range));
    crate::sort::sort(&mut masks);
    masks.dedup();
    masks
}

/// `text` with every range in `masks` replaced by its masked form, as a code frame shows it;
/// overlapping ranges merge (`--diff` prints whole files this way).
pub fn masked_text(text: &str, masks: &[TextRange]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for range in crate::secrets::positions::merge(masks.to_vec()) {
        if range.end > text.len() || range.start < at || range.is_empty() {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&masked_form(&text[range.start..range.end]));
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// How a masked range is shown: length and fingerprint, or only `‹redacted›` for a short value
/// (hidden because of where it sits), whose hash would give it away.
fn masked_form(secret: &str) -> String {
    if secret.len() < 8 {
        crate::secrets::positions::REDACTED.to_owned()
    } else {
        crate::secrets::mask(secret)
    }
}

/// Renders diagnostics of one file. `text` is the BOM-less text the ranges refer to.
pub fn render_text(path: &str, text: &str, diagnostics: &[Diagnostic], masks: &[TextRange]) -> String {
    let index = LineIndex::new(text);
    let masks = Masks::new(masks);
    let mut out = String::new();
    for d in diagnostics {
        let (line, col) = index.line_col_display(d.range.start);
        let _ = writeln!(out, "{path}:{line}:{col}: {} [{}] {}", d.code, d.severity, d.message);
        if !d.pointer.is_empty() {
            let _ = writeln!(out, "  pointer: {}", d.pointer);
        }
        frame(&mut out, &index, d.range, &masks, d.code.starts_with("PAR"));
        for label in &d.labels {
            let (line, col) = index.line_col_display(label.range.start);
            let _ = writeln!(out, "  note: {} ({line}:{col}, {})", label.message, label.pointer);
        }
        for fix in &d.fixes {
            let _ = writeln!(out, "  fix ({}): {}", fix.applicability.as_str(), fix.title);
        }
        out.push('\n');
    }
    out
}

/// Shortest run of non-blank bytes in a string value that a parse-error frame masks.
const OPAQUE_RUN: usize = 12;

/// Runs of [`OPAQUE_RUN`] or more non-blank bytes inside the string values (not keys) of one line
/// of raw JSON. A line never starts inside a string: raw line breaks in strings are invalid JSON.
fn opaque_runs(text: &str, line: TextRange) -> Vec<TextRange> {
    let bytes = &text.as_bytes()[..line.end];
    let mut runs = Vec::new();
    let mut i = line.start;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut end = start;
        while end < bytes.len() && bytes[end] != b'"' {
            end += if bytes[end] == b'\\' { 2 } else { 1 };
        }
        let end = end.min(bytes.len());
        let mut after = end + 1;
        while after < bytes.len() && bytes[after].is_ascii_whitespace() {
            after += 1;
        }
        let is_key = end < bytes.len() && bytes.get(after) == Some(&b':');
        if !is_key {
            // Split the value at blanks; the end of the value closes the last run.
            let blanks =
                bytes[start..end].iter().enumerate().filter(|(_, b)| b.is_ascii_whitespace()).map(|(k, _)| start + k);
            let mut run_start = start;
            for k in blanks.chain(std::iter::once(end)) {
                if k - run_start >= OPAQUE_RUN {
                    runs.push(TextRange::new(run_start, k));
                }
                run_start = k + 1;
            }
        }
        i = end + 1;
    }
    runs.retain(|r| text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
    runs
}

/// Masks sorted by start, with the running maximum of their ends: the masks that can touch a line
/// are found by two binary searches, so a file with thousands of secrets renders in linear time.
struct Masks {
    sorted: Vec<TextRange>,
    max_end: Vec<usize>,
}

impl Masks {
    fn new(masks: &[TextRange]) -> Self {
        let mut sorted = masks.to_vec();
        crate::sort::sort(&mut sorted);
        let max_end = sorted
            .iter()
            .scan(0, |max, m| {
                *max = m.end.max(*max);
                Some(*max)
            })
            .collect();
        Self { sorted, max_end }
    }

    /// A slice, in sorted order, holding every mask that overlaps `line` (and maybe a few that
    /// do not).
    fn touching(&self, line: TextRange) -> &[TextRange] {
        let from = self.max_end.partition_point(|&end| end <= line.start);
        let to = self.sorted.partition_point(|m| m.start < line.end.max(line.start + 1));
        &self.sorted[from..to.max(from)]
    }
}

/// Prints the lines of `range` (at most 3) with carets under the range. For a parse error
/// (`opaque_strings`), the detector could not read the document, so string values on the shown
/// lines are also masked wherever they hold a run of [`OPAQUE_RUN`] or more non-blank bytes.
fn frame(out: &mut String, index: &LineIndex<'_>, range: TextRange, masks: &Masks, opaque_strings: bool) {
    let text = index.text();
    let first = index.line_of(range.start);
    let last = index.line_of(range.end.max(range.start + 1).saturating_sub(1)).max(first);
    let shown_last = last.min(first + 2);
    let width = (shown_last + 1).to_string().len();
    let _ = writeln!(out, "  {:width$} |", "");
    for line in first..=shown_last {
        let line_range = index.line_range(line);
        let mut line_masks = masks.touching(line_range).to_vec();
        if opaque_strings {
            line_masks.extend(opaque_runs(text, line_range));
            crate::sort::sort(&mut line_masks);
        }
        let window = window_around(text, line_range, range, &line_masks);
        let (mut shown, mut caret_from, mut caret_to) = masked_line(text, window, range, &line_masks);
        if window.start > line_range.start {
            shown.insert(0, '…');
            caret_from += 1;
            caret_to += 1;
        }
        if window.end < line_range.end {
            shown.push('…');
        }
        let shown = truncate_line(&shown, caret_from, caret_to);
        let _ = writeln!(out, "  {:>width$} | {}", line + 1, shown.text);
        if shown.caret_to > shown.caret_from || line == first {
            let carets = "^".repeat((shown.caret_to - shown.caret_from).max(1));
            let _ = writeln!(out, "  {:width$} | {}{}", "", " ".repeat(shown.caret_from), carets);
        }
    }
    if shown_last < last {
        let _ = writeln!(out, "  {:width$} | …", "");
    }
}

/// The part of a long (minified) line that a frame can show: some bytes around `range`, widened to
/// whole characters and to whole masks (a secret is masked whole or not shown at all). Masking and
/// measuring only this part keeps a file with thousands of findings on one line linear.
fn window_around(text: &str, line: TextRange, range: TextRange, masks: &[TextRange]) -> TextRange {
    const CONTEXT: usize = 400;
    const LONGEST_RANGE: usize = 1000;
    if line.len() <= 2 * CONTEXT + LONGEST_RANGE {
        return line;
    }
    let range_end = range.end.min(range.start.saturating_add(LONGEST_RANGE));
    let mut start = range.start.saturating_sub(CONTEXT).max(line.start).min(line.end);
    let mut end = range_end.saturating_add(CONTEXT).min(line.end).max(start);
    for mask in masks {
        if mask.start < start && start < mask.end {
            start = mask.start.max(line.start);
        }
        if mask.start < end && end < mask.end {
            end = mask.end.min(line.end);
        }
    }
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    TextRange::new(start, end)
}

/// A line with masks applied, and the caret columns (in chars) of `range` on it.
fn masked_line(text: &str, line: TextRange, range: TextRange, masks: &[TextRange]) -> (String, usize, usize) {
    let mut shown = String::new();
    let mut caret_from = None;
    let mut caret_to = 0;
    let mut columns = 0;
    let mut i = line.start;
    let in_range = |at: usize| at >= range.start && at < range.end.max(range.start + 1);
    while i < line.end {
        if let Some(mask) = masks.iter().find(|m| m.start <= i && i < m.end) {
            let end = mask.end.min(line.end);
            let secret = &text[mask.start..mask.end];
            let replacement = masked_form(secret);
            // Carets go under the whole replacement when the range touches the masked bytes.
            let touched = i < range.end.max(range.start + 1) && range.start < end.max(i + 1);
            if touched {
                caret_from.get_or_insert(columns);
            }
            columns += replacement.chars().count();
            if touched {
                caret_to = columns;
            }
            shown.push_str(&replacement);
            i = end;
            continue;
        }
        let original = text[i..].chars().next().unwrap_or(' ');
        let ch = if original == '\t' { ' ' } else { original };
        if in_range(i) {
            caret_from.get_or_insert(columns);
            caret_to = columns + 1;
        }
        shown.push(ch);
        columns += 1;
        i += original.len_utf8();
    }
    let from = caret_from.unwrap_or(if range.start >= line.end { columns } else { 0 });
    (shown, from, caret_to.max(from))
}

struct Shown {
    text: String,
    caret_from: usize,
    caret_to: usize,
}

/// Long (minified) lines are cut to a window around the carets.
fn truncate_line(line: &str, caret_from: usize, caret_to: usize) -> Shown {
    const WINDOW: usize = 100;
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= WINDOW + 20 {
        return Shown { text: line.to_owned(), caret_from, caret_to };
    }
    let start = caret_from.saturating_sub(30);
    let end = (caret_to.max(caret_from + 1) + 40).min(chars.len()).max(start + 1);
    let end = end.min(start + WINDOW.max(caret_to - caret_from + 10)).min(chars.len());
    let mut text = String::new();
    let mut offset = 0;
    if start > 0 {
        text.push('…');
        offset = 1;
    }
    text.extend(&chars[start..end]);
    if end < chars.len() {
        text.push('…');
    }
    let caret_to = caret_to.min(end);
    Shown { text, caret_from: caret_from - start + offset, caret_to: caret_to.saturating_sub(start) + offset }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn diag(range: TextRange) -> Diagnostic {
        Diagnostic {
            code: "SEC001",
            name: "hard-coded-credential",
            severity: Severity::Error,
            message: "m".into(),
            pointer: "/a".into(),
            range,
            fixes: vec![],
            labels: vec![],
            fingerprint: None,
        }
    }

    #[test]
    fn long_lines_show_a_window_and_never_half_a_secret() {
        // One minified line: padding, a secret, then a finding just after the window would start
        // inside the secret.
        let secret = "sk_live_4eC39HqLyjWDarjtT1zdp7dcXqL0qW8m";
        let text = format!("{{\"a\": \"{}\", \"k\": \"{secret}\", \"b\": \"{}\"}}", "x".repeat(3000), "y".repeat(3000));
        let at = text.find(secret).unwrap_or_default();
        let mask = TextRange::new(at, at + secret.len());
        let finding = TextRange::new(at + secret.len() + 380, at + secret.len() + 381);
        let diagnostics: Vec<Diagnostic> = (0..2000).map(|_| diag(finding)).collect();
        let out = render_text("f.json", &text, &diagnostics, &[mask]);
        assert!(!out.contains(&secret[20..]), "a part of the secret is shown");
        let frame_line = out.lines().nth(3).unwrap_or_default();
        assert!(frame_line.starts_with("  1 | …") && frame_line.chars().count() < 160, "{frame_line}");
    }

    #[test]
    fn frames_mask_secrets_and_place_carets_in_characters() {
        let text = "{\"漢\": \"Bearer abcdefghijklmnop\"}";
        let start = text.find("abc").unwrap_or_default();
        let secret = TextRange::new(start, start + 16);
        let out = render_text("f.json", text, &[diag(secret)], &[secret]);
        assert!(!out.contains("abcdefghijklmnop"), "{out}");
        assert!(out.contains("f.json:1:15: SEC001"), "{out}");
        let lines: Vec<&str> = out.lines().collect();
        let source = lines[3];
        let carets = lines[4];
        let caret_col = carets.find('^').unwrap_or_default();
        // Carets count characters, so they sit under the masked secret even after CJK text.
        assert_eq!(source.chars().nth(caret_col), Some('‹'), "{out}");
        assert!(source.contains("‹16 chars, sha256:"), "{out}");
    }

    proptest::proptest! {
        /// Looking only at the masks `touching` a line shows exactly what scanning every mask
        /// shows, overlapping and multi-line masks included.
        #[test]
        fn touching_masks_render_like_all_masks(
            text in "[ab\n]{0,60}",
            raw in proptest::collection::vec((0usize..64, 0usize..12), 0..12),
            at in 0usize..64,
        ) {
            let len = text.len();
            let masks: Vec<TextRange> =
                raw.iter().map(|&(s, l)| TextRange::new(s.min(len), (s + l).min(len))).filter(|m| !m.is_empty()).collect();
            let index = LineIndex::new(&text);
            let indexed = Masks::new(&masks);
            let range = TextRange::new(at.min(len), (at + 3).min(len));
            for line in 0..index.line_count() {
                let line_range = index.line_range(line);
                proptest::prop_assert_eq!(
                    masked_line(&text, line_range, range, indexed.touching(line_range)),
                    masked_line(&text, line_range, range, &indexed.sorted)
                );
            }
        }
    }

    /// A key after an unclosed `{{` is template text to the detector, yet the frame of a template
    /// error on that line must not show it (found by the CLI property test).
    #[test]
    fn known_formats_inside_malformed_templates_are_masked() {
        let key = ["AIza", "g2iU9oxYU_jLwOKcjOWB3kzupZJQe5Md34O"].concat();
        let url = format!(
            r#"https://api.example.com/v3/orders/${{input.customerId}}}}}}\tsecureData.{{{{#if(esc.url({{{{:\"@?key={key}"#
        );
        let text = format!(
            r#"{{"name": "x", "integrationType": "custom-rest-actions", "actionType": "custom", "config": {{"request": {{"requestUrlTemplate": "{url}", "requestType": "GET", "headers": {{}}, "requestTemplate": ""}}}}, "contract": {{}}}}"#
        );
        let diagnostics = crate::lint(&text, &crate::Options::default());
        assert!(diagnostics.iter().any(|d| d.code == "TPL001"), "{diagnostics:?}");
        let out = render_text("f.json", &text, &diagnostics, &secret_masks(&text, None, &diagnostics));
        assert!(!out.contains(&key), "{out}");
    }

    #[test]
    fn long_lines_are_windowed() {
        let text = format!("{{\"a\": \"{}x{}\"}}", "y".repeat(500), "z".repeat(500));
        let at = text.find('x').unwrap_or_default();
        let out = render_text("f.json", &text, &[diag(TextRange::new(at, at + 1))], &[]);
        assert!(out.lines().all(|l| l.chars().count() < 160), "{out}");
        assert!(out.contains("yx"));
    }
}
