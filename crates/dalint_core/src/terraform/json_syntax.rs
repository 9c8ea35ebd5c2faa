//! Terraform's JSON configuration syntax (`*.tf.json`) → the native syntax the rest of
//! `terraform/` reads, with a byte map back, so rules, fixes and the preview learn no third format.
//!
//! `{"resource": {"genesyscloud_integration_action": {"x": {"config_request": {…}}}}}` is written
//! as `resource "genesyscloud_integration_action" "x" { config_request { … } }`. A JSON string is a
//! Terraform template in both syntaxes, so its raw content is copied byte for byte into a quoted
//! HCL string (the escapes the two share are the same bytes); a string that is one interpolation
//! (`"${jsonencode({…})}"`, `"${var.key}"`) is written as that expression, as Terraform reads it.
//! [`Native`] maps every range the native pipeline reports back to the JSON text, and rewrites
//! its fix edits for JSON (a new `variable` block becomes a member of `"variable"`).

use hcl_edit::Span as _;
use jsonc_parser::ast::{Object, ObjectPropName, Value};

use crate::diagnostic::Edit;
use crate::parse::{self, Dialect, ParseFailure};
use crate::pointer;
use crate::text::TextRange;

/// Top-level block types read, with their label counts. Others (`provider`, `terraform`,
/// `output`, `module`, `data`) carry no Data Action and are left out.
const BLOCK_TYPES: &[(&str, usize)] = &[("resource", 2), ("variable", 1), ("locals", 0)];

/// Members of a resource's body that are nested blocks in the native syntax, by resource type
/// (`*` for every type). Terraform's meta blocks are left out: they are never sent to Genesys.
const NESTED_BLOCKS: &[(&str, &str)] = &[
    ("genesyscloud_integration_action", "config_request"),
    ("genesyscloud_integration_action", "config_response"),
    ("genesyscloud_integration_custom_auth_action", "config_request"),
    ("genesyscloud_integration_custom_auth_action", "config_response"),
    ("genesyscloud_integration", "config"),
];
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection", "dynamic", "validation"];

/// A run of the native text and the JSON bytes it comes from.
#[derive(Debug, Clone, Copy)]
struct Piece {
    hcl: TextRange,
    json: TextRange,
    /// Byte-for-byte equal to the JSON (else it maps as a whole: an escape, a key for a keyword).
    exact: bool,
    /// The native bytes are decoded text (inside an interpolation), not a string's raw content:
    /// text inserted there is escaped for JSON.
    decoded: bool,
}

/// A whole native construct (a value, an attribute, a block) and its JSON counterpart.
#[derive(Debug, Clone, Copy)]
struct Pair {
    hcl: TextRange,
    json: TextRange,
    kind: PairKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PairKind {
    /// A JSON string written as a native expression or quoted string.
    StringValue,
    /// Any other value.
    Value,
    /// A block (`variable "x" { … }`) and its JSON member (`"x": { … }`).
    Block,
}

/// The native text of a `.tf.json` file and its map back.
pub struct Native<'j> {
    pub hcl: String,
    json: &'j str,
    pieces: Vec<Piece>,
    pairs: Vec<Pair>,
    /// Pair indices by native range (the first pair recorded for a range).
    pair_at: std::collections::HashMap<TextRange, usize>,
    /// The root object, and its `"variable"` member's value.
    root: TextRange,
    variables: Option<TextRange>,
}

/// Parses a `.tf.json` text (BOM already stripped) into its native form.
pub fn to_native(json: &str) -> Result<Native<'_>, ParseFailure> {
    let document = parse::parse(json, Dialect::Json)?;
    let Value::Object(root) = &document.root else {
        return Err(ParseFailure::Syntax {
            message: "a Terraform JSON file holds one object (`{\"resource\": {…}}`)".to_owned(),
            range: pointer::value_range(&document.root),
        });
    };
    let mut writer = Writer { json, native: Native::empty(json, root.range.into()) };
    for prop in &root.properties {
        let name = prop_name(&prop.name);
        if name == "variable" {
            writer.native.variables = Some(pointer::value_range(&prop.value));
        }
        let Some(&(_, labels)) = BLOCK_TYPES.iter().find(|(t, _)| *t == name) else { continue };
        let ident = key_range(&prop.name);
        writer.blocks(name, ident, &prop.value, labels, &mut Vec::new());
    }
    let mut native = writer.native;
    for (i, pair) in native.pairs.iter().enumerate() {
        native.pair_at.entry(pair.hcl).or_insert(i);
    }
    Ok(native)
}

