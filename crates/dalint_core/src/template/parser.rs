//! Parses a decoded template string into a [`Template`]: Velocity references, directives and
//! expressions, and (in the guide's dialect) `{{ … }}` expressions.
//!
//! The parser never fails: syntax errors are collected (`TPL001`) and the offending text is kept
//! as written, so a preview can still be rendered. Nesting is bounded ([`MAX_DEPTH`]) so that
//! hostile input cannot overflow the stack. Whitespace follows Velocity 2's `lines` gobbling: a
//! directive alone on its line takes the line's indentation and line break with it.

use super::ast::*;
use crate::text::TextRange;

/// Deepest nesting of blocks, parentheses and strings the parser follows.
pub const MAX_DEPTH: usize = 64;

/// Velocity directives; any other `#name` is text (or an undefined macro call, `#name(…)`).
const DIRECTIVES: &[&str] = &[
    "if", "elseif", "else", "end", "set", "foreach", "break", "stop", "macro", "define", "parse", "include", "evaluate",
];

/// Parses `src` in the given dialect.
pub fn parse(src: &str, dialect: Dialect) -> Template {
    let mut parser =
        Parser { src, b: src.as_bytes(), dialect, errors: Vec::new(), depth: 0, groups: GroupEnds::default() };
    let mut pos = 0;
    let (nodes, _) = parser.nodes(&mut pos, src.len(), false);
    let mut errors = parser.errors;
    crate::sort::sort_by_key(&mut errors, |e| (e.range.start, e.range.end));
    errors.dedup();
    Template { nodes, errors }
}

pub(crate) fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

pub(crate) fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// How a block's body ended.
enum Terminator {
    End(TextRange),
    Else(TextRange),
    ElseIf(TextRange, Expr),
}

struct Parser<'s> {
    src: &'s str,
    b: &'s [u8],
    dialect: Dialect,
    errors: Vec<SyntaxError>,
    depth: usize,
    groups: GroupEnds,
}

fn range(start: usize, end: usize) -> TextRange {
    TextRange::new(start, end)
}

impl<'s> Parser<'s> {
    fn error(&mut self, start: usize, end: usize, message: impl Into<String>) {
        let end = self.char_end(end.max(start));
        self.errors.push(SyntaxError { range: range(start, end), message: message.into() });
    }

    /// Moves `end` forward to a character boundary.
    fn char_end(&self, mut end: usize) -> usize {
        end = end.min(self.src.len());
        while !self.src.is_char_boundary(end) {
            end += 1;
        }
        end
    }

    /// A short description of the character at `i` for messages.
    fn describe(&self, i: usize, end: usize) -> String {
        if i >= end {
            return "the end of the text".to_owned();
        }
        match self.src[i..].chars().next() {
            Some('\n') => "a line break".to_owned(),
            Some(c) => format!("`{c}`"),
            None => "the end of the text".to_owned(),
        }
    }

