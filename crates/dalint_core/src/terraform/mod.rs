//! Terraform (CX as Code): `.tf` files get the same rules, fixes and previews as JSON.
//!
//! The file is parsed with `hcl-edit`; each action resource is transcoded into the export-shaped
//! JSON the rules read ([`transcode`]); the ordinary runner lints that JSON; and a source map
//! turns what it reports (pointers, ranges, fix edits) back into the `.tf` file: pointers in
//! Terraform's JSON syntax (`/resource/genesyscloud_integration_action/x/config_request/headers/
//! Authorization`), ranges exact inside strings, edits re-escaped for HCL (`${` → `$${`).

mod credentials;
pub mod json_syntax;
pub mod positions;
pub mod strings;
pub mod transcode;

use std::collections::BTreeMap;

use crate::config::Options;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::parse::{self, Dialect, ParseFailure};
use crate::pointer;
use crate::preview::{ActionSelector, Preview, PreviewError, PreviewOptions};
use crate::text::{strip_bom, LineIndex, TextRange};
use transcode::{Node, Transcoded};

/// Which Terraform file a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `*.tf`: HCL configuration.
    Module,
    /// `*.tf.json`: the same configuration in Terraform's JSON syntax, read as its native form
    /// ([`json_syntax`]).
    ModuleJson,
    /// `*.tfvars`: variable values in HCL.
    Vars,
    /// `*.tfvars.json`: variable values in JSON (`{"name": "value"}`).
    VarsJson,
}

impl FileKind {
    /// The Terraform kind of a file name (`None` for JSON and everything else).
    pub fn for_file_name(name: Option<&str>) -> Option<Self> {
        let lower = name?.to_ascii_lowercase();
        if lower.ends_with(".tfvars.json") {
            Some(FileKind::VarsJson)
        } else if lower.ends_with(".tf.json") {
            Some(FileKind::ModuleJson)
        } else if lower.ends_with(".tf") {
            Some(FileKind::Module)
        } else if lower.ends_with(".tfvars") {
            Some(FileKind::Vars)
        } else {
            None
        }
    }
}

/// Parses HCL, or a `PAR001` failure at the parser's position.
pub fn parse(text: &str) -> Result<hcl_edit::structure::Body, ParseFailure> {
    if text.len() > parse::MAX_INPUT_BYTES {
        return Err(ParseFailure::Limit {
            message: format!("the input is larger than {} MiB", parse::MAX_INPUT_BYTES / (1024 * 1024)),
            range: TextRange::empty(0),
        });
    }
    if let Some(at) = nesting_past_limit(text) {
        return Err(ParseFailure::Limit {
            message: format!("nesting deeper than {} levels; dalint stops here", parse::MAX_PARSE_DEPTH),
            range: TextRange::new(at, at + 1),
        });
    }
    hcl_edit::parser::parse_body(text).map_err(|error| {
        let at = error.location().offset().min(text.len());
        let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        ParseFailure::Syntax { message: format!("invalid HCL: {}", error.message()), range: TextRange::empty(at) }
    })
}