fn prop_name<'a>(name: &'a ObjectPropName<'_>) -> &'a str {
    match name {
        ObjectPropName::String(s) => s.value.as_ref(),
        ObjectPropName::Word(w) => w.value,
    }
}

/// A key's literal, quotes included.
fn key_range(name: &ObjectPropName<'_>) -> TextRange {
    match name {
        ObjectPropName::String(s) => s.range.into(),
        ObjectPropName::Word(w) => w.range.into(),
    }
}

fn is_identifier(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

struct Writer<'j> {
    json: &'j str,
    native: Native<'j>,
}

/// One unit of a JSON string's raw content: a character or an escape, and what it decodes to.
struct Unit<'j> {
    raw: TextRange,
    raw_text: &'j str,
    decoded: char,
}

/// The units of a JSON string literal's content (`literal` includes the quotes).
fn units(json: &str, literal: TextRange) -> Vec<Unit<'_>> {
    let start = literal.start + 1;
    let content = &json[start..literal.end.saturating_sub(1).max(start)];
    let mut out = Vec::with_capacity(content.len());
    let mut chars = content.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            let raw = TextRange::new(start + i, start + i + c.len_utf8());
            out.push(Unit { raw, raw_text: &json[raw.start..raw.end], decoded: c });
            continue;
        }
        let Some((_, escape)) = chars.next() else { break };
        let mut end = i + 2;
        let decoded = match escape {
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'u' => {
                let hex = |at: usize| content.get(at..at + 4).and_then(|h| u32::from_str_radix(h, 16).ok());
                let first = hex(i + 2).unwrap_or(0xFFFD);
                end = i + 6;
                let code = if (0xD800..0xDC00).contains(&first) && content.get(end..end + 2) == Some("\\u") {
                    match hex(end + 2) {
                        Some(low) if (0xDC00..0xE000).contains(&low) => {
                            end += 6;
                            0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)
                        }
                        _ => 0xFFFD,
                    }
                } else {
                    first
                };
                while chars.peek().is_some_and(|&(j, _)| j < end) {
                    chars.next();
                }
                char::from_u32(code).unwrap_or('\u{FFFD}')
            }
            other => other,
        };
        let raw = TextRange::new(start + i, start + end.min(content.len()));
        out.push(Unit { raw, raw_text: &json[raw.start..raw.end], decoded });
    }
    out
}