    fn enter(&mut self, at: usize) -> bool {
        if self.depth >= MAX_DEPTH {
            self.error(at, at + 1, format!("nested deeper than {MAX_DEPTH} levels; dalint stops reading here"));
            return false;
        }
        self.depth += 1;
        true
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn skip_ws(&self, i: &mut usize, end: usize) {
        while *i < end && self.b[*i].is_ascii_whitespace() {
            *i += 1;
        }
    }

    /// Start of the line holding `at`, when everything from there to `at` is spaces or tabs and
    /// is still pending text (`text_start <= line start`).
    fn blank_line_prefix(&self, text_start: usize, at: usize) -> Option<usize> {
        let mut k = at;
        while k > text_start && matches!(self.b[k - 1], b' ' | b'\t') {
            k -= 1;
        }
        (k == 0 || self.b[k - 1] == b'\n' || self.b[k - 1] == b'\r').then_some(k).filter(|&k| k >= text_start)
    }

    /// Position after the spaces, tabs and one line break that follow `at`, when nothing else
    /// follows on that line.
    fn blank_line_suffix(&self, at: usize, end: usize) -> Option<usize> {
        let mut k = at;
        while k < end && matches!(self.b[k], b' ' | b'\t') {
            k += 1;
        }
        if k >= end {
            Some(end)
        } else if self.b[k] == b'\n' {
            Some(k + 1)
        } else if self.b[k] == b'\r' {
            Some(if self.b.get(k + 1) == Some(&b'\n') && k + 1 < end { k + 2 } else { k + 1 })
        } else {
            None
        }
    }

    /// Parses nodes from `pos` up to `end`. Inside a block, stops at `#end`, `#else`, `#elseif`.
    fn nodes(&mut self, pos: &mut usize, end: usize, in_block: bool) -> (Vec<Node>, Option<Terminator>) {
        let mut nodes = Vec::new();
        let mut text_start = *pos;
        let flush = |nodes: &mut Vec<Node>, from: usize, to: usize| {
            if from < to {
                nodes.push(Node::Text(range(from, to)));
            }
        };
        while *pos < end {
            let i = *pos;
            match self.b[i] {
                b'\\' if i + 1 < end && self.starts_construct(i + 1, end) => {
                    flush(&mut nodes, text_start, i);
                    nodes.push(Node::Escaped { range: range(i, i + 2), text: range(i + 1, i + 2) });
                    *pos = i + 2;
                    text_start = *pos;
                }
                b'{' if self.dialect == Dialect::Guide && i + 1 < end && self.b[i + 1] == b'{' => {
                    flush(&mut nodes, text_start, i);
                    let expression = self.guide_expression(i, end);
                    *pos = expression.range.end;
                    nodes.push(Node::Expression(expression));
                    text_start = *pos;
                }
                b'}' if self.dialect == Dialect::Guide && i + 1 < end && self.b[i + 1] == b'}' => {
                    if self.looks_like_expression_end(text_start, i) {
                        self.error(i, i + 2, "`}}` closes no `{{`: expected `{{` before the expression");
                    }
                    *pos = i + 2;
                }
                b'$' => match self.reference(i, end) {
                    Some(reference) => {
                        flush(&mut nodes, text_start, i);
                        *pos = reference.range.end;
                        nodes.push(Node::Reference(reference));
                        text_start = *pos;
                    }
                    None => *pos += 1,
                },
                b'#' => {
                    if let Some(terminator) = self.hash(pos, end, in_block, &mut nodes, &mut text_start) {
                        return (nodes, Some(terminator));
                    }
                }
                _ => *pos += 1,
            }
        }
        flush(&mut nodes, text_start, end);
        (nodes, None)
    }

    /// Whether the `$` or `#` at `i` starts a reference or directive (so a `\` before it escapes it).
    fn starts_construct(&self, i: usize, end: usize) -> bool {
        let next = if i + 1 < end { self.b[i + 1] } else { 0 };
        match self.b[i] {
            b'$' => is_ident_start(next) || next == b'{' || next == b'!',
            b'#' => {
                if next == b'{' {
                    return true;
                }
                let name_end = (i + 1..end).find(|&k| !self.b[k].is_ascii_alphabetic()).unwrap_or(end);
                DIRECTIVES.contains(&&self.src[i + 1..name_end])
            }
            _ => false,
        }
    }

    /// In the guide's dialect, a `}}` without `{{` is an error when it ends something that looks
    /// like an expression (`secureData("x")}}`, `system.queueId}}`); JSON's `}}` stays text.
    fn looks_like_expression_end(&self, text_start: usize, at: usize) -> bool {
        let mut k = at;
        while k > text_start && self.b[k - 1] == b' ' {
            k -= 1;
        }
        if k == text_start {
            return false;
        }
        if self.b[k - 1] == b')' {
            // `name(…)` right before the `}}`.
            let mut depth = 0usize;
            let mut j = k;
            while j > text_start {
                j -= 1;
                match self.b[j] {
                    b')' => depth += 1,
                    b'(' => {
                        depth -= 1;
                        if depth == 0 {
                            return j > text_start && is_ident(self.b[j - 1]);
                        }
                    }
                    _ => {}
                }
            }
            return false;
        }
        let mut j = k;
        while j > text_start && (self.b[j - 1].is_ascii_alphanumeric() || matches!(self.b[j - 1], b'_' | b'.')) {
            j -= 1;
        }
        let word = &self.src[j..k];
        word.contains('.') && word.as_bytes()[0].is_ascii_alphabetic() && !word.ends_with('.')
    }

    /// Handles a `#` at `*pos`: comments, unparsed blocks, directives. Returns a terminator when a
    /// block ends here.
    fn hash(
        &mut self,
        pos: &mut usize,
        end: usize,
        in_block: bool,
        nodes: &mut Vec<Node>,
        text_start: &mut usize,
    ) -> Option<Terminator> {
        let i = *pos;
        let next = if i + 1 < end { self.b[i + 1] } else { 0 };
        let flush = |nodes: &mut Vec<Node>, from: usize, to: usize| {
            if from < to {
                nodes.push(Node::Text(range(from, to)));
            }
        };
        match next {
            b'#' => {
                let stop = (i..end).find(|&k| self.b[k] == b'\n').map_or(end, |k| k + 1);
                flush(nodes, *text_start, i);
                nodes.push(Node::Comment(range(i, stop)));
                *pos = stop;
                *text_start = stop;
                return None;
            }
            b'*' => {
                let close = self.src[i + 2..end].find("*#").map(|k| i + 2 + k + 2);
                let stop = close.unwrap_or_else(|| {
                    self.error(i, i + 2, "`#*` comment is never closed: expected `*#`");
                    end
                });
                flush(nodes, *text_start, i);
                nodes.push(Node::Comment(range(i, stop)));
                *pos = stop;
                *text_start = stop;
                return None;
            }
            b'[' if i + 2 < end && self.b[i + 2] == b'[' => {
                let close = self.src[i + 3..end].find("]]#").map(|k| i + 3 + k);
                let (content_end, stop) = match close {
                    Some(c) => (c, c + 3),
                    None => {
                        self.error(i, i + 3, "`#[[` is never closed: expected `]]#`");
                        (end, end)
                    }
                };
                flush(nodes, *text_start, i);
                nodes.push(Node::Unparsed { range: range(i, stop), content: range(i + 3, content_end) });
                *pos = stop;
                *text_start = stop;
                return None;
            }
            _ => {}
        }
        let braced = next == b'{';
        let name_start = i + 1 + usize::from(braced);
        let mut name_end = name_start;
        while name_end < end && self.b[name_end].is_ascii_alphabetic() {
            name_end += 1;
        }
        let name = &self.src[name_start..name_end];
        let mut head_end = name_end;
        if braced {
            if name_end < end && self.b[name_end] == b'}' && !name.is_empty() {
                head_end += 1;
            } else {
                *pos += 1;
                return None;
            }
        }
        if !DIRECTIVES.contains(&name) {
            // `#name(…)`: a call to an undefined macro, printed as written. Anything else is text.
            let mut k = head_end;
            self.skip_spaces(&mut k, end);
            if !name.is_empty() && k < end && self.b[k] == b'(' {
                if let Some(close) = self.groups.end(self.b, k, end) {
                    flush(nodes, *text_start, i);
                    nodes.push(Node::UnknownDirective { name: name.to_owned(), range: range(i, close) });
                    *pos = close;
                    *text_start = close;
                    return None;
                }
            }
            *pos += 1;
            return None;
        }
        let name = name.to_owned();
        let prefix = self.blank_line_prefix(*text_start, i);
        // Parses the directive's head; `head_end` moves past its arguments.
        let mut args: Option<DirectiveArgs> = None;
        match name.as_str() {
            "if" | "elseif" | "set" | "foreach" | "macro" | "define" | "parse" | "include" | "evaluate" => {
                let mut k = head_end;
                self.skip_spaces(&mut k, end);
                if k < end && self.b[k] == b'(' {
                    let (parsed, close) = self.directive_args(&name, i, k, end);
                    args = Some(parsed);
                    head_end = close;
                } else {
                    self.error(i, head_end, format!("`#{name}` needs its arguments in parentheses: `#{name}(…)`"));
                }
            }
            _ => {}
        }
        let resume = prefix.and_then(|_| self.blank_line_suffix(head_end, end));
        let (text_end, after) = match (prefix, resume) {
            (Some(p), Some(r)) => (p, r),
            _ => (i, head_end),
        };
        let head = range(i, head_end);
        flush(nodes, *text_start, text_end);
        *pos = after;
        *text_start = after;
        match name.as_str() {
            "end" | "else" | "elseif" => {
                if in_block {
                    return Some(match (name.as_str(), args) {
                        ("end", _) => Terminator::End(head),
                        ("else", _) => Terminator::Else(head),
                        (_, Some(DirectiveArgs::Condition(condition))) => Terminator::ElseIf(head, condition),
                        _ => Terminator::ElseIf(head, Expr { kind: ExprKind::Invalid, range: head }),
                    });
                }
                let opener = if name == "end" { "`#if`, `#foreach`, `#macro` or `#define`" } else { "`#if`" };
                self.error(i, head_end, format!("`#{name}` without an open {opener}"));
                nodes.push(Node::Text(head));
            }
            "if" => {
                let condition = match args {
                    Some(DirectiveArgs::Condition(c)) => c,
                    _ => Expr { kind: ExprKind::Invalid, range: head },
                };
                nodes.push(Node::If(self.if_block(head, condition, pos, end)));
                *text_start = *pos;
            }
            "foreach" => {
                let (variable, iterable) = match args {
                    Some(DirectiveArgs::Foreach(v, e)) => (v, e),
                    _ => (Ident { name: String::new(), range: head }, Expr { kind: ExprKind::Invalid, range: head }),
                };
                let (body, end_range) = self.block_body(head, "foreach", pos, end);
                let range_end = end_range.map_or(*pos, |r| r.end.max(*pos));
                nodes.push(Node::Foreach(ForeachBlock {
                    range: range(i, range_end),
                    head,
                    variable,
                    iterable,
                    body,
                    end: end_range,
                }));
                *text_start = *pos;
            }
            "macro" | "define" => {
                let (body, end_range) = self.block_body(head, &name, pos, end);
                let range_end = end_range.map_or(*pos, |r| r.end.max(*pos));
                nodes.push(Node::Definition { name, head, body, end: end_range, range: range(i, range_end) });
                *text_start = *pos;
            }
            "set" => match args {
                Some(DirectiveArgs::Set(target, value)) => {
                    nodes.push(Node::Set(SetDirective { range: head, target, value }))
                }
                _ => nodes.push(Node::Text(head)),
            },
            "break" => nodes.push(Node::Break(head)),
            "stop" => nodes.push(Node::Stop(head)),
            _ => nodes.push(Node::External { name, range: head }),
        }
        None
    }

    fn skip_spaces(&self, i: &mut usize, end: usize) {
        while *i < end && matches!(self.b[*i], b' ' | b'\t') {
            *i += 1;
        }
    }

    /// Parses `#if` branches until `#end`.
    fn if_block(&mut self, head: TextRange, condition: Expr, pos: &mut usize, end: usize) -> IfBlock {
        let start = head.start;
        let mut branches = Vec::new();
        let mut otherwise: Option<ElseBranch> = None;
        let mut current_head = head;
        let mut current_condition = Some(condition);
        if !self.enter(head.start) {
            *pos = end;
            return IfBlock { range: range(start, end), branches, otherwise, end: None };
        }
        let end_range = loop {
            let (body, terminator) = self.nodes(pos, end, true);
            match current_condition.take() {
                Some(condition) => branches.push(Branch { head: current_head, condition, body }),
                None => match &mut otherwise {
                    Some(e) => e.body.extend(body),
                    None => otherwise = Some(ElseBranch { head: current_head, body }),
                },
            }
            match terminator {
                Some(Terminator::End(r)) => break Some(r),
                Some(Terminator::Else(r)) => {
                    if otherwise.is_some() {
                        self.error(r.start, r.end, "a second `#else` in the same `#if`");
                    }
                    current_head = r;
                }
                Some(Terminator::ElseIf(r, condition)) => {
                    if otherwise.is_some() {
                        self.error(r.start, r.end, "`#elseif` after `#else`: `#else` must be the last branch");
                        current_head = r;
                    } else {
                        current_head = r;
                        current_condition = Some(condition);
                    }
                }
                None => {
                    self.error(head.start, head.end, "`#if` is never closed: expected `#end`");
                    break None;
                }
            }
        };
        self.leave();
        let range_end = end_range.map_or(*pos, |r: TextRange| r.end.max(*pos));
        IfBlock { range: range(start, range_end), branches, otherwise, end: end_range }
    }

    /// Parses the body of `#foreach`, `#macro` or `#define` up to its `#end`.
    fn block_body(
        &mut self,
        head: TextRange,
        name: &str,
        pos: &mut usize,
        end: usize,
    ) -> (Vec<Node>, Option<TextRange>) {
        if !self.enter(head.start) {
            *pos = end;
            return (Vec::new(), None);
        }
        let mut body = Vec::new();
        let end_range = loop {
            let (nodes, terminator) = self.nodes(pos, end, true);
            body.extend(nodes);
            match terminator {
                Some(Terminator::End(r)) => break Some(r),
                Some(Terminator::Else(r) | Terminator::ElseIf(r, _)) => {
                    let directive = if self.src[r.start..r.end].contains("elseif") { "#elseif" } else { "#else" };
                    self.error(r.start, r.end, format!("`{directive}` inside `#{name}` without an open `#if`"));
                }
                None => {
                    self.error(head.start, head.end, format!("`#{name}` is never closed: expected `#end`"));
                    break None;
                }
            }
        };
        self.leave();
        (body, end_range)
    }

    /// Parses a directive's parenthesised arguments starting at `open`; returns them and the
    /// position after `)`. On error, skips to the matching `)` (or the end of the line).
    fn directive_args(&mut self, name: &str, start: usize, open: usize, end: usize) -> (DirectiveArgs, usize) {
        let errors_before = self.errors.len();
        let mut i = open + 1;
        let args = match name {
            "if" | "elseif" | "parse" | "include" | "evaluate" => {
                self.skip_ws(&mut i, end);
                if i < end && self.b[i] == b')' {
                    self.error(open, i + 1, format!("`#{name}()` needs an argument"));
                }
                let condition = self.expr(&mut i, end);
                DirectiveArgs::Condition(condition)
            }
            "set" => {
                self.skip_ws(&mut i, end);
                let target_start = i;
                match (i < end && self.b[i] == b'$').then(|| self.reference(i, end)).flatten() {
                    Some(target) => {
                        i = target.range.end;
                        self.skip_ws(&mut i, end);
                        if i < end && self.b[i] == b'=' && self.b.get(i + 1) != Some(&b'=') {
                            i += 1;
                            let value = self.expr(&mut i, end);
                            DirectiveArgs::Set(target, value)
                        } else {
                            let found = self.describe(i, end);
                            self.error(i, i + 1, format!("`#set` expects `=` after the variable, found {found}"));
                            DirectiveArgs::Invalid
                        }
                    }
                    None => {
                        self.error(target_start, target_start + 1, "`#set` expects a variable: `#set($name = value)`");
                        DirectiveArgs::Invalid
                    }
                }
            }
            "foreach" => {
                self.skip_ws(&mut i, end);
                match (i < end && self.b[i] == b'$').then(|| self.reference(i, end)).flatten() {
                    Some(variable) if variable.parts.is_empty() => {
                        i = variable.range.end;
                        self.skip_ws(&mut i, end);
                        if self.src[i..end].starts_with("in") && !self.b.get(i + 2).copied().is_some_and(is_ident) {
                            i += 2;
                            let iterable = self.expr(&mut i, end);
                            DirectiveArgs::Foreach(variable.root, iterable)
                        } else {
                            let found = self.describe(i, end);
                            self.error(i, i + 1, format!("`#foreach` expects `in` after the variable, found {found}"));
                            DirectiveArgs::Invalid
                        }
                    }
                    _ => {
                        self.error(i, i + 1, "`#foreach` expects a loop variable: `#foreach($item in $list)`");
                        DirectiveArgs::Invalid
                    }
                }
            }
            // `#macro(name $a $b)` / `#define($x)`: not evaluated, only delimited.
            _ => {
                return match self.groups.end(self.b, open, end) {
                    Some(close) => (DirectiveArgs::Invalid, close),
                    None => {
                        self.error(start, open + 1, format!("`(` of `#{name}(` is never closed: expected `)`"));
                        (DirectiveArgs::Invalid, end)
                    }
                };
            }
        };
        self.skip_ws(&mut i, end);
        if self.errors.len() == errors_before && i < end && self.b[i] == b')' {
            return (args, i + 1);
        }
        if self.errors.len() == errors_before {
            if i >= end {
                self.error(start, open + 1, format!("`(` of `#{name}(` is never closed: expected `)`"));
            } else if self.b[i] == b'=' {
                self.error(i, i + 1, "`=` assigns; compare with `==`");
            } else {
                let found = self.describe(i, end);
                self.error(i, i + 1, format!("expected `)` to close `#{name}(`, found {found}"));
            }
        }
        // Keep the first error of this directive only: the rest follow from it.
        self.errors.truncate(errors_before + 1);
        let close = self
            .groups
            .end(self.b, open, end)
            .unwrap_or_else(|| (open..end).find(|&k| self.b[k] == b'\n').unwrap_or(end));
        (DirectiveArgs::Invalid, close)
    }

    /// Parses an identifier at `*i` (the caller checked `is_ident_start`).
    fn ident(&self, i: &mut usize, end: usize) -> Ident {
        let start = *i;
        while *i < end && is_ident(self.b[*i]) {
            *i += 1;
        }
        Ident { name: self.src[start..*i].to_owned(), range: range(start, *i) }
    }

    /// A reference at `start` (`$`), or `None` when the `$` is literal text.
    fn reference(&mut self, start: usize, end: usize) -> Option<Reference> {
        let b = self.b;
        let mut i = start + 1;
        let silent = i < end && b[i] == b'!';
        if silent {
            i += 1;
        }
        let braced = i < end && b[i] == b'{';
        if braced {
            i += 1;
        }
        if !(i < end && is_ident_start(b[i])) {
            return None;
        }
        let root = self.ident(&mut i, end);
        let mut parts = Vec::new();
        let mut malformed = false;
        loop {
            if i + 1 < end && b[i] == b'.' && is_ident_start(b[i + 1]) {
                let dot = i;
                i += 1;
                let name = self.ident(&mut i, end);
                if i < end && b[i] == b'(' {
                    match self.call_args(start, &name.name, &mut i, end) {
                        Some(args) => parts.push(Part::Method { name, args, range: range(dot, i) }),
                        None => {
                            malformed = true;
                            break;
                        }
                    }
                } else {
                    parts.push(Part::Property(name));
                }
            } else if i < end && b[i] == b'[' {
                let open = i;
                if !self.enter(i) {
                    malformed = true;
                    i = end;
                    break;
                }
                i += 1;
                self.skip_ws(&mut i, end);
                let errors_before = self.errors.len();
                let index = self.expr(&mut i, end);
                self.skip_ws(&mut i, end);
                self.leave();
                if self.errors.len() == errors_before && i < end && b[i] == b']' {
                    i += 1;
                    parts.push(Part::Index { index: Box::new(index), range: range(open, i) });
                } else {
                    if self.errors.len() == errors_before {
                        let found = self.describe(i, end);
                        self.error(open, open + 1, format!("`[` is never closed: expected `]`, found {found}"));
                    }
                    self.errors.truncate(errors_before + 1);
                    malformed = true;
                    i = self.groups.end(b, open, end).unwrap_or(end);
                    break;
                }
            } else {
                break;
            }
        }
        if braced && !malformed {
            if i < end && b[i] == b'}' {
                i += 1;
            } else {
                malformed = true;
                let opener = if silent { "$!{" } else { "${" };
                if i >= end {
                    self.error(start, start + opener.len(), format!("`{opener}` is never closed: expected `}}`"));
                } else {
                    let found = self.describe(i, end);
                    self.error(start, i + 1, format!("expected `}}` to close `{opener}`, found {found}"));
                }
            }
        }
        Some(Reference { range: range(start, i), silent, braced, root, parts, malformed })
    }

    /// Parses `(args)` of a method call at `*i`; `None` (with an error, `*i` moved past the
    /// damage) when it is malformed.
    fn call_args(&mut self, reference_start: usize, name: &str, i: &mut usize, end: usize) -> Option<Vec<Expr>> {
        let open = *i;
        if !self.enter(open) {
            *i = end;
            return None;
        }
        let errors_before = self.errors.len();
        *i += 1;
        let mut args = Vec::new();
        self.skip_ws(i, end);
        let mut closed = false;
        if *i < end && self.b[*i] == b')' {
            *i += 1;
            closed = true;
        } else {
            loop {
                let arg = self.expr(i, end);
                args.push(arg);
                if self.errors.len() > errors_before {
                    break;
                }
                self.skip_ws(i, end);
                if *i < end && self.b[*i] == b',' {
                    *i += 1;
                    continue;
                }
                if *i < end && self.b[*i] == b')' {
                    *i += 1;
                    closed = true;
                } else if *i >= end {
                    self.error(reference_start, open + 1, format!("`(` of `.{name}(` is never closed: expected `)`"));
                } else {
                    let found = self.describe(*i, end);
                    self.error(*i, *i + 1, format!("expected `,` or `)` in the arguments of `{name}(`, found {found}"));
                }
                break;
            }
        }
        self.leave();
        if closed && self.errors.len() == errors_before {
            return Some(args);
        }
        self.errors.truncate(errors_before + 1);
        // An unclosed string or parenthesis swallows the rest; otherwise resume after `)`.
        *i = match self.groups.end(self.b, open, end) {
            Some(close) if !self.errors[errors_before].message.contains("never closed") => close,
            _ => end,
        };
        None
    }

    /// An expression (precedence climbing).
    fn expr(&mut self, i: &mut usize, end: usize) -> Expr {
        self.binary(i, end, 1)
    }

    fn binary(&mut self, i: &mut usize, end: usize, min_precedence: u8) -> Expr {
        let mut lhs = self.unary(i, end);
        loop {
            let mut k = *i;
            self.skip_ws(&mut k, end);
            let Some((op, len)) = self.binary_op(k, end) else { break };
            if op.precedence() < min_precedence || matches!(lhs.kind, ExprKind::Invalid) {
                break;
            }
            *i = k + len;
            let rhs = self.binary(i, end, op.precedence() + 1);
            let span = range(lhs.range.start, rhs.range.end);
            lhs = Expr { kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), range: span };
        }
        lhs
    }