/// The first bracket past [`parse::MAX_PARSE_DEPTH`] (outside strings and comments, roughly):
/// hcl-edit recurses, so pathological nesting is refused before it sees it.
fn nesting_past_limit(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > parse::MAX_PARSE_DEPTH {
                    return Some(i);
                }
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The module files (relative paths) that the action templates of a `.tf` file load with
/// `file("${path.module}/…")`: the caller reads them into [`Options::module_files`].
pub fn module_files_wanted(text: &str, kind: FileKind) -> Vec<String> {
    let (_, text) = strip_bom(text);
    match kind {
        FileKind::Module => parse(text).map(|body| transcode::module_files_wanted(text, &body)).unwrap_or_default(),
        FileKind::ModuleJson => match json_syntax::to_native(text) {
            Ok(native) => module_files_wanted(&native.hcl, FileKind::Module),
            Err(_) => Vec::new(),
        },
        FileKind::Vars | FileKind::VarsJson => Vec::new(),
    }
}

/// Whether `text` still parses as a Terraform file of `kind` (for [`crate::fix`]).
pub fn check_parses(text: &str, kind: FileKind) -> Result<(), ParseFailure> {
    match kind {
        FileKind::VarsJson => parse::parse(text, Dialect::Json).map(|_| ()),
        FileKind::ModuleJson => {
            let native = json_syntax::to_native(text)?;
            parse(&native.hcl).map(|_| ()).map_err(|failure| in_json(&native, failure))
        }
        FileKind::Module | FileKind::Vars => parse(text).map(|_| ()),
    }
}

/// A failure to parse the native form of a `.tf.json` file, at its JSON position.
fn in_json(native: &json_syntax::Native<'_>, failure: ParseFailure) -> ParseFailure {
    match failure {
        ParseFailure::Syntax { message, range } => ParseFailure::Syntax {
            message: message.replace("invalid HCL", "invalid Terraform expression"),
            range: native.range(range),
        },
        ParseFailure::Limit { message, range } => ParseFailure::Limit { message, range: native.range(range) },
    }
}

/// A parsed file, transcoded.
struct Prepared {
    body: hcl_edit::structure::Body,
    transcoded: Transcoded,
}

fn prepare(text: &str, kind: FileKind, files: &BTreeMap<String, String>) -> Result<Prepared, ParseFailure> {
    if kind == FileKind::VarsJson {
        // Variable values only: nothing to transcode.
        check_parses(text, kind)?;
        return Ok(Prepared { body: hcl_edit::structure::Body::default(), transcoded: Transcoded::default() });
    }
    let body = parse(text)?;
    let transcoded = match kind {
        FileKind::Module | FileKind::ModuleJson => transcode::transcode(text, &body, files),
        FileKind::Vars | FileKind::VarsJson => Transcoded::default(),
    };
    Ok(Prepared { body, transcoded })
}

/// Lints a Terraform file. `text` may start with a BOM; ranges are relative to the text after it.
pub fn lint(text: &str, kind: FileKind, options: &Options) -> Vec<Diagnostic> {
    let (_, text) = strip_bom(text);
    if kind == FileKind::ModuleJson {
        return match json_syntax::to_native(text) {
            Ok(native) => {
                lint(&native.hcl, FileKind::Module, options).into_iter().map(|d| from_native(&native, d)).collect()
            }
            Err(failure) => vec![crate::lint::parse_failure_diagnostic(&failure)],
        };
    }
    if kind == FileKind::VarsJson {
        return match parse::parse(text, Dialect::Json) {
            Ok(document) => credentials::json_variable_values(text, &document.root, options),
            Err(failure) => vec![crate::lint::parse_failure_diagnostic(&failure)],
        };
    }
    let prepared = match prepare(text, kind, &options.module_files) {
        Ok(prepared) => prepared,
        Err(failure) => return vec![crate::lint::parse_failure_diagnostic(&failure)],
    };
    let transcoded = &prepared.transcoded;
    let siblings = sibling_modules(options);
    let mut diagnostics = credentials::literal_secrets(text, &prepared.body, &siblings, kind, options);
    diagnostics.extend(credentials::insensitive_variables(text, &prepared.body, &siblings, options));
    diagnostics.extend(unread_templates(transcoded, options));
    if transcoded.actions.is_empty() {
        return diagnostics;
    }
    let Ok(document) = parse::parse(&transcoded.json, Dialect::Json) else { return diagnostics };
    let json_options = Options { file_name: None, ..options.clone() };
    let map = SourceMap::new(&transcoded.nodes);
    diagnostics.extend(
        crate::lint::lint_document(&document, &json_options)
            .into_iter()
            .filter(|d| {
                let templatefile_variable = d.code == "TPL005" && transcoded.template_files.contains(&d.pointer);
                !(map.about_a_reference(d, &transcoded.json)
                    || set_by_the_provider(d, transcoded)
                    || templatefile_variable)
            })
            .map(|d| map.diagnostic(d, &transcoded.json)),
    );
    crate::lint::sort(&mut diagnostics);
    diagnostics
}

/// A diagnostic on the native form of a `.tf.json` file, on the JSON: its ranges mapped, its
/// fixes rewritten for JSON (a fix with an edit that has no JSON form is dropped).
fn from_native(native: &json_syntax::Native<'_>, mut diagnostic: Diagnostic) -> Diagnostic {
    diagnostic.message = json_syntax::in_json_syntax(&diagnostic.message);
    diagnostic.range = native.range(diagnostic.range);
    for label in &mut diagnostic.labels {
        label.range = native.range(label.range);
    }
    diagnostic.fixes = std::mem::take(&mut diagnostic.fixes)
        .into_iter()
        .filter_map(|fix| {
            let edits: Option<Vec<Edit>> = fix.edits.iter().map(|e| native.edit(e)).collect();
            let title = json_syntax::in_json_syntax(&fix.title);
            Some(Fix::new(title, fix.applicability, edits?).with_extracted(fix.extracted))
        })
        .collect();
    if diagnostic.code == "PAR001" {
        diagnostic.message = diagnostic.message.replace("invalid HCL", "invalid Terraform expression");
    }
    diagnostic
}

/// `TPL006`: an info note on each action template loaded from a file that was not read.
fn unread_templates(transcoded: &Transcoded, options: &Options) -> Vec<Diagnostic> {
    let meta = &crate::rules::template::TemplateFileNotRead::META;
    transcoded
        .unread_templates
        .iter()
        .filter_map(|unread| {
            let severity = crate::lint::reported_severity(meta, None, &unread.tf_pointer, options)?;
            let message = match &unread.module_path {
                Some(path) => format!(
                    "the template is loaded from `{path}`, which was not read here (the page and the editor check the open file alone; `dalint check` reads the module's files): its contents are not checked"
                ),
                None => "the template is loaded from a path that is not a literal one inside the module (`\"${path.module}/…\"`), which dalint does not read: its contents are not checked".to_owned(),
            };
            Some(Diagnostic {
                code: meta.code,
                name: meta.name,
                severity,
                message,
                pointer: unread.tf_pointer.clone(),
                range: unread.range,
                fixes: Vec::new(),
                labels: Vec::new(),
                fingerprint: None,
            })
        })
        .collect()
}

/// The other `.tf` files of the module that the caller read into [`Options::module_files`]
/// (keyed by file name), parsed; one that does not parse is left out (it is reported when it is
/// linted itself).
fn sibling_modules(options: &Options) -> Vec<(String, hcl_edit::structure::Body)> {
    let own = options.file_name.as_deref().map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n));
    options
        .module_files
        .iter()
        .filter(|(name, _)| Some(name.as_str()) != own)
        .filter_map(|(name, text)| {
            let text = strip_bom(text).1;
            let native = match FileKind::for_file_name(Some(name))? {
                FileKind::Module => text.to_owned(),
                FileKind::ModuleJson => json_syntax::to_native(text).ok()?.hcl,
                FileKind::Vars | FileKind::VarsJson => return None,
            };
            parse(&native).ok().map(|body| (native, body))
        })
        .collect()
}

