//! Renders a parsed template, as Genesys would, offline.
//!
//! - `${x}` with no value prints its own source text, `$!{x}` prints nothing (Velocity's rules).
//! - `${credentials.x}`, `${authResponse.x}` and `{{secureData("x")}}` print redaction markers.
//! - The literal secrets of the template are known before rendering ([`Redaction`]s, in the
//!   template's coordinates): wherever the evaluator prints source text (literal text, string
//!   arguments, references printed as written, quotes in notes) it prints their markers instead,
//!   so a literal secret has no path to the output.
//! - Every printed byte keeps its provenance ([`Text`] spans) and the source range of the node
//!   that printed it ([`Site`]), for the JSON check and `TPL003`/`TPL004`.
//! - Work is bounded: output size, loop iterations and evaluation steps have limits, reported as
//!   notes when hit.

use std::collections::{BTreeMap, HashMap};

use super::ast::*;
use super::tools::{self, Call};
use super::value::{js_number, Origin, SecretSpace, Text, Value};
use crate::text::TextRange;

/// Largest output rendered, in bytes.
pub const MAX_OUTPUT: usize = 2 * 1024 * 1024;
/// Most iterations of one `#foreach` (and most elements of a `[a..b]` range).
pub const MAX_ITERATIONS: usize = 10_000;
/// Most nodes evaluated in one rendering.
pub const MAX_STEPS: usize = 200_000;

/// A literal secret in a template's source, found before rendering: the evaluator prints its
/// marker `‹label›` wherever it would print those bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redaction {
    /// Range in the template string.
    pub range: TextRange,
    /// Shown as `‹label›` (`secret sha256:0123…`).
    pub label: String,
}

/// The variables a template sees.
#[derive(Debug, Clone, Default)]
pub struct Env {
    pub globals: HashMap<String, Value>,
}

impl Env {
    pub fn set(&mut self, name: impl Into<String>, value: Value) {
        self.globals.insert(name.into(), value);
    }
}

/// Where a piece of the output came from in the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Site {
    pub output: TextRange,
    /// The node that printed it.
    pub source: TextRange,
    /// The output is a byte-for-byte copy of the source (literal text).
    pub verbatim: bool,
}

/// Rendered text with provenance and source sites.
#[derive(Debug, Clone, Default)]
pub struct Output {
    pub text: Text,
    pub sites: Vec<Site>,
}

impl Output {
    pub fn as_str(&self) -> &str {
        &self.text.text
    }

    fn push(&mut self, text: &Text, source: TextRange, verbatim: bool) {
        let start = self.text.text.len();
        self.text.push(text);
        let end = self.text.text.len();
        if end > start {
            self.sites.push(Site { output: TextRange::new(start, end), source, verbatim });
        }
    }

    /// The template range behind output offset `at`: the exact byte for literal text, the whole
    /// node otherwise.
    pub fn source_at(&self, at: usize) -> Option<TextRange> {
        let index = self.sites.partition_point(|s| s.output.end <= at);
        let site = self.sites.get(index).or_else(|| self.sites.last())?;
        if site.verbatim && site.output.start <= at && at < site.output.end {
            let offset = site.source.start + (at - site.output.start);
            return Some(TextRange::new(offset, offset + 1));
        }
        Some(site.source)
    }
}

/// Something the preview should tell the user about a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Range in the template string.
    pub range: TextRange,
    pub message: String,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub output: Output,
    pub notes: Vec<Note>,
}

/// Renders `template` (parsed from `src`) with the variables of `env`.
pub fn render(src: &str, template: &Template, env: &Env, redactions: &[Redaction]) -> Rendered {
    let mut sorted = redactions.to_vec();
    crate::sort::sort_by_key(&mut sorted, |r| (r.range.start, r.range.end));
    let mut evaluator = Evaluator {
        src,
        env,
        redactions: &sorted,
        locals: HashMap::new(),
        notes: Vec::new(),
        notes_by_start: BTreeMap::new(),
        steps: 0,
        stopped: false,
        breaking: false,
        loops: 0,
    };
    let mut output = Output::default();
    evaluator.nodes(&template.nodes, &mut output, false);
    Rendered { output, notes: evaluator.notes }
}

/// Velocity's `==`: numbers numerically, strings by text, different types by their text.
pub fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Null, _) | (_, Value::Null) => false,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => a.as_number() == b.as_number(),
        (Value::Bool(x), Value::Bool(y)) => x == y,
        _ => a.to_text().text == b.to_text().text,
    }
}