/// The index of the unit that closes the interpolation opened at `open` (`${` or `%{`), counting
/// braces outside the strings of the expression.
fn interpolation_end(units: &[Unit<'_>], open: usize) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (1usize, false, false);
    for (i, unit) in units.iter().enumerate().skip(open + 1) {
        let c = unit.decoded;
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

impl Writer<'_> {
    fn text(&mut self, text: &str) {
        self.native.hcl.push_str(text);
    }

    /// Native text standing for the JSON bytes `json`.
    fn piece(&mut self, text: &str, json: TextRange, exact: bool, decoded: bool) {
        let start = self.native.hcl.len();
        self.native.hcl.push_str(text);
        let hcl = TextRange::new(start, self.native.hcl.len());
        self.native.pieces.push(Piece { hcl, json, exact: exact && hcl.len() == json.len(), decoded });
    }

    fn copy(&mut self, json: TextRange) {
        let text = self.json[json.start..json.end].to_owned();
        self.piece(&text, json, true, false);
    }

    /// `name` with `labels` more levels of labels below it, then a body (or an array of bodies).
    fn blocks<'v>(
        &mut self,
        kind: &str,
        ident: TextRange,
        value: &'v Value<'v>,
        labels: usize,
        above: &mut Vec<(String, TextRange)>,
    ) {
        match value {
            Value::Array(array) => {
                for element in &array.elements {
                    self.blocks(kind, ident, element, labels, above);
                }
            }
            Value::Object(object) if labels > 0 => {
                for prop in &object.properties {
                    above.push((prop_name(&prop.name).to_owned(), key_range(&prop.name)));
                    self.blocks(kind, ident, &prop.value, labels - 1, above);
                    above.pop();
                }
            }
            Value::Object(object) => self.block(kind, ident, object, above),
            _ => {}
        }
    }

    /// `kind "label" "label" { body }`. The keyword maps to the innermost label's key, so the
    /// block's header maps to that key.
    fn block(&mut self, kind: &str, ident: TextRange, body: &Object<'_>, labels: &[(String, TextRange)]) {
        let start = self.native.hcl.len();
        let header_key = labels.last().map_or(ident, |(_, range)| *range);
        self.piece(kind, header_key, false, false);
        for (name, key) in labels {
            self.text(" ");
            if self.json[key.start..key.end].starts_with('"') {
                self.copy(*key);
            } else {
                self.piece(&serde_json::Value::String(name.clone()).to_string(), *key, false, false);
            }
        }
        self.text(" ");
        let context = match (kind, labels.first()) {
            ("resource", Some((t, _))) => t.as_str(),
            _ => kind,
        };
        self.body(body, context);
        self.text("\n");
        let hcl = TextRange::new(start, self.native.hcl.len() - 1);
        self.native.pairs.push(Pair {
            hcl,
            json: TextRange::new(header_key.start, body.range.end),
            kind: PairKind::Block,
        });
    }

    /// `{ attributes and nested blocks }`; `context` is the resource type, or the block type
    /// (`variable`).
    fn body(&mut self, body: &Object<'_>, context: &str) {
        let range: TextRange = body.range.into();
        self.piece("{", TextRange::new(range.start, range.start + 1), true, false);
        self.text("\n");
        for prop in &body.properties {
            let name = prop_name(&prop.name);
            if !is_identifier(name) || META_BLOCKS.contains(&name) {
                continue;
            }
            let key = key_range(&prop.name);
            let nested = NESTED_BLOCKS.iter().any(|&(t, b)| t == context && b == name);
            if nested {
                let mut bodies = Vec::new();
                match &prop.value {
                    Value::Object(object) => bodies.push(object),
                    Value::Array(array) => bodies.extend(array.elements.iter().filter_map(|e| match e {
                        Value::Object(o) => Some(o),
                        _ => None,
                    })),
                    _ => {}
                }
                for object in bodies {
                    let start = self.native.hcl.len();
                    self.piece(name, TextRange::new(key.start + 1, key.end - 1), true, false);
                    self.text(" ");
                    self.body(object, "");
                    let hcl = TextRange::new(start, self.native.hcl.len());
                    self.native.pairs.push(Pair { hcl, json: object.range.into(), kind: PairKind::Value });
                    self.text("\n");
                }
                continue;
            }
            let start = self.native.hcl.len();
            if self.json[key.start..key.end].starts_with('"') {
                self.piece(name, TextRange::new(key.start + 1, key.end - 1), true, false);
            } else {
                self.piece(name, key, true, false);
            }
            self.text(" = ");
            match &prop.value {
                // A variable's `type` is a type expression written as a string (`"list(string)"`).
                Value::StringLit(lit) if context == "variable" && name == "type" => {
                    let at = self.native.hcl.len();
                    for unit in &units(self.json, lit.range.into()) {
                        self.decoded_unit(unit);
                    }
                    let hcl = TextRange::new(at, self.native.hcl.len());
                    self.native.pairs.push(Pair { hcl, json: lit.range.into(), kind: PairKind::StringValue });
                }
                value => self.value(value),
            }
            let hcl = TextRange::new(start, self.native.hcl.len());
            let json = TextRange::new(key.start, pointer::value_range(&prop.value).end);
            self.native.pairs.push(Pair { hcl, json, kind: PairKind::Value });
            self.text("\n");
        }
        self.piece("}", TextRange::new(range.end - 1, range.end), true, false);
    }

    fn value(&mut self, value: &Value<'_>) {
        let start = self.native.hcl.len();
        let json = pointer::value_range(value);
        let mut kind = PairKind::Value;
        match value {
            Value::StringLit(_) => {
                kind = PairKind::StringValue;
                self.string(json);
            }
            Value::NumberLit(_) | Value::BooleanLit(_) | Value::NullKeyword(_) => self.copy(json),
            Value::Array(array) => {
                self.piece("[", TextRange::new(json.start, json.start + 1), true, false);
                for (i, element) in array.elements.iter().enumerate() {
                    if i > 0 {
                        self.text(", ");
                    }
                    self.value(element);
                }
                self.piece("]", TextRange::new(json.end - 1, json.end), true, false);
            }
            Value::Object(object) => {
                self.piece("{", TextRange::new(json.start, json.start + 1), true, false);
                self.text("\n");
                for prop in &object.properties {
                    let key = key_range(&prop.name);
                    if self.json[key.start..key.end].starts_with('"') {
                        self.string_literal(key);
                    } else {
                        let quoted = serde_json::Value::String(prop_name(&prop.name).to_owned()).to_string();
                        self.piece(&quoted, key, false, false);
                    }
                    self.text(" = ");
                    self.value(&prop.value);
                    self.text("\n");
                }
                self.piece("}", TextRange::new(json.end - 1, json.end), true, false);
            }
        }
        let hcl = TextRange::new(start, self.native.hcl.len());
        self.native.pairs.push(Pair { hcl, json, kind });
    }

    /// A JSON string: one interpolation is written as its expression, anything else as a quoted
    /// template.
    fn string(&mut self, literal: TextRange) {
        let units = units(self.json, literal);
        let sole = units.len() > 3
            && units[0].decoded == '$'
            && units[1].decoded == '{'
            && !matches!(units[2].decoded, '~')
            && units[units.len() - 2].decoded != '~'
            && interpolation_end(&units, 1) == Some(units.len() - 1);
        if sole {
            for unit in &units[2..units.len() - 1] {
                self.decoded_unit(unit);
            }
        } else {
            self.string_literal(literal);
        }
    }

    fn decoded_unit(&mut self, unit: &Unit<'_>) {
        let mut buf = [0u8; 4];
        let text = unit.decoded.encode_utf8(&mut buf);
        let exact = text == unit.raw_text;
        let text = text.to_owned();
        self.piece(&text, unit.raw, exact, true);
    }

    /// A quoted template: literal parts copied raw, interpolations decoded.
    fn string_literal(&mut self, literal: TextRange) {
        let units = units(self.json, literal);
        self.piece("\"", TextRange::new(literal.start, literal.start + 1), true, false);
        let mut i = 0;
        while i < units.len() {
            let unit = &units[i];
            let next = units.get(i + 1).map(|u| u.decoded);
            let after = units.get(i + 2).map(|u| u.decoded);
            let c = unit.decoded;
            if matches!(c, '$' | '%') && next == Some(c) && after == Some('{') {
                // `$${`: a literal `${`, the same bytes in both syntaxes.
                for unit in &units[i..i + 3] {
                    self.literal_unit(unit);
                }
                i += 3;
                continue;
            }
            if matches!(c, '$' | '%') && next == Some('{') {
                if let Some(end) = interpolation_end(&units, i + 1) {
                    for unit in &units[i..=end] {
                        self.decoded_unit(unit);
                    }
                    i = end + 1;
                    continue;
                }
            }
            self.literal_unit(unit);
            i += 1;
        }
        self.piece("\"", TextRange::new(literal.end - 1, literal.end), true, false);
    }

    /// A unit of a string's literal part: the same bytes, except JSON escapes HCL lacks.
    fn literal_unit(&mut self, unit: &Unit<'_>) {
        match unit.raw_text {
            "\\/" => self.piece("/", unit.raw, false, false),
            "\\b" => self.piece("\\u0008", unit.raw, false, false),
            "\\f" => self.piece("\\u000c", unit.raw, false, false),
            raw if raw.len() == 12 => {
                // A surrogate pair: one character.
                let text = unit.decoded.to_string();
                self.piece(&text, unit.raw, false, false);
            }
            raw => {
                let raw = raw.to_owned();
                self.piece(&raw, unit.raw, true, false);
            }
        }
    }
}

/// Which end of a range an offset is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    Start,
    End,
}