    fn binary_op(&self, k: usize, end: usize) -> Option<(BinaryOp, usize)> {
        let rest = &self.src[k..end];
        const SYMBOLS: &[(&str, BinaryOp)] = &[
            ("||", BinaryOp::Or),
            ("&&", BinaryOp::And),
            ("==", BinaryOp::Eq),
            ("!=", BinaryOp::Ne),
            ("<=", BinaryOp::Le),
            (">=", BinaryOp::Ge),
            ("<", BinaryOp::Lt),
            (">", BinaryOp::Gt),
            ("+", BinaryOp::Add),
            ("-", BinaryOp::Sub),
            ("*", BinaryOp::Mul),
            ("/", BinaryOp::Div),
            ("%", BinaryOp::Mod),
        ];
        const WORDS: &[(&str, BinaryOp)] = &[
            ("or", BinaryOp::Or),
            ("and", BinaryOp::And),
            ("eq", BinaryOp::Eq),
            ("ne", BinaryOp::Ne),
            ("le", BinaryOp::Le),
            ("ge", BinaryOp::Ge),
            ("lt", BinaryOp::Lt),
            ("gt", BinaryOp::Gt),
        ];
        if let Some((s, op)) = SYMBOLS.iter().find(|(s, _)| rest.starts_with(s)) {
            return Some((*op, s.len()));
        }
        WORDS
            .iter()
            .find(|(w, _)| rest.starts_with(w) && !rest.as_bytes().get(w.len()).copied().is_some_and(is_ident))
            .map(|(w, op)| (*op, w.len()))
    }

