//! Checks that rendered text is JSON, treating some ranges as *fragments*: values whose content
//! the template cannot know (a string input spliced in raw, a response variable). Outside a JSON
//! string, a fragment may stand for a value, a member name, or a run of members or elements
//! (`{ ${input.attributes} }`); inside a string it is ordinary content.
//!
//! Iterative (no recursion), so any nesting depth is safe.

use crate::text::TextRange;

/// Why the text is not JSON, at a byte offset of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub offset: usize,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    OpenObject,
    CloseObject,
    OpenArray,
    CloseArray,
    Colon,
    Comma,
    Scalar,
    Fragment,
    End,
}

struct Lexer<'t> {
    text: &'t str,
    b: &'t [u8],
    pos: usize,
    fragments: &'t [TextRange],
    next_fragment: usize,
    /// For each fragment: whether it starts inside a string literal.
    in_string: Vec<bool>,
}

impl<'t> Lexer<'t> {
    fn new(text: &'t str, fragments: &'t [TextRange]) -> Self {
        Self { text, b: text.as_bytes(), pos: 0, fragments, next_fragment: 0, in_string: vec![false; fragments.len()] }
    }

    fn error(&self, offset: usize, message: String) -> JsonError {
        JsonError { offset, message }
    }

    fn describe(&self, at: usize) -> String {
        match self.text.get(at..).and_then(|s| s.chars().next()) {
            None => "the end of the text".to_owned(),
            Some('\n') => "a line break".to_owned(),
            Some(c) => format!("`{c}`"),
        }
    }

    /// The fragment starting exactly at `at`, skipping empty ones and those already passed.
    fn fragment_at(&mut self, at: usize) -> Option<TextRange> {
        while let Some(f) = self.fragments.get(self.next_fragment) {
            if f.start < at || f.is_empty() {
                self.next_fragment += 1;
            } else {
                return (f.start == at).then_some(*f);
            }
        }
        None
    }

    fn next(&mut self) -> Result<(Token, usize), JsonError> {
        loop {
            if let Some(f) = self.fragment_at(self.pos) {
                self.next_fragment += 1;
                let start = self.pos;
                self.pos = f.end;
                return Ok((Token::Fragment, start));
            }
            match self.b.get(self.pos) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                _ => break,
            }
        }
        let start = self.pos;
        let Some(&c) = self.b.get(start) else { return Ok((Token::End, start)) };
        let single = |t| (t, start);
        self.pos += 1;
        Ok(match c {
            b'{' => single(Token::OpenObject),
            b'}' => single(Token::CloseObject),
            b'[' => single(Token::OpenArray),
            b']' => single(Token::CloseArray),
            b':' => single(Token::Colon),
            b',' => single(Token::Comma),
            b'"' => {
                self.string(start)?;
                single(Token::Scalar)
            }
            b'-' | b'0'..=b'9' => {
                self.pos = start;
                self.number()?;
                single(Token::Scalar)
            }
            b't' | b'f' | b'n' => {
                let word_end =
                    (start..self.b.len()).find(|&k| !self.b[k].is_ascii_alphanumeric()).unwrap_or(self.b.len());
                let word = &self.text[start..word_end];
                if !matches!(word, "true" | "false" | "null") {
                    return Err(self.error(start, format!("`{word}` is not a JSON value (strings need double quotes)")));
                }
                self.pos = word_end;
                single(Token::Scalar)
            }
            _ => {
                let found = self.describe(start);
                let hint = if c == b'\'' { " (JSON strings use double quotes)" } else { "" };
                return Err(self.error(start, format!("unexpected {found}{hint}")));
            }
        })
    }

    fn string(&mut self, start: usize) -> Result<(), JsonError> {
        loop {
            // Fragments that begin inside the string are content.
            while let Some(f) = self.fragments.get(self.next_fragment) {
                if f.start < self.pos || f.is_empty() {
                    self.next_fragment += 1;
                } else {
                    break;
                }
            }
            let Some(&c) = self.b.get(self.pos) else {
                return Err(self.error(start, "a string is never closed: expected `\"`".to_owned()));
            };
            if let Some(f) = self.fragments.get(self.next_fragment) {
                if f.start == self.pos {
                    self.in_string[self.next_fragment] = true;
                    self.next_fragment += 1;
                    continue;
                }
            }
            match c {
                b'"' => {
                    self.pos += 1;
                    return Ok(());
                }
                b'\\' => {
                    let escaped = self.b.get(self.pos + 1).copied();
                    match escaped {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.pos += 2,
                        Some(b'u')
                            if self.b.len() >= self.pos + 6
                                && self.b[self.pos + 2..self.pos + 6].iter().all(u8::is_ascii_hexdigit) =>
                        {
                            self.pos += 6
                        }
                        _ => {
                            let found = self.describe(self.pos + 1);
                            return Err(
                                self.error(self.pos, format!("invalid escape `\\` followed by {found} in a string"))
                            );
                        }
                    }
                }
                0..=0x1f => {
                    let what = if c == b'\n' || c == b'\r' { "a line break" } else { "a control character" };
                    return Err(self.error(self.pos, format!("{what} inside a string must be escaped")));
                }
                _ => self.pos += 1,
            }
        }
    }

    fn number(&mut self) -> Result<(), JsonError> {
        let start = self.pos;
        let digits = |lexer: &mut Self| {
            let from = lexer.pos;
            while lexer.b.get(lexer.pos).is_some_and(u8::is_ascii_digit) {
                lexer.pos += 1;
            }
            lexer.pos > from
        };
        if self.b.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        if !digits(self) {
            return Err(self.error(start, "`-` must be followed by digits".to_owned()));
        }
        if self.b[int_start] == b'0' && self.pos - int_start > 1 {
            return Err(self.error(int_start, "numbers cannot start with `0`".to_owned()));
        }
        if self.b.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if !digits(self) {
                return Err(self.error(self.pos, "a digit must follow the decimal point".to_owned()));
            }
        }
        if matches!(self.b.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.b.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(self.error(self.pos, "a digit must follow the exponent".to_owned()));
            }
        }
        Ok(())
    }

    fn peek(&mut self) -> Token {
        let saved = (self.pos, self.next_fragment);
        let token = self.next().map(|(t, _)| t).unwrap_or(Token::End);
        (self.pos, self.next_fragment) = saved;
        token
    }
}