/// Previews the action resources of a Terraform file. `--action` takes a resource's name
/// (`create_ticket`) as well as an action's `name` or index.
pub fn preview(text: &str, kind: FileKind, options: &PreviewOptions) -> Result<Preview, PreviewError> {
    let (_, text) = strip_bom(text);
    if kind == FileKind::ModuleJson {
        let native = json_syntax::to_native(text).map_err(PreviewError::Parse)?;
        let mut preview = match preview(&native.hcl, FileKind::Module, options) {
            Err(PreviewError::Parse(failure)) => return Err(PreviewError::Parse(in_json(&native, failure))),
            other => other?,
        };
        let lines = LineIndex::new(text);
        for note in preview.actions.iter_mut().flat_map(|a| a.notes.iter_mut()) {
            note.span = native.range(note.span);
            note.range = lines.range(note.span);
        }
        return Ok(preview);
    }
    let prepared = prepare(text, kind, &options.module_files).map_err(PreviewError::Parse)?;
    let transcoded = &prepared.transcoded;
    let document = parse::parse(&transcoded.json, Dialect::Json).map_err(PreviewError::Parse)?;
    let action = match &options.action {
        Some(ActionSelector::Name(name)) => transcoded
            .actions
            .iter()
            .position(|a| &a.label == name)
            .or_else(|| transcoded.actions.iter().position(|a| a.label.eq_ignore_ascii_case(name)))
            .map(ActionSelector::Index)
            .or_else(|| options.action.clone()),
        other => other.clone(),
    };
    let json_options = PreviewOptions { action, file_name: None, ..options.clone() };
    let mut preview = crate::preview::preview_document(&document, &json_options)?;
    let map = SourceMap::new(&transcoded.nodes);
    let lines = LineIndex::new(text);
    for action in &mut preview.actions {
        action.pointer = map.pointer(&action.pointer);
        if let Some(resource) = transcoded.actions.get(action.index) {
            action.pointer.clone_from(&resource.tf_pointer);
        }
        for note in &mut action.notes {
            note.span = map.range(note.span, &transcoded.json);
            note.range = lines.range(note.span);
            note.pointer = map.pointer(&note.pointer);
        }
        // A template whose file was not read is previewed empty: say so where it is loaded.
        let own = |unread: &&transcode::UnreadTemplate| {
            unread.tf_pointer.strip_prefix(action.pointer.as_str()).is_some_and(|rest| rest.starts_with('/'))
        };
        for unread in transcoded.unread_templates.iter().filter(own) {
            let message = match &unread.module_path {
                Some(path) => format!("the template is loaded from `{path}`, which was not read: it is shown empty"),
                None => "the template is loaded from a path that is not a literal one inside the module, which dalint does not read: it is shown empty".to_owned(),
            };
            action.notes.push(crate::preview::Note {
                message,
                pointer: unread.tf_pointer.clone(),
                range: lines.range(unread.range),
                span: unread.range,
            });
        }
    }
    Ok(preview)
}