impl<'j> Native<'j> {
    fn empty(json: &'j str, root: TextRange) -> Self {
        Native {
            hcl: String::new(),
            json,
            pieces: Vec::new(),
            pairs: Vec::new(),
            pair_at: std::collections::HashMap::new(),
            root,
            variables: None,
        }
    }

    /// The piece holding native offset `at` (preferring the one that starts there for a start,
    /// the one that ends there for an end).
    fn piece_at(&self, at: usize, end: End) -> Option<&Piece> {
        let i = self.pieces.partition_point(|p| p.hcl.end < at);
        let candidates = self.pieces[i..].iter().take_while(|p| p.hcl.start <= at);
        let mut best = None;
        for piece in candidates {
            let fits = match end {
                End::Start => piece.hcl.start <= at && at < piece.hcl.end || piece.hcl.is_empty(),
                End::End => piece.hcl.start < at && at <= piece.hcl.end,
            };
            if fits {
                best = Some(piece);
                if end == End::Start {
                    break;
                }
            }
        }
        best
    }

    fn offset(&self, at: usize, end: End) -> Option<usize> {
        let piece = self.piece_at(at, end)?;
        Some(match (piece.exact, end) {
            (true, _) => piece.json.start + (at - piece.hcl.start),
            // An escape or a stand-in maps as a whole.
            (false, End::Start) => piece.json.start,
            (false, End::End) => piece.json.end,
        })
    }