    fn unary(&mut self, i: &mut usize, end: usize) -> Expr {
        self.skip_ws(i, end);
        let start = *i;
        let op = if *i < end && self.b[*i] == b'!' && self.b.get(*i + 1) != Some(&b'=') {
            Some((UnaryOp::Not, 1))
        } else if self.src[*i..end].starts_with("not") && !self.b.get(*i + 3).copied().is_some_and(is_ident) {
            Some((UnaryOp::Not, 3))
        } else if *i < end && self.b[*i] == b'-' && !self.b.get(*i + 1).copied().is_some_and(|c| c.is_ascii_digit()) {
            Some((UnaryOp::Neg, 1))
        } else {
            None
        };
        let Some((op, len)) = op else { return self.primary(i, end) };
        if !self.enter(start) {
            *i = end;
            return Expr { kind: ExprKind::Invalid, range: range(start, end) };
        }
        *i += len;
        let operand = self.unary(i, end);
        self.leave();
        let span = range(start, operand.range.end);
        Expr { kind: ExprKind::Unary(op, Box::new(operand)), range: span }
    }

    fn primary(&mut self, i: &mut usize, end: usize) -> Expr {
        self.skip_ws(i, end);
        let start = *i;
        let invalid = |r: TextRange| Expr { kind: ExprKind::Invalid, range: r };
        if start >= end {
            self.error(start, start, "expected a value, found the end of the text");
            return invalid(range(start, start));
        }
        match self.b[start] {
            b'$' => match self.reference(start, end) {
                Some(reference) => {
                    *i = reference.range.end;
                    let span = reference.range;
                    Expr { kind: ExprKind::Reference(reference), range: span }
                }
                None => {
                    self.error(start, start + 1, "`$` must start a reference: `$name` or `${name}`");
                    invalid(range(start, start + 1))
                }
            },
            b'"' => self.interpolated(i, end),
            b'\'' => {
                let mut k = start + 1;
                let mut value = String::new();
                loop {
                    if k >= end {
                        self.error(start, start + 1, "string is never closed: expected `'`");
                        *i = end;
                        return invalid(range(start, end));
                    }
                    if self.b[k] == b'\'' {
                        if k + 1 < end && self.b[k + 1] == b'\'' {
                            value.push('\'');
                            k += 2;
                            continue;
                        }
                        break;
                    }
                    let c = self.src[k..].chars().next().unwrap_or('\u{fffd}');
                    value.push(c);
                    k += c.len_utf8();
                }
                *i = k + 1;
                Expr { kind: ExprKind::Literal(value), range: range(start, *i) }
            }
            b'0'..=b'9' | b'-' => {
                let mut k = start + 1;
                while k < end && self.b[k].is_ascii_digit() {
                    k += 1;
                }
                let mut float = false;
                if k + 1 < end && self.b[k] == b'.' && self.b[k + 1].is_ascii_digit() {
                    float = true;
                    k += 1;
                    while k < end && self.b[k].is_ascii_digit() {
                        k += 1;
                    }
                }
                let text = &self.src[start..k];
                *i = k;
                let kind = match (float, text.parse::<i64>()) {
                    (false, Ok(n)) => ExprKind::Int(n),
                    _ => ExprKind::Float(text.parse::<f64>().unwrap_or(f64::NAN)),
                };
                Expr { kind, range: range(start, k) }
            }
            b'[' => self.list(i, end),
            b'{' => self.map(i, end),
            b'(' => {
                if !self.enter(start) {
                    *i = end;
                    return invalid(range(start, end));
                }
                *i += 1;
                let inner = self.expr(i, end);
                self.skip_ws(i, end);
                self.leave();
                if *i < end && self.b[*i] == b')' {
                    *i += 1;
                    Expr { kind: inner.kind, range: range(start, *i) }
                } else {
                    if !matches!(inner.kind, ExprKind::Invalid) {
                        let found = self.describe(*i, end);
                        self.error(start, start + 1, format!("`(` is never closed: expected `)`, found {found}"));
                    }
                    invalid(range(start, *i))
                }
            }
            c if is_ident_start(c) => {
                let mut k = start;
                while k < end && is_ident(self.b[k]) {
                    k += 1;
                }
                let word = &self.src[start..k];
                let kind = match word {
                    "true" => ExprKind::Bool(true),
                    "false" => ExprKind::Bool(false),
                    "null" => ExprKind::Null,
                    _ => {
                        // The word is not quoted: it could be a pasted secret.
                        self.error(
                            start,
                            k,
                            "expected a value (a `$reference`, a \"string\", a number, `true` or `false`), found a bare word",
                        );
                        return invalid(range(start, k));
                    }
                };
                *i = k;
                Expr { kind, range: range(start, k) }
            }
            _ => {
                let found = self.describe(start, end);
                self.error(start, start + 1, format!("expected a value, found {found}"));
                invalid(range(start, start + 1))
            }
        }
    }