/// The provider gives a custom auth action its contract and category itself: a finding that they
/// are missing does not apply to `genesyscloud_integration_custom_auth_action`.
fn set_by_the_provider(diagnostic: &Diagnostic, transcoded: &Transcoded) -> bool {
    let tokens = pointer::tokens(&diagnostic.pointer);
    let Some(action) = tokens.first().and_then(|i| i.parse::<usize>().ok()).and_then(|i| transcoded.actions.get(i))
    else {
        return false;
    };
    diagnostic.code == "SCH002"
        && action.resource_type == "genesyscloud_integration_custom_auth_action"
        && matches!(tokens.get(1).map(String::as_str), Some("contract" | "category"))
}

/// Maps what the runner reports on the transcoded JSON back to the Terraform source. Indexed, so
/// that a module with thousands of actions maps each finding in logarithmic time.
struct SourceMap<'n> {
    nodes: &'n [Node],
    /// Node indices by JSON pointer.
    by_pointer: std::collections::HashMap<&'n str, usize>,
    /// Node indices by the JSON range of their value, and of their key.
    by_value: std::collections::HashMap<TextRange, usize>,
    by_key: std::collections::HashMap<TextRange, usize>,
    /// String nodes, ordered by where their value starts (strings do not nest), and by the JSON
    /// range of their literal.
    strings: Vec<usize>,
    strings_by_value: std::collections::HashMap<TextRange, usize>,
}