    /// The JSON range of a native range: exact where both ends fall in copied text, else the
    /// smallest construct that holds it.
    pub fn range(&self, range: TextRange) -> TextRange {
        if let Some(&i) = self.pair_at.get(&range) {
            return self.pairs[i].json;
        }
        let mapped = if range.is_empty() {
            self.offset(range.start, End::Start).or_else(|| self.offset(range.start, End::End)).map(TextRange::empty)
        } else {
            match (self.offset(range.start, End::Start), self.offset(range.end, End::End)) {
                (Some(start), Some(end)) if start <= end => Some(TextRange::new(start, end)),
                _ => None,
            }
        };
        mapped.unwrap_or_else(|| {
            self.pairs
                .iter()
                .filter(|p| p.hcl.contains_range(range))
                .min_by_key(|p| p.hcl.len())
                .map_or(TextRange::empty(self.root.start), |p| p.json)
        })
    }

    /// A fix edit made on the native text, for the JSON text; `None` when it has no JSON form.
    pub fn edit(&self, edit: &Edit) -> Option<Edit> {
        if let Some(pair) = self.pair_at.get(&edit.range).map(|&i| &self.pairs[i]) {
            return match pair.kind {
                PairKind::StringValue | PairKind::Value => {
                    Some(Edit::replace(pair.json, json_expression(&edit.new_text)?))
                }
                PairKind::Block => {
                    let indent = self.indent_at(pair.json.start);
                    let members = members_of(&edit.new_text, &indent)?;
                    let [(label, object)] = &members[..] else { return None };
                    Some(Edit::replace(pair.json, format!("{}: {object}", json_string(label))))
                }
            };
        }
        if edit.range.is_empty() && edit.range.start >= self.hcl.trim_end().len() {
            return self.append_blocks(&edit.new_text);
        }
        let start = self.offset(edit.range.start, End::Start)?;
        let end = if edit.range.is_empty() { start } else { self.offset(edit.range.end, End::End)? };
        let inside =
            self.piece_at(edit.range.start, End::Start).or_else(|| self.piece_at(edit.range.start, End::End))?;
        if !inside.exact && !edit.range.is_empty() && (start, end) != (inside.json.start, inside.json.end) {
            return None;
        }
        let new_text = if inside.decoded {
            let quoted = json_string(&edit.new_text);
            quoted[1..quoted.len() - 1].to_owned()
        } else {
            edit.new_text.clone()
        };
        Some(Edit::replace(TextRange::new(start, end), new_text))
    }