    /// `"…"`: the content is itself a template (Velocity interpolates double-quoted strings).
    fn interpolated(&mut self, i: &mut usize, end: usize) -> Expr {
        let start = *i;
        let mut k = start + 1;
        let close = loop {
            if k >= end {
                break None;
            }
            if self.b[k] == b'"' {
                if k + 1 < end && self.b[k + 1] == b'"' {
                    k += 2;
                    continue;
                }
                break Some(k);
            }
            k += 1;
        };
        let Some(close) = close else {
            self.error(start, start + 1, "string is never closed: expected `\"`");
            *i = end;
            return Expr { kind: ExprKind::Invalid, range: range(start, end) };
        };
        if !self.enter(start) {
            *i = end;
            return Expr { kind: ExprKind::Invalid, range: range(start, end) };
        }
        let mut content = start + 1;
        let (nodes, _) = self.nodes(&mut content, close, false);
        self.leave();
        *i = close + 1;
        Expr { kind: ExprKind::Interpolated(nodes), range: range(start, close + 1) }
    }

    fn list(&mut self, i: &mut usize, end: usize) -> Expr {
        let start = *i;
        if !self.enter(start) {
            *i = end;
            return Expr { kind: ExprKind::Invalid, range: range(start, end) };
        }
        *i += 1;
        let mut items = Vec::new();
        let result = loop {
            self.skip_ws(i, end);
            if *i < end && self.b[*i] == b']' && items.is_empty() {
                *i += 1;
                break ExprKind::List(items);
            }
            let item = self.expr(i, end);
            if matches!(item.kind, ExprKind::Invalid) {
                break ExprKind::Invalid;
            }
            self.skip_ws(i, end);
            if items.is_empty() && self.src[*i..end].starts_with("..") {
                *i += 2;
                let upper = self.expr(i, end);
                self.skip_ws(i, end);
                if *i < end && self.b[*i] == b']' {
                    *i += 1;
                    break ExprKind::Range(Box::new(item), Box::new(upper));
                }
                if !matches!(upper.kind, ExprKind::Invalid) {
                    self.error(start, start + 1, "`[` is never closed: expected `]`");
                }
                break ExprKind::Invalid;
            }
            items.push(item);
            if *i < end && self.b[*i] == b',' {
                *i += 1;
                continue;
            }
            if *i < end && self.b[*i] == b']' {
                *i += 1;
                break ExprKind::List(items);
            }
            let found = self.describe(*i, end);
            self.error(*i, *i + 1, format!("expected `,` or `]` in a list, found {found}"));
            break ExprKind::Invalid;
        };
        self.leave();
        Expr { kind: result, range: range(start, *i) }
    }

    fn map(&mut self, i: &mut usize, end: usize) -> Expr {
        let start = *i;
        if !self.enter(start) {
            *i = end;
            return Expr { kind: ExprKind::Invalid, range: range(start, end) };
        }
        *i += 1;
        let mut entries = Vec::new();
        let result = loop {
            self.skip_ws(i, end);
            if *i < end && self.b[*i] == b'}' && entries.is_empty() {
                *i += 1;
                break ExprKind::Map(entries);
            }
            let key = self.expr(i, end);
            if matches!(key.kind, ExprKind::Invalid) {
                break ExprKind::Invalid;
            }
            self.skip_ws(i, end);
            if !(*i < end && self.b[*i] == b':') {
                let found = self.describe(*i, end);
                self.error(*i, *i + 1, format!("expected `:` after a map key, found {found}"));
                break ExprKind::Invalid;
            }
            *i += 1;
            let value = self.expr(i, end);
            if matches!(value.kind, ExprKind::Invalid) {
                break ExprKind::Invalid;
            }
            entries.push((key, value));
            self.skip_ws(i, end);
            if *i < end && self.b[*i] == b',' {
                *i += 1;
                continue;
            }
            if *i < end && self.b[*i] == b'}' {
                *i += 1;
                break ExprKind::Map(entries);
            }
            let found = self.describe(*i, end);
            self.error(*i, *i + 1, format!("expected `,` or `}}` in a map, found {found}"));
            break ExprKind::Invalid;
        };
        self.leave();
        Expr { kind: result, range: range(start, *i) }
    }

    // ----- the guide's `{{ … }}` expressions -----