impl<'n> SourceMap<'n> {
    fn new(nodes: &'n [Node]) -> Self {
        let mut by_pointer = std::collections::HashMap::with_capacity(nodes.len());
        let mut by_value = std::collections::HashMap::with_capacity(nodes.len());
        let mut by_key = std::collections::HashMap::with_capacity(nodes.len());
        // The first node recorded for a pointer or range wins, as a scan in order would find it.
        for (i, node) in nodes.iter().enumerate() {
            by_pointer.entry(node.json_pointer.as_str()).or_insert(i);
            by_value.entry(node.json_value).or_insert(i);
            if let Some(key) = node.json_key {
                by_key.entry(key).or_insert(i);
            }
        }
        let mut strings: Vec<usize> = (0..nodes.len()).filter(|&i| nodes[i].string.is_some()).collect();
        let mut strings_by_value = std::collections::HashMap::with_capacity(strings.len());
        for &i in &strings {
            strings_by_value.entry(nodes[i].json_value).or_insert(i);
        }
        strings.sort_by_key(|&i| nodes[i].json_value.start);
        SourceMap { nodes, by_pointer, by_value, by_key, strings, strings_by_value }
    }

    /// A literal-secret finding (`SEC001`, `SEC002`) on a Terraform reference (`‹var.key›`): the
    /// reference is not a secret itself; `SEC009` reports what it means.
    fn about_a_reference(&self, diagnostic: &Diagnostic, json: &str) -> bool {
        if !matches!(diagnostic.code, "SEC001" | "SEC002") {
            return false;
        }
        let Some(node) = self.string_node(diagnostic.range) else { return false };
        let (Some(map), Some(span)) = (&node.string, decoded_span(json, node.json_value, diagnostic.range)) else {
            return false;
        };
        strings::markers(&map.decoded).iter().any(|(marker, _)| marker.overlaps(span) || span.contains_range(*marker))
    }

    fn diagnostic(&self, mut diagnostic: Diagnostic, json: &str) -> Diagnostic {
        diagnostic.message = self.message(&diagnostic.message);
        diagnostic.range = self.range(diagnostic.range, json);
        diagnostic.pointer = self.pointer(&diagnostic.pointer);
        for label in &mut diagnostic.labels {
            label.range = self.range(label.range, json);
            label.pointer = self.pointer(&label.pointer);
        }
        diagnostic.fixes =
            std::mem::take(&mut diagnostic.fixes).into_iter().filter_map(|f| self.fix(f, json)).collect();
        diagnostic
    }

    /// A message with the JSON pointers it quotes (`` `/0/config/…` ``) in Terraform's form.
    fn message(&self, message: &str) -> String {
        let mut out = String::with_capacity(message.len());
        let mut parts = message.split('`');
        if let Some(first) = parts.next() {
            out.push_str(first);
        }
        for (i, part) in parts.enumerate() {
            out.push('`');
            let quoted = i % 2 == 0;
            if quoted && part.starts_with("/0")
                || quoted && part.starts_with('/') && part[1..].starts_with(|c: char| c.is_ascii_digit())
            {
                out.push_str(&self.pointer(part));
            } else {
                out.push_str(part);
            }
        }
        out
    }

    /// The Terraform pointer of a JSON pointer: its nearest mapped ancestor's, plus the rest
    /// (a member that is missing keeps its JSON name).
    fn pointer(&self, json_pointer: &str) -> String {
        let mut at = json_pointer;
        loop {
            if let Some(node) = self.by_pointer.get(at).map(|&i| &self.nodes[i]) {
                let rest = pointer::tokens(&json_pointer[at.len()..]);
                let rest: Vec<String> = match (node.string.is_none(), rest.first().map(String::as_str)) {
                    // Under `config` and `contract`, which Terraform flattens into blocks.
                    (true, Some(side)) if at.ends_with("/config") || at.ends_with("/contract") => {
                        let flat =
                            if at.ends_with("/config") { format!("config_{side}") } else { format!("contract_{side}") };
                        std::iter::once(flat).chain(rest.iter().skip(2).map(|t| transcode::tf_name(t))).collect()
                    }
                    _ => rest.iter().map(|t| transcode::tf_name(t)).collect(),
                };
                return rest.iter().fold(node.tf_pointer.clone(), |p, t| pointer::push(&p, t));
            }
            match pointer::parent(at) {
                Some(up) => at = up,
                None => return json_pointer.to_owned(),
            }
        }
    }