struct Evaluator<'a> {
    src: &'a str,
    env: &'a Env,
    redactions: &'a [Redaction],
    locals: HashMap<String, Value>,
    notes: Vec<Note>,
    /// Indices into `notes` by range start: duplicate and containment checks look at the notes
    /// near a range instead of all of them (a template with thousands of unclosed calls made
    /// them quadratic).
    notes_by_start: BTreeMap<usize, Vec<usize>>,
    steps: usize,
    stopped: bool,
    breaking: bool,
    loops: usize,
}

impl Evaluator<'_> {
    fn note(&mut self, range: TextRange, message: impl Into<String>) {
        let message = message.into();
        let same_start = self.notes_by_start.entry(range.start).or_default();
        if !same_start.iter().any(|&i| self.notes[i].range == range && self.notes[i].message == message) {
            same_start.push(self.notes.len());
            self.notes.push(Note { range, message });
        }
    }

    /// Whether a note already sits inside `range`.
    fn has_note_within(&self, range: TextRange) -> bool {
        self.notes_by_start
            .range(range.start..=range.end)
            .flat_map(|(_, indices)| indices)
            .any(|&i| range.contains_range(self.notes[i].range))
    }

    fn source(&self, range: TextRange) -> &str {
        &self.src[range.start..range.end]
    }

    /// Source text for a message: redacted, then shortened.
    fn quoted(&self, range: TextRange) -> String {
        let redacted = self.source_text(range, false, None).text;
        match redacted.char_indices().nth(60) {
            Some((cut, _)) => format!("{}…", &redacted[..cut]),
            None => redacted,
        }
    }

    /// The first secret overlapping `range`, if any.
    fn secret_in(&self, range: TextRange) -> Option<&Redaction> {
        self.redactions.iter().find(|r| r.range.start < range.end && range.start < r.range.end)
    }

    /// Source text of `range` with its secrets replaced by markers. A secret that starts before
    /// `range` was shown (or hidden) with the text before it. `in_string`: inside `"…"`, where
    /// `""` stands for `"`. Plain pieces get `origin` when given.
    fn source_text(&self, range: TextRange, in_string: bool, origin: Option<&Origin>) -> Text {
        let mut out = Text::default();
        let plain = |out: &mut Text, from: usize, to: usize| {
            if from < to {
                let raw = &self.src[from..to];
                let text = if in_string { raw.replace("\"\"", "\"") } else { raw.to_owned() };
                match origin {
                    Some(origin) => out.push(&Text::from_origin(text, origin.clone())),
                    None => out.push_str(&text),
                }
            }
        };
        let mut at = range.start;
        for secret in self.redactions.iter().filter(|r| r.range.start < range.end && range.start < r.range.end) {
            plain(&mut out, at, secret.range.start.max(at));
            if secret.range.start >= range.start {
                out.push(&Text::marker(&secret.label, Origin::Secret));
            }
            at = at.max(secret.range.end.min(range.end));
        }
        plain(&mut out, at, range.end);
        out
    }

    fn literal(&mut self, out: &mut Output, range: TextRange, in_string: bool) {
        let text = self.source_text(range, in_string, None);
        let verbatim = text.spans.is_empty() && text.text.len() == range.len();
        out.push(&text, range, verbatim);
    }

    /// Prints a node's source as written (its secrets masked).
    fn as_written(&mut self, out: &mut Output, range: TextRange, origin: Origin) {
        let text = self.source_text(range, false, Some(&origin));
        out.push(&text, range, false);
    }

    fn budget(&mut self, out: &Output, at: TextRange) -> bool {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            self.note(at, format!("rendering stopped after {MAX_STEPS} steps"));
            self.stopped = true;
        } else if out.text.text.len() > MAX_OUTPUT {
            self.note(at, format!("rendering stopped: the output passed {} MiB", MAX_OUTPUT / (1024 * 1024)));
            self.stopped = true;
        }
        !self.stopped
    }

    fn nodes(&mut self, nodes: &[Node], out: &mut Output, in_string: bool) {
        for node in nodes {
            if self.stopped || self.breaking || !self.budget(out, node.range()) {
                return;
            }
            match node {
                Node::Text(range) => self.literal(out, *range, in_string),
                Node::Escaped { text, .. } => self.literal(out, *text, in_string),
                Node::Unparsed { content, .. } => self.literal(out, *content, false),
                Node::Comment(_) => {}
                Node::Reference(reference) => {
                    if reference.malformed {
                        self.as_written(out, reference.range, Origin::Unresolved);
                    } else {
                        let value = self.reference(reference);
                        self.print(out, value, reference);
                    }
                }
                Node::Expression(expression) => self.guide_expression(out, expression),
                Node::If(block) => {
                    let chosen = block.branches.iter().find(|b| self.expr(&b.condition).truthy());
                    match chosen {
                        Some(branch) => self.nodes(&branch.body, out, in_string),
                        None => {
                            if let Some(otherwise) = &block.otherwise {
                                self.nodes(&otherwise.body, out, in_string);
                            }
                        }
                    }
                }
                Node::Foreach(block) => self.foreach(block, out, in_string),
                Node::Set(set) => self.set(set),
                Node::Break(_) => {
                    if self.loops > 0 {
                        self.breaking = true;
                    } else {
                        self.stopped = true;
                    }
                }
                Node::Stop(_) => self.stopped = true,
                Node::Definition { name, head, .. } => {
                    self.note(*head, format!("`#{name}` blocks are not evaluated by dalint; they print nothing"));
                }
                Node::External { name, range } => {
                    self.note(*range, format!("`#{name}` reads another template, which a Data Action does not have"));
                }
                Node::UnknownDirective { name, range } => {
                    self.note(
                        *range,
                        format!(
                            "`#{name}(…)` is neither a directive nor a defined macro: Velocity sends it as written"
                        ),
                    );
                    self.as_written(out, *range, Origin::Unresolved);
                }
            }
        }
    }

    fn print(&mut self, out: &mut Output, value: Value, reference: &Reference) {
        match value {
            Value::Null => {
                if !reference.silent {
                    let already = self.has_note_within(reference.range);
                    if !already {
                        let message =
                            format!("`{}` has no value: Velocity sends it as written", self.quoted(reference.range));
                        self.note(reference.range, message);
                    }
                    self.as_written(out, reference.range, Origin::Unresolved);
                }
            }
            Value::Tool(_) | Value::Samples(_) => self.as_written(out, reference.range, Origin::Unresolved),
            Value::Secrets(space) => {
                let marker = match space {
                    SecretSpace::Credentials => Text::marker("credentials", Origin::Credentials(String::new())),
                    SecretSpace::AuthResponse => Text::marker("authResponse", Origin::AuthResponse(String::new())),
                };
                out.push(&marker, reference.range, false);
            }
            other => out.push(&other.to_text(), reference.range, false),
        }
    }

    fn lookup(&self, name: &str) -> Value {
        self.locals.get(name).or_else(|| self.env.globals.get(name)).cloned().unwrap_or(Value::Null)
    }

    fn reference(&mut self, reference: &Reference) -> Value {
        let mut value = self.lookup(&reference.root.name);
        for part in &reference.parts {
            if value.is_null() {
                return Value::Null;
            }
            value = match part {
                Part::Property(name) => self.property(value, &name.name),
                Part::Method { name, args, range } => {
                    let args: Vec<Value> = args.iter().map(|a| self.expr(a)).collect();
                    let call_range = TextRange::new(reference.range.start, range.end);
                    self.method(value, &name.name, &args, call_range)
                }
                Part::Index { index, .. } => {
                    let index = self.expr(index);
                    match (&value, &index) {
                        (Value::List(items), _) => match index.as_number() {
                            Some(i) if i >= 0.0 => items.get(i as usize).cloned().unwrap_or(Value::Null),
                            _ => Value::Null,
                        },
                        (Value::Map(_), key) => value.map_get(&key.to_text().text).cloned().unwrap_or(Value::Null),
                        _ => Value::Null,
                    }
                }
            };
        }
        value
    }

    fn property(&mut self, value: Value, name: &str) -> Value {
        match value {
            Value::Map(_) => value.map_get(name).cloned().unwrap_or(Value::Null),
            Value::Secrets(SecretSpace::Credentials) => {
                Value::Str(Text::marker(&format!("credentials.{name}"), Origin::Credentials(name.to_owned())))
            }
            Value::Secrets(SecretSpace::AuthResponse) => {
                Value::Str(Text::marker(&format!("authResponse.{name}"), Origin::AuthResponse(name.to_owned())))
            }
            Value::Tool(tool) => tools::tool_property(tool, name).unwrap_or(Value::Null),
            Value::Samples(namespace) => {
                let path = format!("{namespace}.{name}");
                Value::Str(Text::from_origin(format!("sample-{name}"), Origin::Sample(path)))
            }
            Value::Str(text) if name == "empty" => Value::Bool(text.text.is_empty()),
            Value::List(items) if name == "empty" => Value::Bool(items.is_empty()),
            Value::Str(_) | Value::List(_) | Value::Null | Value::Bool(_) | Value::Int(_) | Value::Float(_) => {
                Value::Null
            }
        }
    }

    fn method(&mut self, value: Value, name: &str, args: &[Value], range: TextRange) -> Value {
        let call = match &value {
            Value::Tool(tool) => tools::call_tool(*tool, name, args),
            Value::Str(text) => tools::string_method(text, name, args),
            Value::List(_) | Value::Map(_) => tools::collection_method(&value, name, args),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) if name == "toString" && args.is_empty() => {
                Call::Value(Value::Str(value.to_text()))
            }
            _ => Call::Unknown,
        };
        match call {
            Call::Value(v) => v,
            Call::Unknown => {
                let message = format!(
                    "`{}` is not a helper or method dalint knows: Velocity sends the reference as written",
                    self.quoted(range)
                );
                self.note(range, message);
                Value::Null
            }
            Call::NotPreviewed(why) => {
                self.note(range, why);
                Value::Null
            }
        }
    }

    fn foreach(&mut self, block: &ForeachBlock, out: &mut Output, in_string: bool) {
        let items = match self.expr(&block.iterable) {
            Value::List(items) => items,
            Value::Map(entries) => entries.into_iter().map(|(_, v)| v).collect(),
            _ => Vec::new(),
        };
        if items.len() > MAX_ITERATIONS {
            self.note(block.head, format!("only the first {MAX_ITERATIONS} iterations are rendered"));
        }
        let name = block.variable.name.clone();
        let saved = (self.locals.get(&name).cloned(), self.locals.get("foreach").cloned());
        let count = items.len().min(MAX_ITERATIONS);
        self.loops += 1;
        for (i, item) in items.into_iter().take(MAX_ITERATIONS).enumerate() {
            self.locals.insert(name.clone(), item);
            self.locals.insert(
                "foreach".to_owned(),
                Value::Map(vec![
                    ("index".to_owned(), Value::Int(i as i64)),
                    ("count".to_owned(), Value::Int(i as i64 + 1)),
                    ("hasNext".to_owned(), Value::Bool(i + 1 < count)),
                    ("first".to_owned(), Value::Bool(i == 0)),
                    ("last".to_owned(), Value::Bool(i + 1 == count)),
                ]),
            );
            self.locals.insert("velocityCount".to_owned(), Value::Int(i as i64 + 1));
            self.nodes(&block.body, out, in_string);
            if self.breaking {
                self.breaking = false;
                break;
            }
            if self.stopped {
                break;
            }
        }
        self.loops -= 1;
        for (key, value) in [(name, saved.0), ("foreach".to_owned(), saved.1)] {
            match value {
                Some(v) => self.locals.insert(key, v),
                None => self.locals.remove(&key),
            };
        }
    }

    fn set(&mut self, set: &SetDirective) {
        let value = self.expr(&set.value);
        // Velocity 1.7 does not assign null: the variable keeps its value.
        if value.is_null() {
            return;
        }
        let root = set.target.root.name.clone();
        match set.target.parts.as_slice() {
            [] => {
                self.locals.insert(root, value);
            }
            [Part::Property(key)] => {
                let mut map = match self.lookup(&root) {
                    Value::Map(entries) => entries,
                    _ => {
                        self.note(set.range, format!("`#set` on `${root}.{}`: `${root}` is not a map", key.name));
                        return;
                    }
                };
                map.retain(|(k, _)| k != &key.name);
                map.push((key.name.clone(), value));
                self.locals.insert(root, Value::Map(map));
            }
            _ => self.note(set.range, "dalint only previews `#set($name = …)` and `#set($map.key = …)`"),
        }
    }

    fn expr(&mut self, expr: &Expr) -> Value {
        match &expr.kind {
            ExprKind::Reference(reference) if reference.malformed => Value::Null,
            ExprKind::Reference(reference) => self.reference(reference),
            ExprKind::Interpolated(nodes) => {
                let mut inner = Output::default();
                self.nodes(nodes, &mut inner, true);
                Value::Str(inner.text)
            }
            // A literal holding a secret stands for the secret: its marker.
            ExprKind::Literal(s) => match self.secret_in(expr.range) {
                Some(secret) => Value::Str(Text::marker(&secret.label, Origin::Secret)),
                None => Value::str(s.clone()),
            },
            ExprKind::Int(n) => Value::Int(*n),
            ExprKind::Float(f) => Value::Float(*f),
            ExprKind::Bool(b) => Value::Bool(*b),
            ExprKind::Null | ExprKind::Invalid => Value::Null,
            ExprKind::List(items) => Value::List(items.iter().map(|e| self.expr(e)).collect()),
            ExprKind::Map(entries) => Value::Map(
                entries
                    .iter()
                    .map(|(k, v)| {
                        let key = self.expr(k).to_text().text;
                        (key, self.expr(v))
                    })
                    .collect(),
            ),
            ExprKind::Range(low, high) => {
                let (low, high) = (self.expr(low).as_number(), self.expr(high).as_number());
                let (Some(low), Some(high)) = (low, high) else { return Value::Null };
                let (low, high) = (low as i64, high as i64);
                let len = (high - low).unsigned_abs() as usize + 1;
                if len > MAX_ITERATIONS {
                    self.note(expr.range, format!("ranges longer than {MAX_ITERATIONS} are cut"));
                }
                let step = if high >= low { 1 } else { -1 };
                Value::List((0..len.min(MAX_ITERATIONS) as i64).map(|i| Value::Int(low + i * step)).collect())
            }
            ExprKind::Unary(UnaryOp::Not, e) => Value::Bool(!self.expr(e).truthy()),
            ExprKind::Unary(UnaryOp::Neg, e) => match self.expr(e) {
                Value::Int(n) => Value::Int(-n),
                v => v.as_number().map_or(Value::Null, |f| Value::Float(-f)),
            },
            ExprKind::Binary(op, lhs, rhs) => self.binary(*op, lhs, rhs, expr.range),
        }
    }

    fn binary(&mut self, op: BinaryOp, lhs: &Expr, rhs: &Expr, range: TextRange) -> Value {
        match op {
            BinaryOp::And => return Value::Bool(self.expr(lhs).truthy() && self.expr(rhs).truthy()),
            BinaryOp::Or => return Value::Bool(self.expr(lhs).truthy() || self.expr(rhs).truthy()),
            _ => {}
        }
        let (a, b) = (self.expr(lhs), self.expr(rhs));
        match op {
            BinaryOp::Eq => Value::Bool(values_equal(&a, &b)),
            BinaryOp::Ne => Value::Bool(!values_equal(&a, &b)),
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                let ordering = match (&a, &b) {
                    (Value::Str(x), Value::Str(y)) if a.as_number().is_none() || b.as_number().is_none() => {
                        Some(x.text.cmp(&y.text))
                    }
                    _ => match (a.as_number(), b.as_number()) {
                        (Some(x), Some(y)) => x.partial_cmp(&y),
                        _ => None,
                    },
                };
                let Some(ordering) = ordering else {
                    self.note(range, "this comparison needs two numbers; Velocity treats it as false");
                    return Value::Bool(false);
                };
                Value::Bool(match op {
                    BinaryOp::Lt => ordering.is_lt(),
                    BinaryOp::Le => ordering.is_le(),
                    BinaryOp::Gt => ordering.is_gt(),
                    _ => ordering.is_ge(),
                })
            }
            BinaryOp::Add if matches!(a, Value::Str(_)) || matches!(b, Value::Str(_)) => {
                if a.is_null() || b.is_null() {
                    return Value::Null;
                }
                let mut text = a.to_text();
                text.push(&b.to_text());
                Value::Str(text)
            }
            _ => {
                let (Some(x), Some(y)) = (a.as_number(), b.as_number()) else { return Value::Null };
                let integers = matches!(a, Value::Int(_)) && matches!(b, Value::Int(_));
                if matches!(op, BinaryOp::Div | BinaryOp::Mod) && y == 0.0 {
                    self.note(range, "division by zero: Velocity prints nothing useful here");
                    return Value::Null;
                }
                if integers {
                    let (x, y) = (x as i64, y as i64);
                    Value::Int(match op {
                        BinaryOp::Add => x.wrapping_add(y),
                        BinaryOp::Sub => x.wrapping_sub(y),
                        BinaryOp::Mul => x.wrapping_mul(y),
                        BinaryOp::Div => x / y,
                        _ => x % y,
                    })
                } else {
                    Value::Float(match op {
                        BinaryOp::Add => x + y,
                        BinaryOp::Sub => x - y,
                        BinaryOp::Mul => x * y,
                        BinaryOp::Div => x / y,
                        _ => x % y,
                    })
                }
            }
        }
    }

    // ----- the guide's `{{ … }}` -----

    fn guide_expression(&mut self, out: &mut Output, expression: &GuideExpression) {
        let Some(expr) = &expression.expr else {
            self.as_written(out, expression.range, Origin::Unresolved);
            return;
        };
        match self.guide(expr) {
            Value::Null => {
                let already = self.has_note_within(expression.range);
                if !already {
                    let message = format!("`{}` has no value: it is sent as written", self.quoted(expression.range));
                    self.note(expression.range, message);
                }
                self.as_written(out, expression.range, Origin::Unresolved);
            }
            value => {
                let text = guide_text(&value);
                out.push(&text, expression.range, false);
            }
        }
    }

    fn guide(&mut self, expr: &GuideExpr) -> Value {
        match &expr.kind {
            GuideExprKind::Path(path) => {
                let root = &path[0].name;
                if matches!(root.as_str(), "secureData" | "json") && path.len() <= 2 {
                    self.note(
                        expr.range,
                        format!("`{}` must be called: `{}(…)`", self.quoted(expr.range), self.quoted(expr.range)),
                    );
                    return Value::Null;
                }
                let mut value = self.lookup(root);
                if value.is_null() {
                    self.note(path[0].range, format!("`{root}` is not a variable dalint knows"));
                    return Value::Null;
                }
                for name in &path[1..] {
                    value = self.property(value, &name.name);
                    if value.is_null() {
                        return Value::Null;
                    }
                }
                value
            }
            GuideExprKind::Call { callee, args } => {
                let name = match &callee.kind {
                    GuideExprKind::Path(path) => path.iter().map(|i| i.name.as_str()).collect::<Vec<_>>().join("."),
                    _ => String::new(),
                };
                let values: Vec<Value> = args.iter().map(|a| self.guide(a)).collect();
                match (name.as_str(), values.as_slice()) {
                    ("secureData", [Value::Str(secure_name)]) if !secure_name.has_markers() => {
                        let secure_name = secure_name.text.clone();
                        Value::Str(Text::marker(&format!("secureData:{secure_name}"), Origin::SecureData(secure_name)))
                    }
                    ("json.stringify", [value]) => Value::Str(value.to_json_text()),
                    _ => {
                        self.note(
                            expr.range,
                            format!(
                                "`{}` is not a function dalint knows: it is sent as written",
                                self.quoted(expr.range)
                            ),
                        );
                        Value::Null
                    }
                }
            }
            GuideExprKind::Index { target, index } => {
                let (target, index) = (self.guide(target), self.guide(index));
                match (&target, index.as_number()) {
                    (Value::List(items), Some(i)) if i >= 0.0 => items.get(i as usize).cloned().unwrap_or(Value::Null),
                    (Value::Map(_), _) => target.map_get(&guide_text(&index).text).cloned().unwrap_or(Value::Null),
                    _ => Value::Null,
                }
            }
            GuideExprKind::String(parts) => {
                let secret = parts
                    .iter()
                    .all(|p| matches!(p, GuideStringPart::Text(_)))
                    .then(|| self.secret_in(expr.range))
                    .flatten();
                if let Some(secret) = secret {
                    return Value::Str(Text::marker(&secret.label, Origin::Secret));
                }
                let mut text = Text::default();
                for part in parts {
                    match part {
                        GuideStringPart::Text(t) => text.push_str(t),
                        GuideStringPart::Nested(nested) => match nested.expr.as_ref().map(|e| self.guide(e)) {
                            Some(Value::Null) | None => {
                                text.push(&Text::from_origin(self.source(nested.range), Origin::Unresolved))
                            }
                            Some(value) => text.push(&guide_text(&value)),
                        },
                    }
                }
                Value::Str(text)
            }
            GuideExprKind::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 9.0e15 {
                    Value::Int(*n as i64)
                } else {
                    Value::Float(*n)
                }
            }
            GuideExprKind::Bool(b) => Value::Bool(*b),
            GuideExprKind::Null => Value::Null,
            GuideExprKind::Object(entries) => {
                Value::Map(entries.iter().map(|(k, v)| (k.clone(), self.guide(v))).collect())
            }
            GuideExprKind::Array(items) => Value::List(items.iter().map(|v| self.guide(v)).collect()),
            GuideExprKind::Add(a, b) => {
                let (a, b) = (self.guide(a), self.guide(b));
                match (a.as_number(), b.as_number(), &a, &b) {
                    (Some(x), Some(y), Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
                        Value::Float(x + y)
                    }
                    _ => {
                        let mut text = guide_text(&a);
                        text.push(&guide_text(&b));
                        Value::Str(text)
                    }
                }
            }
            GuideExprKind::Nested(nested) => match &nested.expr {
                Some(e) => self.guide(e),
                None => Value::Null,
            },
        }
    }
}

