//! Well-known token formats, found anywhere: one pass over the bytes, splitting words of
//! `[A-Za-z0-9_-]` and looking at a word only when its first bytes and its length can start a
//! known token. No regular expressions: most words are rejected by one table lookup and a length
//! comparison.

use super::{catalog, judge, SecretKind};
use crate::text::TextRange;

/// A token of a known format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenHit {
    pub range: TextRange,
    pub kind: SecretKind,
    /// The format matched but the body is a placeholder (`sk_live_xxxx…`, `AKIA…EXAMPLE`) or
    /// fails the format's checksum (GitHub's documentation token).
    pub placeholder: bool,
}

const fn word_table() -> [bool; 256] {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'-' || c == b'_';
        b += 1;
    }
    t
}

static WORD: [bool; 256] = word_table();

#[inline]
fn is_word(b: u8) -> bool {
    WORD[b as usize]
}

/// Finds every token of a known format in `view` (bytes of a string, template spans masked).
pub fn scan(view: &[u8], out: &mut Vec<TokenHit>) {
    let n = view.len();
    let mut i = 0;
    while i < n {
        let b = view[i];
        if !is_word(b) {
            if b == b'~' {
                azure_client_secret(view, i, out);
            }
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        while end < n && is_word(view[end]) {
            end += 1;
        }
        word(view, start, end, out);
        i = end;
    }
}

fn all(bytes: &[u8], f: impl Fn(u8) -> bool) -> bool {
    bytes.iter().all(|&b| f(b))
}

fn alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

fn push(out: &mut Vec<TokenHit>, view: &[u8], start: usize, end: usize, prefix_len: usize, kind: SecretKind) {
    let body = std::str::from_utf8(&view[start + prefix_len..end]).unwrap_or_default();
    out.push(TokenHit { range: TextRange::new(start, end), kind, placeholder: judge::is_placeholder(body) });
}

/// Checks one word `view[start..end]` against the known formats.
fn word(view: &[u8], start: usize, end: usize, out: &mut Vec<TokenHit>) {
    let w = &view[start..end];
    let len = w.len();
    // Every format below is at least 20 bytes, except those that continue past the word
    // (`SG.`, `eyJ….`, `-----BEGIN`, `SSWS `, `hooks.slack.com`, Telegram's `123:AA…`,
    // Salesforce's `00…!…`).
    let continues = end < view.len() && matches!(view[end], b'.' | b' ' | b':' | b'!');
    if len < 20 && !continues && w[0] != b'-' {
        return;
    }
    if len == 15 && w.starts_with(b"00") && view.get(end) == Some(&b'!') {
        salesforce(view, start, end, out);
        return;
    }
    if len == 54 && w[44..48] == *b"AzFu" {
        azure_function_key(view, start, end, out);
        return;
    }
    let before = out.len();
    let starts = |p: &[u8]| w.starts_with(p);
    match w[0] {
        b's' | b'r' => {
            if (starts(b"sk_live_") || starts(b"sk_test_") || starts(b"rk_live_") || starts(b"rk_test_"))
                && len >= 24
                && all(&w[8..], alnum)
            {
                push(out, view, start, end, 8, SecretKind::StripeKey);
            } else if starts(b"sk-ant-") && len >= 40 {
                push(out, view, start, end, 7, SecretKind::AnthropicKey);
            } else if (starts(b"sk-proj-") || starts(b"sk-svcacct-") || starts(b"sk-admin-")) && len >= 40 {
                let prefix = w.iter().skip(3).position(|&b| b == b'-').map_or(3, |p| p + 4);
                push(out, view, start, end, prefix, SecretKind::OpenaiKey);
            } else if starts(b"sk-") && len >= 35 {
                if contains(w, b"T3BlbkFJ") {
                    push(out, view, start, end, 3, SecretKind::OpenaiKey);
                } else if all(&w[3..], alnum) && judge::randomness(&w[3..]) >= 0.8 {
                    push(out, view, start, end, 3, SecretKind::GenericApiKey);
                }
            } else if (starts(b"shpat_") || starts(b"shpca_") || starts(b"shppa_") || starts(b"shpss_"))
                && len == 38
                && all(&w[6..], |b| b.is_ascii_hexdigit())
            {
                push(out, view, start, end, 6, SecretKind::ShopifyToken);
            } else if (starts(b"sq0atp-") && len >= 29) || (starts(b"sq0csp-") && len >= 50) {
                push(out, view, start, end, 7, SecretKind::SquareToken);
            }
        }
        b'w' if starts(b"whsec_") && len >= 30 && all(&w[6..], alnum) => {
            push(out, view, start, end, 6, SecretKind::StripeKey);
        }
        b'g' => {
            if len == 40
                && w[0..2] == *b"gh"
                && matches!(w[2], b'p' | b'o' | b'u' | b's' | b'r')
                && w[3] == b'_'
                && all(&w[4..], alnum)
            {
                let valid = github_checksum_ok(&w[4..]);
                let body = std::str::from_utf8(&w[4..]).unwrap_or_default();
                out.push(TokenHit {
                    range: TextRange::new(start, end),
                    kind: SecretKind::GithubToken,
                    placeholder: !valid || judge::is_placeholder(body),
                });
            } else if starts(b"github_pat_") && len >= 80 {
                push(out, view, start, end, 11, SecretKind::GithubToken);
            } else if (starts(b"glpat-") || starts(b"glptt-") || starts(b"gldt-") || starts(b"glrt-")) && len >= 25 {
                let prefix = w.iter().position(|&b| b == b'-').map_or(0, |p| p + 1);
                push(out, view, start, end, prefix, SecretKind::GitlabToken);
            }
        }
        b'x' => {
            let slack =
                (w.len() > 5 && starts(b"xox") && matches!(w[3], b'a' | b'b' | b'p' | b'o' | b's' | b'r' | b'e'))
                    && w[4] == b'-'
                    || starts(b"xapp-");
            if slack && len >= 24 {
                push(out, view, start, end, 5, SecretKind::SlackToken);
            }
        }
        b'A' => {
            if len == 20
                && (starts(b"AKIA") || starts(b"ASIA") || starts(b"ABIA") || starts(b"ACCA"))
                && all(&w[4..], |b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b))
            {
                push(out, view, start, end, 4, SecretKind::AwsAccessKeyId);
            } else if len == 39 && starts(b"AIza") {
                push(out, view, start, end, 4, SecretKind::GoogleApiKey);
            }
        }
        b'S' => {
            if len == 34 && w[1] == b'K' && all(&w[2..], |b| b.is_ascii_hexdigit()) {
                push(out, view, start, end, 2, SecretKind::TwilioApiKey);
            } else if w == b"SG" && view.get(end) == Some(&b'.') {
                sendgrid(view, start, out);
            } else if w == b"SSWS" && view.get(end) == Some(&b' ') {
                let token_start = end + 1;
                let token_end = word_end(view, token_start);
                if token_end - token_start == 42 && view[token_start..].starts_with(b"00") {
                    push(out, view, token_start, token_end, 0, SecretKind::OktaToken);
                }
            }
        }
        b'e' if starts(b"eyJ") => jwt(view, start, end, out),
        b'p' => {
            if len == 44
                && starts(b"pat-")
                && w[7] == b'-'
                && matches!(&w[4..7], b"na1" | b"na2" | b"eu1" | b"ap1")
                && judge::is_uuid(&w[8..])
            {
                push(out, view, start, end, 8, SecretKind::HubspotToken);
            } else if starts(b"pypi-AgEIcHlwaS5vcmc") && len >= 70 {
                push(out, view, start, end, 5, SecretKind::PypiToken);
            }
        }
        b'n' if len == 40 && starts(b"npm_") && all(&w[4..], alnum) => {
            push(out, view, start, end, 4, SecretKind::NpmToken);
        }
        b'h' if view[start..].starts_with(b"hooks.slack.com/services/") => {
            webhook_path(view, start + "hooks.slack.com/services/".len(), 3, 20, SecretKind::SlackWebhook, out);
        }
        b'h' if view[start..].starts_with(b"hooks.zapier.com/hooks/catch/") => {
            webhook_path(view, start + "hooks.zapier.com/hooks/catch/".len(), 2, 10, SecretKind::ZapierWebhook, out);
        }
        b'w' if view[start..].starts_with(b"webhook.office.com/webhookb2/") => {
            teams_webhook(view, start + "webhook.office.com/webhookb2/".len(), out);
        }
        b'o' if view[start..].starts_with(b"outlook.office.com/webhook/") => {
            teams_webhook(view, start + "outlook.office.com/webhook/".len(), out);
        }
        b'd' => {
            for host in [&b"discord.com/api/webhooks/"[..], b"discordapp.com/api/webhooks/"] {
                if view[start..].starts_with(host) {
                    webhook_path(view, start + host.len(), 2, 20, SecretKind::DiscordWebhook, out);
                }
            }
        }
        b'-' if view[start..].starts_with(b"-----BEGIN ") => pem(view, start, out),
        b'0'..=b'9' => {
            telegram(view, start, end, out);
            mailchimp(view, start, end, out);
        }
        b'b' if len >= 11 && starts(b"bot") => {
            // `/bot<token>/` in Telegram's API URLs.
            telegram(view, start + 3, end, out);
            mailchimp(view, start, end, out);
        }
        b'a'..=b'f' => mailchimp(view, start, end, out),
        _ => {}
    }
    if out.len() == before {
        catalog::prefixed_token(view, start, end, out);
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn word_end(view: &[u8], from: usize) -> usize {
    let mut end = from;
    while end < view.len() && is_word(view[end]) {
        end += 1;
    }
    end
}

/// A Salesforce access or refresh token: `00` and 13 letters or digits (the word
/// `view[start..end]`, the org id), `!`, 96 of letters, digits, `.` and `_`.
fn salesforce(view: &[u8], start: usize, end: usize, out: &mut Vec<TokenHit>) {
    let body = end + 1;
    let body_end = (body..view.len())
        .find(|&i| !(view[i].is_ascii_alphanumeric() || matches!(view[i], b'.' | b'_')))
        .unwrap_or(view.len());
    if body_end - body == 96 && all(&view[start..end], alnum) {
        push(out, view, start, body_end, 16, SecretKind::SalesforceToken);
    }
}

/// Length of the `==` padding of a function key as it stands in the text: `==`, or `%3D%3D` in
/// a URL that percent-encodes it.
fn padding_len(view: &[u8], at: usize) -> Option<usize> {
    let rest = &view[at.min(view.len())..];
    if rest.starts_with(b"==") {
        Some(2)
    } else if rest.len() >= 6 && rest[..6].eq_ignore_ascii_case(b"%3D%3D") {
        Some(6)
    } else {
        None
    }
}

/// An Azure Functions key of the identifiable format the Functions host generates since 2023:
/// 44 URL-safe base64 characters, the `AzFu` signature, 5 more, one of `A Q g w` and `==`
/// (56 characters). `view[start..end]` is the word before the padding.
fn azure_function_key(view: &[u8], start: usize, end: usize, out: &mut Vec<TokenHit>) {
    if matches!(view[end - 1], b'A' | b'Q' | b'g' | b'w') {
        if let Some(padding) = padding_len(view, end) {
            push(out, view, start, end + padding, 0, SecretKind::AzureFunctionKey);
        }
    }
}

/// Whether a whole value has the shape of an Azure Functions key, identifiable (`…AzFu…==`) or of
/// the older format (40 random bytes in base64: 54 characters and `==`, 56 in all), its padding
/// possibly percent-encoded. `code` is also an OAuth authorization code or a country code: only
/// this shape makes it a function key away from a function host.
pub fn is_function_key(value: &[u8]) -> bool {
    value.len() >= 56
        && value[..54].iter().all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+' | b'/'))
        && padding_len(value, 54) == Some(value.len() - 54)
}

/// Telegram bot token `123456789:AA…` (35 after the colon); `view[start..end]` are the digits.
fn telegram(view: &[u8], start: usize, end: usize, out: &mut Vec<TokenHit>) {
    if (8..=10).contains(&(end - start))
        && all(&view[start..end], |b| b.is_ascii_digit())
        && view.get(end) == Some(&b':')
    {
        let token_end = word_end(view, end + 1);
        if token_end - (end + 1) == 35 && view[end + 1..].starts_with(b"AA") {
            push(out, view, start, token_end, 0, SecretKind::TelegramBotToken);
        }
    }
}

/// Mailchimp: 32 hex digits, `-us`, a data-centre number.
fn mailchimp(view: &[u8], start: usize, end: usize, out: &mut Vec<TokenHit>) {
    let w = &view[start..end];
    if (w.len() == 36 || w.len() == 37)
        && all(&w[..32], |b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && w[32..].starts_with(b"-us")
        && all(&w[35..], |b| b.is_ascii_digit())
    {
        push(out, view, start, end, 0, SecretKind::MailchimpKey);
    }
}

/// SendGrid: `SG.` + 22 + `.` + 43.
fn sendgrid(view: &[u8], start: usize, out: &mut Vec<TokenHit>) {
    let first = start + 3;
    let first_end = word_end(view, first);
    if first_end - first != 22 || view.get(first_end) != Some(&b'.') {
        return;
    }
    let second_end = word_end(view, first_end + 1);
    if second_end - (first_end + 1) == 43 {
        push(out, view, start, second_end, 3, SecretKind::SendgridKey);
    }
}

/// A JWT: `eyJ…` header, `.`, `eyJ…` payload, `.`, signature (may be empty for `alg: none`). The
/// header must decode to a JSON object naming `alg` or `typ`.
fn jwt(view: &[u8], start: usize, header_end: usize, out: &mut Vec<TokenHit>) {
    if header_end - start < 10 || view.get(header_end) != Some(&b'.') {
        return;
    }
    let payload_start = header_end + 1;
    let payload_end = word_end(view, payload_start);
    if payload_end - payload_start < 10
        || !view[payload_start..].starts_with(b"eyJ")
        || view.get(payload_end) != Some(&b'.')
    {
        return;
    }
    let end = word_end(view, payload_end + 1);
    let Some(header) = super::base64_decode(&view[start..header_end]) else { return };
    if !(contains(&header, b"\"alg\"") || contains(&header, b"\"typ\"")) {
        return;
    }
    let body = std::str::from_utf8(&view[payload_start..end]).unwrap_or_default();
    out.push(TokenHit {
        range: TextRange::new(start, end),
        kind: SecretKind::Jwt,
        placeholder: judge::is_placeholder(body),
    });
}

/// A webhook whose path after the host is the secret: `T…/B…/…` (Slack), `id/token` (Discord),
/// `account/hook` (Zapier); at least `segments` segments and `min_len` bytes.
fn webhook_path(view: &[u8], from: usize, segments: usize, min_len: usize, kind: SecretKind, out: &mut Vec<TokenHit>) {
    let mut end = from;
    let mut seen = 1;
    while end < view.len() && (is_word(view[end]) || view[end] == b'/') {
        if view[end] == b'/' {
            seen += 1;
        }
        end += 1;
    }
    while end > from && view[end - 1] == b'/' {
        end -= 1;
        seen -= 1;
    }
    if seen >= segments && end - from >= min_len {
        push_webhook(view, TextRange::new(from, end), kind, out);
    }
}

/// A webhook's secret path, a placeholder when its last segment is one (`…/XXXXXXXX`).
fn push_webhook(view: &[u8], path: TextRange, kind: SecretKind, out: &mut Vec<TokenHit>) {
    let last = view[path.start..path.end].rsplit(|&b| b == b'/').next().unwrap_or_default();
    let placeholder = judge::is_placeholder(std::str::from_utf8(last).unwrap_or_default());
    out.push(TokenHit { range: path, kind, placeholder });
}

/// A Microsoft Teams incoming webhook: the path after `webhookb2/` (`<group>@<tenant>/
/// IncomingWebhook/<id>/<owner>[/<signature>]`) is the secret.
fn teams_webhook(view: &[u8], from: usize, out: &mut Vec<TokenHit>) {
    let mut end = from;
    while end < view.len() && (is_word(view[end]) || matches!(view[end], b'/' | b'@')) {
        end += 1;
    }
    while end > from && view[end - 1] == b'/' {
        end -= 1;
    }
    let path = &view[from..end];
    if path.windows(b"/IncomingWebhook/".len()).any(|w| w == b"/IncomingWebhook/") && path.len() >= 60 {
        push_webhook(view, TextRange::new(from, end), SecretKind::TeamsWebhook, out);
    }
}

/// A PEM private key: `-----BEGIN … PRIVATE KEY-----`, the body, `-----END … PRIVATE KEY-----`.
fn pem(view: &[u8], start: usize, out: &mut Vec<TokenHit>) {
    let label_start = start + "-----BEGIN ".len();
    let Some(label_len) = view[label_start..].windows(5).take(40).position(|w| w == b"-----") else { return };
    let label = &view[label_start..label_start + label_len];
    if !(label.ends_with(b"PRIVATE KEY") || label.ends_with(b"PRIVATE KEY BLOCK")) {
        return;
    }
    let body_start = label_start + label_len + 5;
    let mut end_marker = b"-----END ".to_vec();
    end_marker.extend_from_slice(label);
    end_marker.extend_from_slice(b"-----");
    let (body_end, end) = match view[body_start..].windows(end_marker.len()).position(|w| w == end_marker.as_slice()) {
        Some(p) => (body_start + p, body_start + p + end_marker.len()),
        None => {
            // No end marker: the key runs as far as base64 and line breaks do.
            let mut e = body_start;
            while e < view.len() && (view[e].is_ascii_alphanumeric() || b"+/=\r\n \t\\".contains(&view[e])) {
                e += 1;
            }
            (e, e)
        }
    };
    let body: Vec<u8> = view[body_start..body_end]
        .iter()
        .copied()
        .filter(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
        .collect();
    let placeholder = body.len() < 64 || judge::is_placeholder(std::str::from_utf8(&body).unwrap_or_default());
    out.push(TokenHit { range: TextRange::new(start, end), kind: SecretKind::PemPrivateKey, placeholder });
}

/// Azure AD client secrets: 3 characters, a digit, `Q~`, then 31–34 characters of
/// `[A-Za-z0-9_~.-]`. Found from the `~`, the one byte of the format that is rare elsewhere.
fn azure_client_secret(view: &[u8], tilde: usize, out: &mut Vec<TokenHit>) {
    let in_set = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'~' | b'.' | b'-');
    if tilde < 5 || view[tilde - 1] != b'Q' || !view[tilde - 2].is_ascii_digit() {
        return;
    }
    let start = tilde - 5;
    if !all(&view[start..tilde - 2], in_set) || (start > 0 && in_set(view[start - 1])) {
        return;
    }
    let mut end = tilde + 1;
    while end < view.len() && in_set(view[end]) {
        end += 1;
    }
    let tail = end - tilde - 1;
    if (31..=34).contains(&tail) {
        push(out, view, start, end, 6, SecretKind::AzureClientSecret);
    }
}

/// GitHub's token checksum: the last 6 characters are the base62 (`0-9A-Za-z`) CRC-32 of the
/// 30 characters before them.
pub fn github_checksum_ok(body: &[u8]) -> bool {
    if body.len() != 36 {
        return false;
    }
    let mut value: u64 = 0;
    for &b in &body[30..] {
        let digit = match b {
            b'0'..=b'9' => b - b'0',
            b'A'..=b'Z' => b - b'A' + 10,
            b'a'..=b'z' => b - b'a' + 36,
            _ => return false,
        };
        value = value * 62 + u64::from(digit);
    }
    value == u64::from(crc32(&body[..30]))
}

/// CRC-32 (IEEE), bitwise: used only on the rare GitHub-shaped candidate.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// Base62 of a CRC-32, padded to 6 digits: builds GitHub-shaped test tokens.
pub fn github_checksum(body30: &[u8]) -> String {
    const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut value = u64::from(crc32(body30));
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = DIGITS[(value % 62) as usize];
        value /= 62;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<(SecretKind, &str, bool)> {
        let mut out = Vec::new();
        scan(s.as_bytes(), &mut out);
        out.iter().map(|h| (h.kind, &s[h.range.start..h.range.end], h.placeholder)).collect()
    }

    #[test]
    fn crc32_matches_the_reference() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn github_checksum_decides_real_from_example() {
        let body = "Zq8vLm2XcT5nWb7RkY4pHs9DfJ3aGe6U";
        let body30 = &body[..30];
        let token = format!("ghp_{body30}{}", github_checksum(body30.as_bytes()));
        assert_eq!(kinds(&token), vec![(SecretKind::GithubToken, token.as_str(), false)]);
        // The token from GitHub's documentation fails the checksum: an example, not a leak.
        let doc = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";
        assert_eq!(kinds(doc), vec![(SecretKind::GithubToken, doc, true)]);
    }

    #[test]
    fn finds_formats_inside_text() {
        let s = "x=sk_live_NaNKNYd7pMCapFTzdbKB1Ga8; url https://hooks.slack.com/services/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 tail";
        let found = kinds(s);
        assert_eq!(found[0].0, SecretKind::StripeKey);
        assert_eq!(found[0].1, "sk_live_NaNKNYd7pMCapFTzdbKB1Ga8");
        assert_eq!(found[1], (SecretKind::SlackWebhook, "TSA2OA451/BI2BY9CX3/Wo7hq5onH1ap2Iyl7TY3DjN6", false));
    }
}