    /// A `{{ … }}` expression at `start`.
    fn guide_expression(&mut self, start: usize, end: usize) -> GuideExpression {
        let errors_before = self.errors.len();
        let mut i = start + 2;
        let parsed = if self.enter(start) {
            let e = self.guide_expr(&mut i, end);
            self.leave();
            e
        } else {
            None
        };
        self.skip_ws(&mut i, end);
        if let Some(expr) = parsed {
            if self.errors.len() == errors_before && self.src[i..end].starts_with("}}") {
                return GuideExpression { range: range(start, i + 2), expr: Some(expr) };
            }
        }
        // It did not parse: find where it ends by its braces, and report one error: the first of
        // this attempt (parsing it again to recover it doubled the work at every nesting level:
        // 60 nested `{{` took minutes).
        let first_error = self.errors.get(errors_before).cloned();
        self.errors.truncate(errors_before);
        let close = expression_end(&self.b[..end], start);
        if close.is_none() {
            self.error(start, start + 2, "`{{` is never closed: expected `}}`");
        } else if let Some(first) = first_error {
            self.errors.push(first);
        } else {
            let found = self.describe(i, end);
            self.error(i, i + 1, format!("expected `}}}}` to close the expression, found {found}"));
        }
        GuideExpression { range: range(start, close.unwrap_or(end)), expr: None }
    }

    fn guide_expr(&mut self, i: &mut usize, end: usize) -> Option<GuideExpr> {
        let mut lhs = self.guide_term(i, end)?;
        loop {
            let mut k = *i;
            self.skip_ws(&mut k, end);
            if k < end && self.b[k] == b'+' {
                *i = k + 1;
                let rhs = self.guide_term(i, end)?;
                let span = range(lhs.range.start, rhs.range.end);
                lhs = GuideExpr { kind: GuideExprKind::Add(Box::new(lhs), Box::new(rhs)), range: span };
            } else {
                return Some(lhs);
            }
        }
    }

    fn guide_term(&mut self, i: &mut usize, end: usize) -> Option<GuideExpr> {
        let mut expr = self.guide_primary(i, end)?;
        loop {
            let k = *i;
            if k < end && self.b[k] == b'.' && k + 1 < end && is_ident_start(self.b[k + 1]) {
                *i += 1;
                let name = self.guide_ident(i, end);
                expr = match expr.kind {
                    GuideExprKind::Path(mut path) => {
                        let span = range(expr.range.start, name.range.end);
                        path.push(name);
                        GuideExpr { kind: GuideExprKind::Path(path), range: span }
                    }
                    _ => {
                        self.error(k, name.range.end, "property access is only supported on names: `system.queueId`");
                        return None;
                    }
                };
            } else if k < end && self.b[k] == b'(' {
                *i += 1;
                let args = self.guide_list(i, end, b')')?;
                let span = range(expr.range.start, *i);
                expr = GuideExpr { kind: GuideExprKind::Call { callee: Box::new(expr), args }, range: span };
            } else if k < end && self.b[k] == b'[' {
                *i += 1;
                self.skip_ws(i, end);
                let index = self.guide_expr(i, end)?;
                self.skip_ws(i, end);
                if !(*i < end && self.b[*i] == b']') {
                    let found = self.describe(*i, end);
                    self.error(*i, *i + 1, format!("expected `]`, found {found}"));
                    return None;
                }
                *i += 1;
                let span = range(expr.range.start, *i);
                expr = GuideExpr {
                    kind: GuideExprKind::Index { target: Box::new(expr), index: Box::new(index) },
                    range: span,
                };
            } else {
                return Some(expr);
            }
        }
    }

    fn guide_ident(&self, i: &mut usize, end: usize) -> Ident {
        let start = *i;
        while *i < end && (self.b[*i].is_ascii_alphanumeric() || self.b[*i] == b'_' || self.b[*i] == b'$') {
            *i += 1;
        }
        Ident { name: self.src[start..*i].to_owned(), range: range(start, *i) }
    }

    /// Comma-separated expressions up to `close` (which is consumed).
    fn guide_list(&mut self, i: &mut usize, end: usize, close: u8) -> Option<Vec<GuideExpr>> {
        if !self.enter(*i) {
            return None;
        }
        let mut items = Vec::new();
        let result = loop {
            self.skip_ws(i, end);
            if *i < end && self.b[*i] == close && items.is_empty() {
                *i += 1;
                break Some(items);
            }
            let Some(item) = self.guide_expr(i, end) else { break None };
            items.push(item);
            self.skip_ws(i, end);
            if *i < end && self.b[*i] == b',' {
                *i += 1;
                continue;
            }
            if *i < end && self.b[*i] == close {
                *i += 1;
                break Some(items);
            }
            let found = self.describe(*i, end);
            self.error(*i, *i + 1, format!("expected `,` or `{}`, found {found}", close as char));
            break None;
        };
        self.leave();
        result
    }

    fn guide_primary(&mut self, i: &mut usize, end: usize) -> Option<GuideExpr> {
        self.skip_ws(i, end);
        let start = *i;
        if start >= end {
            self.error(start, start, "expected an expression, found the end of the text");
            return None;
        }
        let c = self.b[start];
        let kind = match c {
            b'{' if start + 1 < end && self.b[start + 1] == b'{' => {
                let nested = self.guide_expression(start, end);
                *i = nested.range.end;
                nested.expr.as_ref()?;
                GuideExprKind::Nested(Box::new(nested))
            }
            b'{' => {
                if !self.enter(start) {
                    return None;
                }
                *i += 1;
                let mut entries = Vec::new();
                let ok = loop {
                    self.skip_ws(i, end);
                    if *i < end && self.b[*i] == b'}' && entries.is_empty() {
                        *i += 1;
                        break true;
                    }
                    let key = if *i < end && matches!(self.b[*i], b'"' | b'\'') {
                        match self.guide_string(i, end) {
                            Some(parts) => parts
                                .into_iter()
                                .map(|p| match p {
                                    GuideStringPart::Text(t) => t,
                                    GuideStringPart::Nested(_) => String::new(),
                                })
                                .collect(),
                            None => break false,
                        }
                    } else if *i < end && is_ident_start(self.b[*i]) {
                        self.guide_ident(i, end).name
                    } else {
                        let found = self.describe(*i, end);
                        self.error(*i, *i + 1, format!("expected a property name, found {found}"));
                        break false;
                    };
                    self.skip_ws(i, end);
                    if !(*i < end && self.b[*i] == b':') {
                        let found = self.describe(*i, end);
                        self.error(*i, *i + 1, format!("expected `:` after a property name, found {found}"));
                        break false;
                    }
                    *i += 1;
                    let Some(value) = self.guide_expr(i, end) else { break false };
                    entries.push((key, value));
                    self.skip_ws(i, end);
                    if *i < end && self.b[*i] == b',' {
                        *i += 1;
                        continue;
                    }
                    if *i < end && self.b[*i] == b'}' {
                        *i += 1;
                        break true;
                    }
                    let found = self.describe(*i, end);
                    self.error(*i, *i + 1, format!("expected `,` or `}}` in an object, found {found}"));
                    break false;
                };
                self.leave();
                if !ok {
                    return None;
                }
                GuideExprKind::Object(entries)
            }
            b'[' => {
                *i += 1;
                GuideExprKind::Array(self.guide_list(i, end, b']')?)
            }
            b'(' => {
                if !self.enter(start) {
                    return None;
                }
                *i += 1;
                let inner = self.guide_expr(i, end);
                self.leave();
                let inner = inner?;
                self.skip_ws(i, end);
                if !(*i < end && self.b[*i] == b')') {
                    let found = self.describe(*i, end);
                    self.error(start, start + 1, format!("`(` is never closed: expected `)`, found {found}"));
                    return None;
                }
                *i += 1;
                inner.kind
            }
            b'"' | b'\'' => GuideExprKind::String(self.guide_string(i, end)?),
            // Inside a JSON body the expression's quotes are JSON-escaped: `secureData(\"x\")`.
            b'\\' if start + 1 < end && self.b[start + 1] == b'"' => {
                let close = self.src[start + 2..end].find("\\\"").map(|k| start + 2 + k);
                let Some(close) = close else {
                    self.error(start, start + 2, "string is never closed: expected `\\\"`");
                    return None;
                };
                *i = close + 2;
                GuideExprKind::String(vec![GuideStringPart::Text(self.src[start + 2..close].to_owned())])
            }
            b'0'..=b'9' | b'-' => {
                let mut k = start + 1;
                while k < end && (self.b[k].is_ascii_digit() || matches!(self.b[k], b'.' | b'e' | b'E' | b'+')) {
                    k += 1;
                }
                match self.src[start..k].parse::<f64>() {
                    Ok(n) => {
                        *i = k;
                        GuideExprKind::Number(n)
                    }
                    Err(_) => {
                        self.error(start, k, format!("`{}` is not a number", &self.src[start..k]));
                        return None;
                    }
                }
            }
            c if is_ident_start(c) => {
                let name = self.guide_ident(i, end);
                match name.name.as_str() {
                    "true" => GuideExprKind::Bool(true),
                    "false" => GuideExprKind::Bool(false),
                    "null" | "undefined" => GuideExprKind::Null,
                    _ => GuideExprKind::Path(vec![name]),
                }
            }
            _ => {
                let found = self.describe(start, end);
                self.error(start, start + 1, format!("expected an expression, found {found}"));
                return None;
            }
        };
        Some(GuideExpr { kind, range: range(start, *i) })
    }