    /// The string node whose literal holds `range` (quotes excluded).
    fn string_node(&self, range: TextRange) -> Option<&'n Node> {
        let after = self.strings.partition_point(|&i| self.nodes[i].json_value.start < range.start);
        let node = &self.nodes[*self.strings.get(after.checked_sub(1)?)?];
        (range.end < node.json_value.end && range.start <= range.end).then_some(node)
    }

    fn range(&self, range: TextRange, json: &str) -> TextRange {
        if let Some(node) = self.string_node(range) {
            if let (Some(map), Some(span)) = (&node.string, decoded_span(json, node.json_value, range)) {
                return map.raw_range(span);
            }
        }
        // A key, a value, or a whole member (key to value), as an ordered scan would find them.
        let key = self.by_key.get(&range).copied();
        let value = self.by_value.get(&range).copied();
        match (key, value) {
            (Some(k), Some(v)) if v < k => return self.nodes[v].hcl_value,
            (Some(k), _) => return self.nodes[k].hcl_key,
            (None, Some(v)) => return self.nodes[v].hcl_value,
            (None, None) => {}
        }
        if let Some(node) = self
            .nodes
            .iter()
            .find(|n| n.json_key.is_some_and(|k| k.start == range.start) && n.json_value.end == range.end)
        {
            return TextRange::new(node.hcl_key.start, node.hcl_value.end);
        }
        // Anything else inside a node: that node's value.
        self.nodes
            .iter()
            .filter(|n| n.json_value.contains_range(range))
            .min_by_key(|n| n.json_value.len())
            .map_or(TextRange::empty(0), |n| n.hcl_value)
    }

    /// The fix with its edits moved into the Terraform source; `None` when an edit falls outside
    /// a string value (a JSON structure change has no Terraform counterpart here).
    fn fix(&self, fix: Fix, json: &str) -> Option<Fix> {
        let mut edits = Vec::with_capacity(fix.edits.len());
        for edit in &fix.edits {
            edits.push(self.edit(edit, json)?);
        }
        Some(Fix::new(fix.title, fix.applicability, edits).with_extracted(fix.extracted))
    }

    fn edit(&self, edit: &Edit, json: &str) -> Option<Edit> {
        let whole = self.strings_by_value.get(&edit.range).map(|&i| &self.nodes[i]);
        let node = whole.or_else(|| self.string_node(edit.range))?;
        let map = node.string.as_ref()?;
        let (span, text) = if node.json_value == edit.range {
            (TextRange::new(0, map.decoded.len()), serde_json::from_str::<String>(&edit.new_text).ok()?)
        } else {
            let span = decoded_span(json, node.json_value, edit.range)?;
            (span, serde_json::from_str::<String>(&format!("\"{}\"", edit.new_text)).ok()?)
        };
        let (range, new_text) = map.edit(span, &text)?;
        Some(Edit::replace(range, new_text))
    }
}

/// The decoded range of a string literal (`literal` includes its quotes) that the raw JSON
/// `range` covers; `None` when a boundary splits an escape.
fn decoded_span(json: &str, literal: TextRange, range: TextRange) -> Option<TextRange> {
    let raw = json.get(literal.start + 1..literal.end - 1)?;
    let start = raw_to_decoded(raw, range.start.checked_sub(literal.start + 1)?)?;
    let end = raw_to_decoded(raw, range.end.checked_sub(literal.start + 1)?)?;
    Some(TextRange::new(start, end))
}

/// The decoded offset of raw offset `offset` in a JSON string's content written by serde_json
/// (escapes: `\"`, `\\`, `\n`-style and `\u00XX` for control characters).
fn raw_to_decoded(raw: &str, offset: usize) -> Option<usize> {
    let bytes = raw.as_bytes();
    let (mut r, mut d) = (0, 0);
    while r < offset {
        if bytes[r] == b'\\' {
            let len = if bytes.get(r + 1) == Some(&b'u') { 6 } else { 2 };
            r += len;
            d += 1;
        } else {
            r += 1;
            d += 1;
        }
    }
    (r == offset).then_some(d)
}

#[cfg(test)]
mod tests;