/// A guide value as JavaScript would print it into a string.
fn guide_text(value: &Value) -> Text {
    match value {
        Value::Null => Text::plain("null"),
        Value::Float(f) => Text::plain(js_number(*f)),
        Value::List(_) | Value::Map(_) => value.to_json_text(),
        other => other.to_text(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::{parse, Dialect};

    /// `SECRET-…` words are the secrets of these tests.
    fn secrets(src: &str) -> Vec<Redaction> {
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(at) = src[from..].find("SECRET-") {
            let start = from + at;
            let end =
                src[start..].find(|c: char| !c.is_ascii_alphanumeric() && c != '-').map_or(src.len(), |e| start + e);
            out.push(Redaction { range: TextRange::new(start, end), label: "secret sha256:test".into() });
            from = end;
        }
        out
    }

    fn env() -> Env {
        let mut env = Env::default();
        env.set(
            "input",
            Value::Map(vec![
                ("name".into(), Value::Str(Text::from_origin("Ann \"A\"", Origin::Input("name".into())))),
                ("count".into(), Value::Int(3)),
                ("empty".into(), Value::str("")),
                ("list".into(), Value::List(vec![Value::str("a"), Value::str("b")])),
            ]),
        );
        env.set("credentials", Value::Secrets(SecretSpace::Credentials));
        env.set("authResponse", Value::Secrets(SecretSpace::AuthResponse));
        env.set("esc", Value::Tool(super::super::value::Tool::Esc));
        env.set("encoding", Value::Tool(super::super::value::Tool::Encoding));
        env.set("math", Value::Tool(super::super::value::Tool::Math));
        env.set("system", Value::Samples("system".into()));
        env
    }

    fn run(src: &str) -> String {
        run_in(src, Dialect::Velocity)
    }

    fn run_in(src: &str, dialect: Dialect) -> String {
        let template = parse(src, dialect);
        assert!(template.errors.is_empty(), "{src}: {:?}", template.errors);
        render(src, &template, &env(), &secrets(src)).output.text.text
    }

    #[test]
    fn null_references_print_their_source_unless_silent() {
        assert_eq!(run("a ${input.missing} b"), "a ${input.missing} b");
        assert_eq!(run("a $input.missing b"), "a $input.missing b");
        assert_eq!(run("a $!{input.missing} b"), "a  b");
        assert_eq!(run("a $!input.missing b"), "a  b");
        assert_eq!(run("${input.count}/${input.name}"), "3/Ann \"A\"");
        assert_eq!(run("$input.count.toString()x"), "3x");
    }

    #[test]
    fn conditions_compare_strings_and_numbers() {
        assert_eq!(run("#if($input.count == 3)yes#else no#end"), "yes");
        assert_eq!(run("#if($input.count > 5)big#elseif($input.count >= 3)mid#{else}small#end"), "mid");
        assert_eq!(run("#if(\"$!{input.empty}\" != \"\")set#else unset#end"), " unset");
        assert_eq!(run("#if($input.missing)x#else y#end"), " y");
        assert_eq!(run("#if(!$input.missing && $input.count == \"3\")eq#end"), "eq");
        assert_eq!(run("#if($input.count != 3 || $input.name == 'Ann \"A\"')or#end"), "or");
        assert_eq!(run("#if($input.count eq 3 and not $input.missing)words#end"), "words");
    }

    #[test]
    fn set_foreach_and_gobbling() {
        assert_eq!(run("#set($x = $input.count + 2)$x"), "5");
        assert_eq!(run("#set($x = 1)#set($x = $input.missing)$x"), "1");
        assert_eq!(run("#foreach($i in $input.list)$i#if($foreach.hasNext),#end#end"), "a,b");
        assert_eq!(run("#foreach($n in [1..3])$velocityCount#end"), "123");
        assert_eq!(run("{\n  #if(true)\n  \"a\": 1\n  #end\n}"), "{\n  \"a\": 1\n}");
        assert_eq!(run("#foreach($i in [1..5])#if($i == 3)#break#end$i#end"), "12");
    }

    #[test]
    fn helpers_escape_and_encode() {
        assert_eq!(run("\"$esc.jsonString($input.name)\""), "\"Ann \\\"A\\\"\"");
        assert_eq!(run("$esc.url($input.name)"), "Ann+%22A%22");
        assert_eq!(run("$esc.uriEncode(\"a b\")"), "a%20b");
        assert_eq!(run("$esc.quote$esc.quote"), "\"\"");
        assert_eq!(run("$encoding.base64(\"user:pass\")"), "dXNlcjpwYXNz");
        assert_eq!(run("$math.add($input.count, 2)"), "5");
        assert_eq!(run("${input.name.toLowerCase().replace(' ', '_')}"), "ann_\"a\"");
    }

    #[test]
    fn secrets_become_markers() {
        assert_eq!(run("Bearer ${credentials.token}"), "Bearer ‹credentials.token›");
        assert_eq!(run("${authResponse.access_token}"), "‹authResponse.access_token›");
        assert_eq!(
            run("Basic $encoding.base64(\"${credentials.user}:${credentials.pass}\")"),
            "Basic ‹base64(‹credentials.user›:‹credentials.pass›)›"
        );
        // Literal secrets are replaced before rendering, wherever they are.
        assert_eq!(
            run("key SECRET-abc and $esc.url('SECRET-def')"),
            "key ‹secret sha256:test› and ‹secret sha256:test›"
        );
        assert_eq!(run("$encoding.base64(\"u:SECRET-x\")"), "‹base64(u:‹secret sha256:test›)›");
    }

    #[test]
    fn unknown_helpers_are_left_as_written_with_a_note() {
        let src = "x $salesforce.escReserved($input.name) $esc.nope($input.name) #foo(1)";
        let template = parse(src, Dialect::Velocity);
        let rendered = render(src, &template, &env(), &secrets(src));
        assert_eq!(rendered.output.text.text, "x $salesforce.escReserved($input.name) $esc.nope($input.name) #foo(1)");
        assert_eq!(rendered.notes.len(), 3, "{:?}", rendered.notes);
        assert!(rendered.notes[1].message.contains("$esc.nope("));
    }

    #[test]
    fn guide_expressions() {
        let src = r#"Bearer {{secureData("api_key")}} {{json.stringify({"event": "x", "queueId": "{{system.queueId}}", "n": 2})}}"#;
        assert_eq!(
            run_in(src, Dialect::Guide),
            r#"Bearer ‹secureData:api_key› {"event":"x","queueId":"sample-queueId","n":2}"#
        );
        assert_eq!(run_in("{{input.count}}-{{\"a\" + 1}}", Dialect::Guide), "3-a1");
    }

    #[test]
    fn provenance_marks_inputs_and_escapes() {
        let src = "{\"a\": \"${input.name}\", \"b\": \"$esc.jsonString($input.name)\"}";
        let template = parse(src, Dialect::Velocity);
        let out = render(src, &template, &env(), &secrets(src)).output;
        let spans: Vec<_> = out.text.spans.iter().map(|s| (s.origin.clone(), s.escapes.json)).collect();
        assert_eq!(spans, vec![(Origin::Input("name".into()), false), (Origin::Input("name".into()), true)]);
        // Literal text maps back byte for byte.
        assert_eq!(out.source_at(1), Some(TextRange::new(1, 2)));
    }

    #[test]
    fn limits_stop_runaway_templates() {
        let src = "#foreach($i in [1..100000])#foreach($j in [1..100000])x#end#end";
        let template = parse(src, Dialect::Velocity);
        let rendered = render(src, &template, &env(), &secrets(src));
        assert!(rendered.output.text.text.len() <= MAX_OUTPUT + 10);
        assert!(!rendered.notes.is_empty());
    }
}
