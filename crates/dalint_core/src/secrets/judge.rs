//! Judging a candidate value: does it look random (relative to its length and alphabet), is it a
//! placeholder someone forgot to fill in, or is it ordinary text?
//!
//! A fixed Shannon-entropy threshold cannot work: a 20-character random key has at most
//! log2(20) = 4.32 bits per character, so "4.5 bits" misses every short key while long English
//! text passes. Instead the entropy of a value is compared with the entropy a *uniformly random*
//! string of the same length over the same alphabet is expected to have.

/// The alphabet a value appears to be drawn from, as its size.
pub fn alphabet_size(value: &[u8]) -> f64 {
    let (mut lower, mut upper, mut digit, mut hex_lower, mut hex_upper) = (false, false, false, true, true);
    let (mut url_safe, mut base64, mut other) = (false, false, false);
    for &b in value {
        match b {
            b'a'..=b'z' => {
                lower = true;
                hex_upper = false;
                if b > b'f' {
                    hex_lower = false;
                }
            }
            b'A'..=b'Z' => {
                upper = true;
                hex_lower = false;
                if b > b'F' {
                    hex_upper = false;
                }
            }
            b'0'..=b'9' => digit = true,
            b'-' | b'_' => url_safe = true,
            b'+' | b'/' | b'=' => base64 = true,
            _ => other = true,
        }
    }
    if other {
        return 94.0;
    }
    if url_safe || base64 {
        return 64.0;
    }
    match (lower, upper, digit) {
        (false, false, true) => 10.0,
        (true, false, _) if hex_lower && digit => 16.0,
        (false, true, _) if hex_upper && digit => 16.0,
        (true, true, _) => 62.0,
        (true, false, true) | (false, true, true) => 36.0,
        _ => 26.0,
    }
}

/// Plug-in Shannon entropy of `value`, in bits per symbol.
pub fn shannon_entropy(value: &[u8]) -> f64 {
    if value.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in value {
        counts[b as usize] += 1;
    }
    let n = value.len() as f64;
    counts.iter().filter(|&&c| c > 0).map(|&c| f64::from(c) / n).map(|p| -p * p.log2()).sum()
}

/// Expected plug-in entropy of `n` symbols drawn uniformly from an alphabet of `k`:
/// `E[H] = log2(n) - (k/n) * sum_x P(X = x) x log2(x)` with `X ~ Binomial(n, 1/k)` the count of
/// one symbol. Exact, O(n); values are only computed for a few candidates per document.
pub fn expected_entropy(n: usize, k: f64) -> f64 {
    if n < 2 {
        return 0.0;
    }
    let n_f = n as f64;
    let p = 1.0 / k;
    let q = 1.0 - p;
    let mut pmf = q.powf(n_f); // P(X = 0)
    let mut sum = 0.0;
    for x in 0..n {
        // P(X = x + 1) from P(X = x).
        pmf *= (n_f - x as f64) / (x as f64 + 1.0) * (p / q);
        let count = x as f64 + 1.0;
        sum += pmf * count * count.log2();
        if pmf < 1e-12 && count > n_f * p {
            break;
        }
    }
    n_f.log2() - k / n_f * sum
}

/// How random `value` looks: its entropy over the entropy expected of a random string of the
/// same length and alphabet. About 1.0 for random keys, well below for words and patterns.
pub fn randomness(value: &[u8]) -> f64 {
    let expected = expected_entropy(value.len(), alphabet_size(value));
    if expected <= 0.0 {
        return 0.0;
    }
    shannon_entropy(value) / expected
}

/// Character classes present: lower, upper, digit, symbol.
pub fn char_classes(value: &[u8]) -> u32 {
    let mut classes = [false; 4];
    for &b in value {
        let i = match b {
            b'a'..=b'z' => 0,
            b'A'..=b'Z' => 1,
            b'0'..=b'9' => 2,
            _ => 3,
        };
        classes[i] = true;
    }
    classes.iter().filter(|&&c| c).count() as u32
}

fn has_digit(value: &[u8]) -> bool {
    value.iter().any(u8::is_ascii_digit)
}

fn has_letter(value: &[u8]) -> bool {
    value.iter().any(u8::is_ascii_alphabetic)
}

