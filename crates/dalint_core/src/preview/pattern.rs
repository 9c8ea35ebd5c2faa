//! Reads the simple regular expressions input contracts use (`^[a-fA-F0-9]{8}-…$`, `^\d+$`) to
//! know which characters an input can hold, and to build a sample that matches. Anything beyond
//! a sequence of character classes with quantifiers is "unknown".

/// One position of the pattern: the characters it allows and how often it must repeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Atom {
    /// Inclusive character ranges.
    pub chars: Vec<(char, char)>,
    pub min: usize,
}

/// The longest sample a pattern may ask for: `{87777777777}` would otherwise allocate 87 GB.
const MAX_SAMPLE_LEN: usize = 4096;

/// Parses `pattern` into atoms; `None` when it uses anything else (alternation, groups, `.`,
/// negated classes, lookarounds), or when its shortest match is longer than `MAX_SAMPLE_LEN`.
pub fn atoms(pattern: &str) -> Option<Vec<Atom>> {
    let body = pattern.strip_prefix('^').unwrap_or(pattern);
    let body = body.strip_suffix('$').unwrap_or(body);
    let chars: Vec<char> = body.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let allowed = match chars[i] {
            '[' => {
                let mut ranges = Vec::new();
                i += 1;
                if chars.get(i) == Some(&'^') {
                    return None;
                }
                loop {
                    let c = *chars.get(i)?;
                    if c == ']' {
                        break;
                    }
                    let (low, used) = class_char(&chars, i)?;
                    match low {
                        ClassChar::Set(set) => {
                            ranges.extend(set);
                            i += used;
                        }
                        ClassChar::One(low) => {
                            i += used;
                            if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|&c| c != ']') {
                                let (high, used_high) = class_char(&chars, i + 1)?;
                                let ClassChar::One(high) = high else { return None };
                                ranges.push((low, high));
                                i += 1 + used_high;
                            } else {
                                ranges.push((low, low));
                            }
                        }
                    }
                }
                i += 1;
                ranges
            }
            '\\' => {
                let (c, used) = class_char(&chars, i)?;
                i += used;
                match c {
                    ClassChar::Set(set) => set,
                    ClassChar::One(c) => vec![(c, c)],
                }
            }
            '.' | '(' | ')' | '|' | '?' | '*' | '+' | '{' | '}' | '^' | '$' => return None,
            c => {
                i += 1;
                vec![(c, c)]
            }
        };
        let (min, used) = quantifier(&chars, i)?;
        i += used;
        out.push(Atom { chars: allowed, min });
    }
    let shortest = out.iter().try_fold(0usize, |total, a| total.checked_add(a.min.max(1)))?;
    (shortest <= MAX_SAMPLE_LEN).then_some(out)
}

enum ClassChar {
    One(char),
    Set(Vec<(char, char)>),
}

/// A character inside or outside a class, with escapes.
fn class_char(chars: &[char], i: usize) -> Option<(ClassChar, usize)> {
    let c = *chars.get(i)?;
    if c != '\\' {
        return Some((ClassChar::One(c), 1));
    }
    let escaped = *chars.get(i + 1)?;
    let set = match escaped {
        'd' => vec![('0', '9')],
        'w' => vec![('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')],
        's' | 'D' | 'W' | 'S' | 'b' | 'B' => return None,
        c if c.is_ascii_alphanumeric() => return None,
        c => return Some((ClassChar::One(c), 2)),
    };
    Some((ClassChar::Set(set), 2))
}

/// A quantifier at `i`: its minimum count and length; no quantifier means exactly one.
fn quantifier(chars: &[char], i: usize) -> Option<(usize, usize)> {
    match chars.get(i) {
        Some('?') | Some('*') => Some((0, 1)),
        Some('+') => Some((1, 1)),
        Some('{') => {
            let close = chars[i..].iter().position(|&c| c == '}')? + i;
            let inside: String = chars[i + 1..close].iter().collect();
            let min = inside.split(',').next()?.trim().parse().ok()?;
            Some((min, close - i + 1))
        }
        _ => Some((1, 0)),
    }
}

/// Whether every character the pattern allows satisfies `ok`.
pub fn only_chars(atoms: &[Atom], ok: impl Fn(char) -> bool) -> bool {
    atoms.iter().all(|a| a.chars.iter().all(|&(low, high)| (low..=high).all(&ok)))
}

/// A string that matches the pattern: each position's first character, repeated its minimum
/// number of times (at least once).
pub fn sample(atoms: &[Atom]) -> String {
    atoms.iter().filter_map(|a| a.chars.first().map(|&(c, _)| c.to_string().repeat(a.min.max(1)))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_simple_patterns() {
        let uuid =
            atoms("^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$").expect("simple");
        assert_eq!(sample(&uuid), "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa");
        assert!(only_chars(&uuid, |c| c.is_ascii_alphanumeric() || c == '-'));
        let digits = atoms("^\\d+$").expect("simple");
        assert_eq!(sample(&digits), "0");
        assert!(atoms("^(a|b)$").is_none());
        assert!(atoms("^.+$").is_none());
        assert!(atoms("[^\"]+").is_none());
        // A quantifier asking for billions of characters: no sample rather than an 87 GB one.
        assert!(atoms("^[a-f]{87777777777,7}$").is_none());
        assert!(atoms("^[a-f]{99999999999999999999999}$").is_none(), "too large for usize");
        assert_eq!(sample(&atoms("^x{4096}$").expect("long but fine")).len(), 4096);
        let quotes = atoms("^[a-z\"]+$").expect("simple");
        assert!(!only_chars(&quotes, |c| c != '"'));
    }
}