    /// `variable "x" { … }` blocks appended to the native text: members of `"variable"`.
    fn append_blocks(&self, new_text: &str) -> Option<Edit> {
        let body = hcl_edit::parser::parse_body(new_text).ok()?;
        if body.attributes().next().is_some() || body.blocks().any(|b| b.ident.as_str() != "variable") {
            return None;
        }
        let (object, depth) = match self.variables {
            Some(range) if self.json[range.start..].starts_with('{') => (range, 1),
            Some(_) => return None,
            None => (self.root, 0),
        };
        let outer = self.indent_at(object.start);
        let unit = self.indent_unit();
        let inner = format!("{outer}{unit}");
        let members = members_of(new_text, &if depth == 1 { inner.clone() } else { format!("{inner}{unit}") })?;
        let mut text = String::new();
        for (i, (label, value)) in members.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            text.push_str(&format!("\n{inner}{}: {value}", json_string(label)));
        }
        if depth == 0 {
            text = format!("\n{inner}\"variable\": {{{text}\n{inner}}}");
        }
        let close = object.end - 1;
        let content = self.json[object.start + 1..close].trim_end();
        let after = object.start + 1 + content.len();
        if content.trim().is_empty() {
            Some(Edit::replace(TextRange::new(object.start + 1, close), format!("{text}\n{outer}")))
        } else {
            Some(Edit::insert(after, format!(",{text}")))
        }
    }

    /// The indentation of the line holding JSON offset `at`.
    fn indent_at(&self, at: usize) -> String {
        let line_start = self.json[..at].rfind('\n').map_or(0, |i| i + 1);
        self.json[line_start..].chars().take_while(|c| *c == ' ' || *c == '\t').collect()
    }

    /// The file's indentation step (two spaces when it has none).
    fn indent_unit(&self) -> String {
        self.json
            .lines()
            .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
            .filter(|&n| n > 0)
            .min()
            .map_or_else(
                || "  ".to_owned(),
                |n| {
                    let tab = self.json.lines().any(|l| l.starts_with('\t'));
                    if tab {
                        "\t".repeat(n)
                    } else {
                        " ".repeat(n)
                    }
                },
            )
    }
}

/// A message about the native form, with the native snippets it quotes in the JSON syntax the
/// user wrote: `` `sensitive = true` `` → `` `"sensitive": true` ``, `` `fields = { k = var.k }` ``
/// → `` `"fields": {"k": "${var.k}"}` ``.
pub fn in_json_syntax(message: &str) -> String {
    let mut out = message.replace("`sensitive = true`", "`\"sensitive\": true`");
    while let Some(start) = out.find("`fields = { ") {
        let Some(len) = out[start + 1..].find('`') else { break };
        let snippet = &out[start + 1..start + 1 + len];
        let inner = snippet.trim_start_matches("fields = { ").trim_end_matches(" }");
        let Some((key, value)) = inner.split_once(" = ") else { break };
        let json = format!("\"fields\": {{{}: {}}}", json_string(key), json_expression(value).unwrap_or_default());
        out.replace_range(start + 1..start + 1 + len, &json);
    }
    out
}