    /// A JavaScript string literal at `*i`, with escapes decoded and nested `{{ … }}` parsed.
    fn guide_string(&mut self, i: &mut usize, end: usize) -> Option<Vec<GuideStringPart>> {
        let start = *i;
        let quote = self.b[start];
        let mut k = start + 1;
        let mut parts = Vec::new();
        let mut text = String::new();
        loop {
            if k >= end {
                self.error(start, start + 1, format!("string is never closed: expected `{}`", quote as char));
                return None;
            }
            let c = self.b[k];
            if c == quote {
                k += 1;
                break;
            }
            if c == b'{' && k + 1 < end && self.b[k + 1] == b'{' {
                if !text.is_empty() {
                    parts.push(GuideStringPart::Text(std::mem::take(&mut text)));
                }
                if !self.enter(k) {
                    return None;
                }
                let nested = self.guide_expression(k, end);
                self.leave();
                k = nested.range.end;
                nested.expr.as_ref()?;
                parts.push(GuideStringPart::Nested(nested));
                continue;
            }
            if c == b'\\' && k + 1 < end {
                let escaped = self.b[k + 1];
                let decoded = match escaped {
                    b'n' => Some('\n'),
                    b't' => Some('\t'),
                    b'r' => Some('\r'),
                    b'b' => Some('\u{8}'),
                    b'f' => Some('\u{c}'),
                    b'0' => Some('\0'),
                    b'u' if k + 6 <= end => self
                        .src
                        .get(k + 2..k + 6)
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .and_then(char::from_u32),
                    _ => None,
                };
                match (escaped, decoded) {
                    (b'u', Some(ch)) => {
                        text.push(ch);
                        k += 6;
                    }
                    (_, Some(ch)) => {
                        text.push(ch);
                        k += 2;
                    }
                    _ => {
                        // `\"`, `\\`, `\/` and unknown escapes: the character itself.
                        let ch = self.src[k + 1..].chars().next().unwrap_or('\\');
                        text.push(ch);
                        k += 1 + ch.len_utf8();
                    }
                }
                continue;
            }
            let ch = self.src[k..].chars().next().unwrap_or('\u{fffd}');
            text.push(ch);
            k += ch.len_utf8();
        }
        if !text.is_empty() || parts.is_empty() {
            parts.push(GuideStringPart::Text(text));
        }
        *i = k;
        Some(parts)
    }
}

/// What a directive's parentheses held.
enum DirectiveArgs {
    Condition(Expr),
    Set(Reference, Expr),
    Foreach(Ident, Expr),
    Invalid,
}

/// Ends of bracketed groups (`(`, `[`, `{`), skipping quoted strings, remembered per parse.
///
/// One scan resolves every group opened inside the one it scans: each is closed where the scan
/// closes it, or never (the scan reached its end, or met a wrong bracket, with the group still
/// open). Without this, text with many unclosed groups (a rendered template printed as written)
/// was scanned to its end once per group: quadratic, 1.4 s for a 600 KB rendering.
#[derive(Default)]
struct GroupEnds {
    known: std::collections::HashMap<usize, GroupEnd>,
}

#[derive(Clone, Copy)]
enum GroupEnd {
    ClosedAt(usize),
    /// Still open when a scan stopped at this offset.
    OpenUntil(usize),
    /// A wrong closing bracket ends it: never closed, however far one looks.
    Broken,
}

impl GroupEnds {
    /// End (after the closing bracket) of the group opened at `open`; `None` when it is never
    /// closed before `end` or closed by the wrong bracket.
    fn end(&mut self, bytes: &[u8], open: usize, end: usize) -> Option<usize> {
        match self.known.get(&open) {
            Some(GroupEnd::ClosedAt(close)) => return (*close <= end).then_some(*close),
            Some(GroupEnd::Broken) => return None,
            Some(GroupEnd::OpenUntil(scanned)) if end <= *scanned => return None,
            _ => {}
        }
        let known = &mut self.known;
        let mut stack = vec![open];
        let mut i = open + 1;
        while i < end {
            match bytes[i] {
                q @ (b'"' | b'\'') => {
                    i += 1;
                    while i < end && bytes[i] != q {
                        i += 1;
                    }
                }
                b'(' | b'[' | b'{' => stack.push(i),
                b @ (b')' | b']' | b'}') => {
                    let Some(innermost) = stack.pop() else { break };
                    let expected = match bytes[innermost] {
                        b'(' => b')',
                        b'[' => b']',
                        _ => b'}',
                    };
                    if b != expected {
                        known.insert(innermost, GroupEnd::Broken);
                        for still_open in stack {
                            known.insert(still_open, GroupEnd::Broken);
                        }
                        return None;
                    }
                    known.insert(innermost, GroupEnd::ClosedAt(i + 1));
                    if stack.is_empty() {
                        return Some(i + 1);
                    }
                }
                _ => {}
            }
            i += 1;
        }
        for still_open in stack {
            known.insert(still_open, GroupEnd::OpenUntil(end));
        }
        None
    }
}