/// `8-4-4-4-12` hex digits.
pub fn is_uuid(value: &[u8]) -> bool {
    value.len() == 36
        && value.iter().enumerate().all(|(i, &b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// Hex of a common digest length (MD5, SHA-1, SHA-256, SHA-512): ETags and commit hashes look
/// like this.
pub fn is_hex_digest(value: &[u8]) -> bool {
    matches!(value.len(), 32 | 40 | 64 | 128) && value.iter().all(u8::is_ascii_hexdigit)
}

/// The most frequent English letter pairs. Text made of words is full of them (about half its
/// pairs), random keys are not (about one pair in twenty).
const COMMON_BIGRAMS: &[&[u8; 2]] = &[
    b"th", b"he", b"in", b"er", b"an", b"re", b"on", b"at", b"en", b"nd", b"ti", b"es", b"or", b"te", b"of", b"ed",
    b"is", b"it", b"al", b"ar", b"st", b"to", b"nt", b"ng", b"se", b"ha", b"as", b"ou", b"io", b"le", b"ve", b"co",
    b"me", b"de", b"hi", b"ri", b"ro", b"ic", b"ne", b"ea", b"ra", b"ce", b"li", b"ch", b"ll", b"be", b"ma", b"si",
    b"om", b"ur", b"ca", b"el", b"ta", b"la", b"ns", b"ge", b"ly", b"ei", b"os", b"no", b"pe", b"do", b"su", b"pa",
    b"ec", b"ac", b"ot", b"di", b"ol", b"tr", b"sh", b"wo", b"ke", b"ey", b"ap", b"pi", b"us", b"ss", b"ct", b"ue",
    b"ai", b"ow", b"em", b"il", b"ad", b"ut", b"et", b"id", b"ie",
];

/// Frequent English letter triples; random keys rarely hold two of them.
const COMMON_TRIGRAMS: &[&[u8; 3]] = &[
    b"the", b"and", b"ing", b"ion", b"tio", b"ent", b"ati", b"for", b"her", b"ter", b"hat", b"tha", b"ere", b"ate",
    b"his", b"con", b"res", b"ver", b"all", b"ons", b"nce", b"men", b"ith", b"ted", b"ers", b"pro", b"thi", b"wit",
    b"are", b"ess", b"not", b"ive", b"was", b"ect", b"rea", b"com", b"eve", b"per", b"int", b"est", b"sta", b"cti",
    b"ica", b"ist", b"ear", b"ain", b"one", b"our", b"iti", b"rat", b"ell", b"ant", b"str", b"ser", b"ord", b"ass",
    b"key", b"ken", b"ret", b"cre", b"sec", b"pas", b"wor", b"oun", b"ide", b"ure", b"ple", b"lic", b"ame", b"ake",
    b"ort", b"ary", b"ace", b"ity", b"ous", b"log", b"ard", b"use", b"ust", b"oke", b"app", b"ail", b"ach", b"ult",
    b"ump", b"tor", b"ine", b"ead",
];

/// Fraction of adjacent letter pairs that are common English bigrams; 0 when there are fewer
/// than 5 letter pairs to judge.
pub fn wordiness(value: &[u8]) -> f64 {
    let (pairs, common) = bigram_counts(value);
    if pairs < 5 {
        0.0
    } else {
        f64::from(common) / f64::from(pairs)
    }
}

fn bigram_counts(value: &[u8]) -> (u32, u32) {
    let (mut pairs, mut common) = (0u32, 0u32);
    for w in value.windows(2) {
        if w[0].is_ascii_alphabetic() && w[1].is_ascii_alphabetic() {
            pairs += 1;
            let pair = [w[0].to_ascii_lowercase(), w[1].to_ascii_lowercase()];
            if COMMON_BIGRAMS.iter().any(|b| **b == pair) {
                common += 1;
            }
        }
    }
    (pairs, common)
}

/// Whether a value reads as words (`applicationjson`, `ThisIsMyKey2024`): its common letter
/// pairs exceed what chance gives a random string by three standard deviations (a binomial
/// test, so short values need more evidence than long ones), and it holds at least two common
/// letter triples. About one random key in 2,000 reads as words; every test word does.
pub fn looks_like_words(value: &[u8]) -> bool {
    if value.iter().all(u8::is_ascii_hexdigit) {
        // Hex has only `a`–`f`, among which `ed`, `de`, `ea`… are common pairs by chance.
        return false;
    }
    let (pairs, common) = bigram_counts(value);
    if pairs < 5 {
        return false;
    }
    let chance = COMMON_BIGRAMS.len() as f64 / 676.0;
    let (n, k) = (f64::from(pairs), f64::from(common));
    if k < n * chance + 3.0 * (n * chance * (1.0 - chance)).sqrt() || k / n < 0.35 {
        return false;
    }
    let triples = value
        .windows(3)
        .filter(|w| {
            let t = [w[0].to_ascii_lowercase(), w[1].to_ascii_lowercase(), w[2].to_ascii_lowercase()];
            COMMON_TRIGRAMS.iter().any(|c| **c == t)
        })
        .count();
    triples >= 2
}

/// Whether a value in a credential position (after `Bearer`, in `x-api-key`, in `?api_key=`) is
/// a real credential rather than ordinary text. The position itself is strong evidence, so the
/// bar is low: long enough, one token, random relative to its own alphabet, not words.
pub fn is_credential_value(value: &str) -> bool {
    let bytes = value.as_bytes();
    // Keys are printable ASCII; anything else (`‹credentials.user›` markers of the preview,
    // prose) is not a key.
    if bytes.len() < 8 || !bytes.iter().all(u8::is_ascii_graphic) {
        return false;
    }
    // A secure reference is the right way to write a credential, even where an unclosed template
    // before it made the scanner read it as text (else a rewrite would be rewritten again).
    if is_secure_reference(value) {
        return false;
    }
    if is_uuid(bytes) {
        // Many APIs issue UUID keys; patterned ones (0000…, 1234…) are placeholders, judged first.
        return true;
    }
    let score = randomness(bytes);
    let upper = bytes.iter().any(u8::is_ascii_uppercase);
    let lower = bytes.iter().any(u8::is_ascii_lowercase);
    match (has_digit(bytes), has_letter(bytes)) {
        // In a credential position, letters and digits make a credential, words or not
        // (`helloworld2024` is a weak key, still a key).
        (true, true) => score >= 0.6,
        // Only words: a dummy (`mysecretkey`), judged a placeholder by the caller.
        (false, true) if looks_like_words(bytes) => false,
        (false, true) if upper && lower => bytes.len() >= 16 && score >= 0.8,
        (false, true) => bytes.len() >= 24 && score >= 0.9,
        (true, false) => bytes.len() >= 12 && score >= 0.8 && bytes.iter().all(u8::is_ascii_digit),
        (false, false) => false,
    }
}

/// Whether a password-like value (Basic credentials, a URL password, a `password` field) is a
/// real password. People choose passwords, so randomness is not required, only that it is not a
/// placeholder (checked before) and not trivially short.
pub fn is_password_value(value: &str) -> bool {
    value.len() >= 4 && !value.bytes().any(|b| b.is_ascii_whitespace())
}

/// Whether a token found with no context at all (an unknown header's whole value) is a key:
/// long, random relative to its alphabet, letters and digits mixed, not words, and not a UUID or
/// a digest.
pub fn is_generic_key(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() >= 20
        && bytes.len() <= 512
        && !is_uuid(bytes)
        && !is_hex_digest(bytes)
        && has_digit(bytes)
        && has_letter(bytes)
        && bytes
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+' | b'/' | b'=' | b'.' | b'~'))
        && !looks_like_words(bytes)
        && randomness(bytes) >= 0.85
}

/// Words that are a placeholder when they are the whole value (compared lower-case, with
/// separators removed).
const PLACEHOLDER_VALUES: &[&str] = &[
    "token",
    "apikey",
    "key",
    "secret",
    "password",
    "pass",
    "passwd",
    "pwd",
    "accesstoken",
    "authtoken",
    "bearer",
    "bearertoken",
    "clientsecret",
    "clientid",
    "test",
    "testing",
    "null",
    "nil",
    "none",
    "undefined",
    "string",
    "value",
    "example",
    "sample",
    "demo",
    "abc",
    "abc123",
    "abcdef",
    "foo",
    "bar",
    "foobar",
    "admin",
    "root",
    "user",
    "username",
    "qwerty",
    "letmein",
    "mysecret",
    "mytoken",
    "mykey",
    "myapikey",
    "mypassword",
    "secretkey",
    "privatekey",
    "tbd",
    "na",
    "todo",
];

/// Marker words that make a value a placeholder (compared lower-case). Kept strict: realistic
/// fake keys in tests (`…fakeKeyForDemo…`) must still count as keys, so words like "fake" or
/// "demo" are not markers. A word marker counts only where a person wrote it: delimited
/// (`your_api_key`, `KEY-HERE`) or in a value made of words (`ReplaceWithYourKey`); inside a
/// random token (`…q7YoUrx…`) it is chance.
const PLACEHOLDER_WORDS: &[&str] =
    &["your", "placeholder", "changeme", "replace", "insert", "enter", "redacted", "example", "here", "todo"];

/// Runs that no random key contains.
const PLACEHOLDER_RUNS: &[&str] = &["xxxx", "****", "....", "…"];

/// Roots of Terraform expressions (`var.x`, `local.x`, `path.module`, …).
pub const TERRAFORM_ROOTS: &[&str] = &["var", "local", "module", "data", "path", "each", "count", "self", "terraform"];

/// Whether unquoted `text` is a Terraform reference (`var.crm_password`, `local.key`,
/// `genesyscloud_integration_credential.crm.id`): unknown when linting, never a secret itself.
/// Other dotted words (a JWT's segments may hold `_`) are not.
pub fn is_terraform_reference(text: &str) -> bool {
    let ident = |s: &str| {
        !s.is_empty()
            && !s.starts_with(|c: char| c.is_ascii_digit())
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    };
    let mut parts = text.split('.');
    let root = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    let known_root = TERRAFORM_ROOTS.contains(&root) || root.starts_with("genesyscloud_") && rest.len() >= 2;
    known_root && !rest.is_empty() && rest.iter().all(|s| ident(s))
}

/// Whether `value` is a placeholder: `<YOUR TOKEN>`, `[YOUR API KEY]`, `{apiKey}`, `xxxxxxxx`,
/// `changeme`, `your_api_key`, `123-abc-12345678-1234-…`, `********`.
pub fn is_placeholder(value: &str) -> bool {
    let trimmed = value.trim();
    if trimmed.is_empty() || is_secure_reference(trimmed) {
        return false;
    }
    let bytes = trimmed.as_bytes();
    let enclosed = matches!(
        (bytes[0], bytes[bytes.len() - 1]),
        (b'<', b'>') | (b'[', b']') | (b'{', b'}') | (b'%', b'%') | (b'(', b')')
    ) && bytes.len() >= 3;
    // `<YOUR TOKEN>`, `{apiKey}`, `%API_KEY%`: the enclosed part names a value. A random key that
    // merely starts and ends with such characters (`%a_e8x8A=Qr4?iDTx%`) is not one.
    if enclosed && !is_credential_value(&trimmed[1..trimmed.len() - 1]) {
        return true;
    }
    let mut normalized = [0u8; 48];
    let mut len = 0;
    for &b in bytes {
        if b.is_ascii_alphanumeric() {
            if len == normalized.len() {
                len = usize::MAX;
                break;
            }
            normalized[len] = b.to_ascii_lowercase();
            len += 1;
        }
    }
    if len != usize::MAX {
        let word = &normalized[..len];
        if len == 0 || PLACEHOLDER_VALUES.iter().any(|p| p.as_bytes() == word) {
            return true;
        }
    }
    if contains_marker(bytes) {
        return true;
    }
    is_patterned(bytes)
}

fn contains_marker(bytes: &[u8]) -> bool {
    let lower: Vec<u8> = bytes.iter().map(u8::to_ascii_lowercase).collect();
    let text = String::from_utf8_lossy(&lower);
    // `xxxx` marks a placeholder only when written in one case (`xxxx`, `XXXX`): a random key holds
    // `xXxX` by chance (the property tests met `xXxX=ELeFvBARzl7j4`).
    let same_case_x = bytes.windows(4).any(|w| w == b"xxxx" || w == b"XXXX");
    if PLACEHOLDER_RUNS.iter().any(|m| text.contains(m) && (*m != "xxxx" || same_case_x)) {
        return true;
    }
    // Judged only when a marker word is found (most values hold none).
    let wordy = std::cell::OnceCell::new();
    let wordy = || *wordy.get_or_init(|| looks_like_words(bytes));
    PLACEHOLDER_WORDS.iter().any(|word| {
        text.match_indices(word).any(|(at, _)| {
            let end = at + word.len();
            let delimited = |i: Option<usize>| i.is_none_or(|i| !lower[i].is_ascii_alphanumeric());
            let (before, after) = (delimited(at.checked_sub(1)), delimited((end < lower.len()).then_some(end)));
            // A long marker written in one case at an end of the value (`AKIA…7EXAMPLE`).
            let original = &bytes[at..end];
            let one_case = original.iter().all(u8::is_ascii_uppercase) || original.iter().all(u8::is_ascii_lowercase);
            // In a value made of words, the marker is written as a word (`here`, `HERE`, `Here`);
            // `hEre` inside a random key (`…ghEreEE…`) is chance, however wordy the key reads.
            let as_a_word =
                one_case || (original[0].is_ascii_uppercase() && original[1..].iter().all(u8::is_ascii_lowercase));
            let at_an_end = at == 0 || end == lower.len();
            (before && after)
                || (word.len() >= 5 && one_case && at_an_end && (before || after))
                || (as_a_word && wordy())
        })
    })
}

/// Whether `value` may hold a template reference at all (a cheap test before the template scan).
pub(crate) fn may_hold_reference(value: &str) -> bool {
    value.contains('$') || value.contains("secureData")
}

/// Whether `reference`, found in `value`, is a well-formed secure reference: not an input, and a
/// `secureData("x")` inside its `{{ }}` (without them it is broken: SEC002 rewrites it).
fn is_well_formed_secure(value: &str, reference: &crate::template::Reference) -> bool {
    let (before, after) = (&value[..reference.range.start], &value[reference.range.end..]);
    reference.malformed.is_none()
        && match reference.kind {
            crate::template::ReferenceKind::Input => false,
            crate::template::ReferenceKind::SecureData => {
                before.trim_end().ends_with("{{") && after.trim_start().starts_with("}}")
            }
            _ => true,
        }
}

/// Whether a well-formed secure reference (`{{secureData("name")}}`, `${credentials.name}`,
/// `${authResponse.name}`) is anywhere in `value`.
pub(crate) fn holds_secure_reference(value: &str) -> bool {
    may_hold_reference(value) && crate::template::references(value).iter().any(|r| is_well_formed_secure(value, r))
}

/// A whole value that is one secure reference (`{{secureData("name")}}`, `${credentials.name}`,
/// `$!{authResponse.access_token}`): the right way to write a credential, never a placeholder.
pub(crate) fn is_secure_reference(value: &str) -> bool {
    if !may_hold_reference(value) {
        return false;
    }
    let refs = crate::template::references(value);
    let [reference] = refs.as_slice() else { return false };
    if !is_well_formed_secure(value, reference) {
        return false;
    }
    let (before, after) = (&value[..reference.range.start], &value[reference.range.end..]);
    match reference.kind {
        crate::template::ReferenceKind::SecureData => before.trim_end() == "{{" && after.trim_start() == "}}",
        _ => before.is_empty() && after.is_empty(),
    }
}

/// Values made of runs rather than randomness: sequences (`12345678`, `abcdef`), repeats
/// (`xxxxxxxx`, `00000000`) or very few distinct characters.
pub fn is_patterned(bytes: &[u8]) -> bool {
    let alnum: Vec<u8> = bytes.iter().filter(|b| b.is_ascii_alphanumeric()).map(u8::to_ascii_lowercase).collect();
    if alnum.len() < 6 {
        return false;
    }
    let mut distinct = [false; 256];
    for &b in &alnum {
        distinct[b as usize] = true;
    }
    if distinct.iter().filter(|&&d| d).count() <= 3 {
        return true;
    }
    let in_runs = |follows: fn(u8, u8) -> bool, min_run: usize| -> usize {
        let mut total = 0;
        let mut run = 1;
        for i in 1..=alnum.len() {
            if i < alnum.len() && follows(alnum[i - 1], alnum[i]) {
                run += 1;
            } else {
                if run >= min_run {
                    total += run;
                }
                run = 1;
            }
        }
        total
    };
    let sequential = in_runs(|a, b| b == a + 1 || (a == b'9' && b == b'0'), 3);
    let repeated = in_runs(|a, b| a == b, 4);
    (sequential + repeated) * 2 >= alnum.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_mixed_case_x_are_not_placeholders() {
        assert!(!is_placeholder("{{secureData(\"partner_api_key_prod\")}}"));
        assert!(!is_placeholder("${credentials.token}"));
        assert!(is_placeholder("{{apiKey}}"));
        assert!(is_placeholder("{{secureData('x')}}"), "a malformed reference stays a placeholder");
        assert!(!is_placeholder("xXxX=ELeFvBARzl7j4"));
        assert!(!is_placeholder("%a_e8x8A=Qr4?iDTx%"));
        for enclosed in ["<YOUR TOKEN>", "[YOUR_API_KEY]", "{apiKey}", "%API_KEY%", "(token)"] {
            assert!(is_placeholder(enclosed), "{enclosed}");
        }
        assert!(!is_placeholder("MIIEuI+m+z5hXm0vHMYCFH4nbJ4YourQapKrt2YKZCsetZ3GCPQMT6SeoLOU49AUNmQBAyS"));
        for placeholder in ["YOUR_API_KEY", "your-api-key", "sk_live_your_key_here", "todo"] {
            assert!(is_placeholder(placeholder), "{placeholder}");
        }
        assert!(is_placeholder("sk_live_xxxxxxxxxxxxxxxx"));
        assert!(is_placeholder("AKIAXXXXXXXXXXXXXXXX"));
    }

    #[test]
    fn expected_entropy_is_bounded_by_length_and_alphabet() {
        // A 20-character key over 62 symbols cannot reach 4.5 bits: the bound is log2(20).
        let e = expected_entropy(20, 62.0);
        assert!(e < 20f64.log2() && e > 3.9, "{e}");
        let long = expected_entropy(4000, 16.0);
        assert!((long - 4.0).abs() < 0.01, "{long}");
    }

    #[test]
    fn random_keys_score_high_and_patterns_low() {
        for key in ["q7Lm2xVb9KpT4wRz8NcY", "9f86d081884c7d659a2feaa0c55ad015", "Zk3vQ9pL0aXw7Rt2"] {
            assert!(randomness(key.as_bytes()) > 0.85, "{key}: {}", randomness(key.as_bytes()));
            assert!(!looks_like_words(key.as_bytes()), "{key}");
        }
        for patterned in ["aaaaaaaabbbbbbbb", "abababababababab"] {
            assert!(randomness(patterned.as_bytes()) < 0.6, "{patterned}: {}", randomness(patterned.as_bytes()));
        }
        // Short words have nearly all-distinct letters, so their entropy is close to that of a
        // random string over the same alphabet: words are told apart by their letter pairs.
        for words in ["applicationjson", "authorizationheader", "ThisIsMyKey2024", "DefaultEndpointsProtocol"] {
            assert!(looks_like_words(words.as_bytes()), "{words}: {}", wordiness(words.as_bytes()));
        }
        // Chance common pairs in random keys are not words.
        for key in ["k8ZyourQ2mX7pL0vB3nT6w", "NaNKNYd7pMCapFTzdbKB1Ga8"] {
            assert!(!looks_like_words(key.as_bytes()), "{key}");
        }
    }

    #[test]
    fn placeholders() {
        for p in [
            "<YOUR TOKEN>",
            "[YOUR API KEY]",
            "{apiKey}",
            "xxxxxxxxxxxx",
            "changeme",
            "your_api_key",
            "YOUR-API-KEY-HERE",
            "123-abc-12345678-1234-1234-1234-1234567890ab",
            "00000000-0000-0000-0000-000000000000",
            "********",
            "<token>",
            "password",
            "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
            "AKIAIOSFODNN7EXAMPLE",
            "ReplaceWithYourKey",
            "enter-your-token-here",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        // Marker words by chance inside random keys do not make them placeholders.
        for real in [
            "sk_live_51Hx9fakeKeyForDalintDemo0nly7Qp",
            "q7Lm2xVb9KpT4wRz8NcY",
            "s3cr3t-Pa55w0rd!",
            "k8ZyourQ2mX7pL0vB3nT6w",
        ] {
            assert!(!is_placeholder(real), "{real}");
        }
    }

    #[test]
    fn credential_values() {
        assert!(is_credential_value("q7Lm2xVb9KpT4wRz8NcY"));
        assert!(is_credential_value("3f0c6a1e-9b7d-4c2a-8e5f-1d2c3b4a5e6f"));
        assert!(!is_credential_value("application/json"));
        assert!(!is_credential_value("true"));
        assert!(!is_credential_value("some words here"));
        assert!(!is_credential_value("‹base64(‹credentials.user›:‹credentials.password›)›"));
        assert!(is_generic_key("q7Lm2xVb9KpT4wRz8NcYa1B2"));
        assert!(!is_generic_key("9f86d081884c7d659a2feaa0c55ad015"));
        assert!(!is_generic_key("3f0c6a1e-9b7d-4c2a-8e5f-1d2c3b4a5e6f"));
    }
}