fn describe_token(text: &str, token: Token, at: usize) -> String {
    match token {
        Token::End => "the end of the text".to_owned(),
        Token::Fragment => "a spliced value".to_owned(),
        // Scalars are not quoted: they may hold data that must not be echoed.
        Token::Scalar => match text.as_bytes()[at] {
            b'"' => "a string".to_owned(),
            b't' | b'f' => "a boolean".to_owned(),
            b'n' => "`null`".to_owned(),
            _ => "a number".to_owned(),
        },
        _ => format!("`{}`", &text[at..at + 1]),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Container {
    Object,
    Array,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Value,
    ArrayFirst,
    ObjectFirst,
    Key,
    Colon,
    AfterValue,
}

/// Checks `text` as one JSON value, with `fragments` (sorted, non-overlapping) as described in
/// the module docs. Text that is empty or only whitespace is accepted: there is no body.
pub fn check(text: &str, fragments: &[TextRange]) -> Result<(), JsonError> {
    if text.trim().is_empty() && fragments.iter().all(|f| f.is_empty()) {
        return Ok(());
    }
    let mut lexer = Lexer::new(text, fragments);
    let mut stack: Vec<Container> = Vec::new();
    let mut state = State::Value;
    loop {
        let (token, at) = lexer.next()?;
        let found = || describe_token(text, token, at);
        state = match state {
            State::Value | State::ArrayFirst => match token {
                Token::CloseArray if state == State::ArrayFirst => {
                    stack.pop();
                    State::AfterValue
                }
                Token::OpenObject => {
                    stack.push(Container::Object);
                    State::ObjectFirst
                }
                Token::OpenArray => {
                    stack.push(Container::Array);
                    State::ArrayFirst
                }
                Token::Scalar | Token::Fragment => State::AfterValue,
                Token::CloseArray | Token::CloseObject if stack.last().is_some() => {
                    return Err(JsonError {
                        offset: at,
                        message: format!("a comma before {} leaves an empty element", found()),
                    });
                }
                _ => return Err(JsonError { offset: at, message: format!("expected a value, found {}", found()) }),
            },
            State::ObjectFirst | State::Key => match token {
                Token::CloseObject if state == State::ObjectFirst => {
                    stack.pop();
                    State::AfterValue
                }
                Token::CloseObject => {
                    return Err(JsonError { offset: at, message: "a trailing comma before `}`".to_owned() });
                }
                Token::Scalar if text.as_bytes()[at] == b'"' => State::Colon,
                Token::Fragment => {
                    if lexer.peek() == Token::Colon {
                        State::Colon
                    } else {
                        State::AfterValue
                    }
                }
                _ => {
                    return Err(JsonError {
                        offset: at,
                        message: format!("expected a member name in double quotes, found {}", found()),
                    })
                }
            },
            State::Colon => match token {
                Token::Colon => State::Value,
                _ => {
                    return Err(JsonError {
                        offset: at,
                        message: format!("expected `:` after the member name, found {}", found()),
                    })
                }
            },
            State::AfterValue => match (stack.last(), token) {
                (None, Token::End) => return Ok(()),
                (None, _) => {
                    return Err(JsonError {
                        offset: at,
                        message: format!("unexpected {} after the end of the JSON value", found()),
                    })
                }
                (Some(Container::Object), Token::Comma) => State::Key,
                (Some(Container::Object), Token::CloseObject) | (Some(Container::Array), Token::CloseArray) => {
                    stack.pop();
                    State::AfterValue
                }
                (Some(Container::Array), Token::Comma) => State::Value,
                (Some(Container::Object), _) => {
                    return Err(JsonError {
                        offset: at,
                        message: format!("expected `,` or `}}` after a member, found {}", found()),
                    })
                }
                (Some(Container::Array), _) => {
                    return Err(JsonError {
                        offset: at,
                        message: format!("expected `,` or `]` after an element, found {}", found()),
                    })
                }
            },
        };
        if token == Token::End {
            return Err(JsonError {
                offset: at,
                message: "the JSON ends too early: a bracket or value is missing".to_owned(),
            });
        }
    }
}

/// For each of `ranges` (sorted, non-overlapping): whether it starts inside a JSON string
/// literal of `text`. Lexical only, and tolerant of syntax errors.
pub fn inside_strings(text: &str, ranges: &[TextRange]) -> Vec<bool> {
    let mut lexer = Lexer::new(text, ranges);
    loop {
        match lexer.next() {
            Ok((Token::End, _)) => break,
            Ok(_) => {}
            Err(_) => {
                // Skip the offending character and keep lexing.
                let at = lexer.pos.max(1);
                lexer.pos = (at..=text.len()).find(|&k| text.is_char_boundary(k)).unwrap_or(text.len());
                if lexer.pos >= text.len() {
                    break;
                }
            }
        }
    }
    lexer.in_string
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> bool {
        check(text, &[]).is_ok()
    }

    #[test]
    fn strict_json() {
        assert!(ok(r#"{"a": [1, -2.5e3, true, null, "x\n\u00e9"], "b": {}}"#));
        assert!(ok("  "));
        assert!(!ok(r#"{"a": 1,}"#));
        assert!(!ok(r#"[1,]"#));
        assert!(!ok(r#"{"a": 1}}"#));
        assert!(!ok(r#"{"a": "x"y"}"#));
        assert!(!ok("{\"a\": \"line\nbreak\"}"));
        assert!(!ok(r#"{'a': 1}"#));
        assert!(!ok(r#"{"a": 01}"#));
        assert!(!ok(r#"{"a" 1}"#));
        assert!(!ok(r#"{"a": tru}"#));
        assert!(!ok(r#"{"a": "\x"}"#));
        let err = check(r#"{"a": 1}}"#, &[]).unwrap_err();
        assert_eq!(err.offset, 8);
    }

    #[test]
    fn fragments_stand_for_values_and_members() {
        let text = r#"{"data": { FRAG }, "list": [FRAG], "v": FRAG, FRAG: 1}"#;
        let ranges: Vec<TextRange> = text.match_indices("FRAG").map(|(i, m)| TextRange::new(i, i + m.len())).collect();
        assert_eq!(check(text, &ranges), Ok(()));
        let text = r#"{"s": "aFRAGb"}"#;
        let ranges = [TextRange::new(8, 12)];
        assert_eq!(check(text, &ranges), Ok(()));
        assert_eq!(inside_strings(text, &ranges), vec![true]);
        assert!(check("{\"a\": FRAG FRAG}", &[TextRange::new(6, 10), TextRange::new(11, 15)]).is_err());
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(ok(&text));
    }
}