/// End of a `{{ … }}` expression starting at `start`, by braces alone. A stack of open `{{` and `{`
/// decides what a `}` closes: the innermost single brace first, so `{"a": {"b": 1}}` inside an
/// expression and a nested `"{{system.queueId}}"` both close correctly. `None` when unclosed.
pub(crate) fn expression_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut stack: Vec<bool> = Vec::new(); // true = `{{`, false = `{`
    let mut i = start;
    while i < bytes.len() {
        if bytes[i] == b'{' && bytes.get(i + 1) == Some(&b'{') && stack.last() != Some(&false) {
            stack.push(true);
            i += 2;
        } else if bytes[i] == b'{' {
            stack.push(false);
            i += 1;
        } else if bytes[i] == b'}' && stack.last() == Some(&false) {
            stack.pop();
            i += 1;
        } else if bytes[i] == b'}' && bytes.get(i + 1) == Some(&b'}') {
            stack.pop();
            i += 2;
            if stack.is_empty() {
                return Some(i);
            }
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(src: &str, dialect: Dialect) -> Vec<String> {
        parse(src, dialect)
            .errors
            .into_iter()
            .map(|e| format!("{}..{} {}", e.range.start, e.range.end, e.message))
            .collect()
    }

    fn velocity_errors(src: &str) -> Vec<String> {
        errors(src, Dialect::Velocity)
    }

    #[test]
    fn the_official_example_with_a_missing_parenthesis() {
        let src = "Basic $encoding.base64(\"${credentials.clientid}:${credentials.clientSecret}\"";
        assert_eq!(velocity_errors(src), vec!["6..23 `(` of `.base64(` is never closed: expected `)`"]);
    }

    #[test]
    fn unbalanced_references_and_strings() {
        assert_eq!(velocity_errors("/x/${input.id"), vec!["3..5 `${` is never closed: expected `}`"]);
        assert_eq!(velocity_errors("$!{input.id"), vec!["0..3 `$!{` is never closed: expected `}`"]);
        assert_eq!(velocity_errors("${input.id x}"), vec!["0..11 expected `}` to close `${`, found ` `"]);
        assert_eq!(velocity_errors("$esc.url(\"abc)"), vec!["9..10 string is never closed: expected `\"`"]);
        assert_eq!(velocity_errors("$esc.url('abc)"), vec!["9..10 string is never closed: expected `'`"]);
        assert_eq!(velocity_errors("$a.b(1 2)"), vec!["7..8 expected `,` or `)` in the arguments of `b(`, found `2`"]);
        // Text that only looks like template syntax is fine.
        assert!(velocity_errors("price $5, ${ not a ref, a#b, #1, $, {}}, {{x}}").is_empty());
    }

    #[test]
    fn directives_must_balance() {
        assert_eq!(velocity_errors("#if($a)x"), vec!["0..7 `#if` is never closed: expected `#end`"]);
        assert_eq!(velocity_errors("#foreach($i in $l)x"), vec!["0..18 `#foreach` is never closed: expected `#end`"]);
        assert_eq!(
            velocity_errors("x #end"),
            vec!["2..6 `#end` without an open `#if`, `#foreach`, `#macro` or `#define`"]
        );
        assert_eq!(velocity_errors("x #else y"), vec!["2..7 `#else` without an open `#if`"]);
        assert_eq!(velocity_errors("#if($a)1#else 2#else 3#end"), vec!["15..20 a second `#else` in the same `#if`"]);
        assert_eq!(velocity_errors("#if($a = \"b\")x#end"), vec!["7..8 `=` assigns; compare with `==`"]);
        assert_eq!(velocity_errors("#if $a x#end"), vec!["0..3 `#if` needs its arguments in parentheses: `#if(…)`"]);
        assert_eq!(velocity_errors("#set($a 1)"), vec!["8..9 `#set` expects `=` after the variable, found `1`"]);
        assert_eq!(velocity_errors("#if($a == )x#end"), vec!["10..11 expected a value, found `)`"]);
        assert!(velocity_errors(
            "#if($a)x#elseif($b)y#{else}z#end #foreach($i in [1..3])$i#end #set($m = {\"k\": [1, 'v']})"
        )
        .is_empty());
    }

    #[test]
    fn real_export_templates_parse_cleanly() {
        for src in [
            "/services/data/v37.0/search/?q=$esc.url(\"FIND {$salesforce.escReserved(${input.PHONE_NUMBER}))} IN PHONE FIELDS RETURNING Contact(Id,Name)\")",
            "{\"priority\": ${successTemplateUtils.firstFromArray(\"${pIdArray}\", \"$esc.quote$esc.quote\")}}",
            "/api/v2/flows/datatables/${input.DatatableId}/rows/${input.Key.replace(' ','%20')}",
            "{ \"certificate\": \"$!{credentials.x}\",\n  \"b\": $!{input.b} \n#if( \"$!{input.n}\" != \"\" )\n  ,  \"n\": ${input.n}\n#end\n}",
            "{\"a\": \"$esc.jsonEncode(${successTemplateUtils.firstFromArray(\"${attributes}\")})\"}",
        ] {
            assert!(velocity_errors(src).is_empty(), "{src}: {:?}", velocity_errors(src));
        }
    }

    #[test]
    fn guide_expressions_balance() {
        let guide = |s: &str| errors(s, Dialect::Guide);
        assert!(guide(r#"{{json.stringify({"event": "call_connected", "queueId": "{{system.queueId}}"})}}"#).is_empty());
        assert!(guide(r#"{"a": {"b": {"c": true}}}"#).is_empty());
        assert_eq!(guide(r#"Bearer {{secureData("x")"#), vec!["7..9 `{{` is never closed: expected `}}`"]);
        assert_eq!(
            guide(r#"Bearer secureData("x")}}"#),
            vec!["22..24 `}}` closes no `{{`: expected `{{` before the expression"]
        );
        assert!(guide("q={{system.queueId}}}}").is_empty());
        assert!(guide(r#"{"client_secret": "{{secureData(\"crm_secret_prod\")}}"}"#).is_empty());
        assert_eq!(guide(r#"{"a": "{{secureData(\"x)}}"}"#), vec!["20..22 string is never closed: expected `\\\"`"]);
        assert_eq!(guide("{{system.queueId)}}"), vec!["16..17 expected `}}` to close the expression, found `)`"]);
        assert_eq!(guide("{{ }}"), vec!["3..4 expected an expression, found `}`"]);
        // Velocity treats `{{` as text.
        assert!(velocity_errors(r#"Bearer {{secureData("x")"#).is_empty());
    }

    #[test]
    fn nesting_is_bounded() {
        let deep_ifs = "#if(true)".repeat(10_000);
        let errors = velocity_errors(&deep_ifs);
        assert!(errors.iter().any(|e| e.contains("nested deeper than 64")), "{:?}", &errors[..3.min(errors.len())]);
        for src in [
            format!("#if({}$a)x#end", "(".repeat(100_000)),
            format!("#set($a = {})", "[".repeat(100_000)),
            format!("#set($a = {})", "!".repeat(100_000)),
            format!("$a{}", ".b(".repeat(100_000)),
            "{{x(".repeat(50_000),
            format!("#set($a = \"{}\")", "$a.b(\"".repeat(50_000)),
        ] {
            let _ = parse(&src, Dialect::Guide);
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_ranges_are_in_bounds(src in "[\\$#{}()\\[\\]\"'!.a-z0-9 \n\\\\=&|<>,:*-]{0,80}") {
            for dialect in [Dialect::Velocity, Dialect::Guide] {
                let template = parse(&src, dialect);
                for error in &template.errors {
                    proptest::prop_assert!(error.range.start <= error.range.end && error.range.end <= src.len());
                }
                for node in &template.nodes {
                    let r = node.range();
                    proptest::prop_assert!(r.start <= r.end && r.end <= src.len());
                }
            }
            let scan = crate::template::scan(&src);
            let mut at = 0;
            for span in &scan.spans {
                proptest::prop_assert_eq!(span.range.start, at);
                at = span.range.end;
            }
            proptest::prop_assert_eq!(at, src.len());
        }
    }
}