fn json_string(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

/// A native expression as a JSON value: a quoted string stays (its escapes are JSON's), a
/// reference or call becomes the template `"${…}"`, a literal stays itself.
fn json_expression(hcl: &str) -> Option<String> {
    let trimmed = hcl.trim();
    if trimmed.starts_with('"') && trimmed.ends_with('"') && trimmed.len() >= 2 {
        return serde_json::from_str::<String>(trimmed).is_ok().then(|| trimmed.to_owned());
    }
    if matches!(trimmed, "true" | "false" | "null") || trimmed.parse::<f64>().is_ok() {
        return Some(trimmed.to_owned());
    }
    Some(json_string(&format!("${{{trimmed}}}")))
}

/// The blocks of a native snippet (`variable "x" { type = string, sensitive = true }`) as JSON
/// members (label, pretty object) indented for `indent`.
fn members_of(hcl: &str, indent: &str) -> Option<Vec<(String, String)>> {
    let body = hcl_edit::parser::parse_body(hcl).ok()?;
    let mut members = Vec::new();
    for block in body.blocks() {
        let [label] = &block.labels[..] else { return None };
        let label = match label {
            hcl_edit::structure::BlockLabel::Ident(i) => i.as_str().to_owned(),
            hcl_edit::structure::BlockLabel::String(s) => s.as_str().to_owned(),
        };
        if block.body.blocks().next().is_some() {
            return None;
        }
        let step = if indent.starts_with('\t') { "\t" } else { "  " };
        let mut object = String::from("{");
        for (i, attribute) in block.body.attributes().enumerate() {
            let value = attribute.value.span().and_then(|r| hcl.get(r))?.trim();
            let value = if attribute.key.as_str() == "type" && !value.starts_with('"') {
                json_string(value)
            } else {
                json_expression(value)?
            };
            object.push_str(if i > 0 { "," } else { "" });
            object.push_str(&format!("\n{indent}{step}{}: {value}", json_string(attribute.key.as_str())));
        }
        object.push_str(&format!("\n{indent}}}"));
        members.push((label, object));
    }
    Some(members)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTION: &str = r#"{
  "resource": {
    "genesyscloud_integration_action": {
      "create_ticket": {
        "name": "Create ticket",
        "integration_id": "${var.integration_id}",
        "contract_input": "${jsonencode({\"type\" = \"object\", \"properties\" = {}})}",
        "config_request": {
          "request_url_template": "https://crm.example.com/tickets\/new",
          "request_type": "POST",
          "headers": { "Authorization": "Bearer ${var.bearer_token}", "X-Id": "$${input.id}" }
        }
      }
    }
  }
}"#;

    #[test]
    fn a_json_action_reads_as_its_native_form() {
        let native = to_native(ACTION).expect("parses");
        let body = hcl_edit::parser::parse_body(&native.hcl).unwrap_or_else(|e| panic!("{e}\n{}", native.hcl));
        let block = body.blocks().next().expect("a block");
        assert_eq!(block.ident.as_str(), "resource");
        assert!(native.hcl.contains(r#"integration_id = var.integration_id"#), "{}", native.hcl);
        assert!(native.hcl.contains(r#"contract_input = jsonencode({"type" = "object", "properties" = {}})"#));
        assert!(native.hcl.contains(r#""Authorization" = "Bearer ${var.bearer_token}""#), "{}", native.hcl);
        assert!(native.hcl.contains("config_request {"), "{}", native.hcl);
    }

    #[test]
    fn ranges_map_back_byte_for_byte_inside_strings_and_to_whole_values_elsewhere() {
        let native = to_native(ACTION).expect("parses");
        let find = |haystack: &str, needle: &str| {
            let at = haystack.find(needle).unwrap_or_else(|| panic!("{needle} in {haystack}"));
            TextRange::new(at, at + needle.len())
        };
        // Inside a quoted template: exact.
        let variable = find(&native.hcl, "${var.bearer_token}");
        assert_eq!(native.range(variable), find(ACTION, "${var.bearer_token}"));
        // An expression written for a one-interpolation string: the whole JSON string.
        let reference = find(&native.hcl, "var.integration_id");
        assert_eq!(native.range(reference), find(ACTION, "\"${var.integration_id}\""));
        // Past an escape that HCL writes otherwise (`\/`).
        let url = find(&native.hcl, "tickets/new");
        assert_eq!(native.range(url), find(ACTION, r"tickets\/new"));
    }

    #[test]
    fn messages_quote_the_json_syntax() {
        assert_eq!(
            in_json_syntax(
                "add a field (`fields = { bearer_token = var.bearer_token }`) and mark it `sensitive = true`"
            ),
            "add a field (`\"fields\": {\"bearer_token\": \"${var.bearer_token}\"}`) and mark it `\"sensitive\": true`"
        );
        assert_eq!(in_json_syntax("no snippet here"), "no snippet here");
    }

    #[test]
    fn edits_become_json_edits() {
        let native = to_native(ACTION).expect("parses");
        let reference = native.hcl.find("var.integration_id").expect("there");
        let whole = TextRange::new(reference, reference + "var.integration_id".len());
        let edit = native.edit(&Edit::replace(whole, "\"$${credentials.id}\"")).expect("maps");
        assert_eq!(&ACTION[edit.range.start..edit.range.end], "\"${var.integration_id}\"");
        assert_eq!(edit.new_text, "\"$${credentials.id}\"");
        let appended = native
            .edit(&Edit::insert(
                native.hcl.len(),
                "\nvariable \"crm_secret\" {\n  type      = string\n  sensitive = true\n}\n",
            ))
            .expect("maps");
        let mut fixed = ACTION.to_owned();
        fixed.replace_range(appended.range.start..appended.range.end, &appended.new_text);
        let value: serde_json::Value = serde_json::from_str(&fixed).unwrap_or_else(|e| panic!("{e}\n{fixed}"));
        assert_eq!(value["variable"]["crm_secret"], serde_json::json!({"type": "string", "sensitive": true}));
    }
}
