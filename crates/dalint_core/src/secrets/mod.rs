//! Finding credentials, and showing them without echoing them.
//!
//! Nothing outside this module prints a secret: messages use [`mask`], baselines, allowlists and
//! SARIF use [`fingerprint`].

use sha2::{Digest, Sha256};

/// Provider prefixes shown in masked form (they identify the kind of key, not the key).
const KNOWN_PREFIXES: &[&str] = &[
    "github_pat_",
    "sk-proj-",
    "sk-ant-",
    "sk_live_",
    "sk_test_",
    "rk_live_",
    "rk_test_",
    "pk_live_",
    "whsec_",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "glpat-",
    "xoxb-",
    "xoxp-",
    "xapp-",
    "xoxa-",
    "shpat_",
    "pat-na1-",
    "pat-eu1-",
    "AKIA",
    "ASIA",
    "AIza",
    "SG.",
    "sk-",
    "eyJ",
];

/// Byte ranges of `text` (a whole document) that hold detected secrets and must be masked in code
/// frames.
// The full detector replaces this body; until then no range is known to hold a secret.
pub fn secret_ranges(_text: &str) -> Vec<crate::text::TextRange> {
    Vec::new()
}

/// `sha256:` followed by the first 16 hex digits of the secret's SHA-256.
pub fn fingerprint(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    let mut out = String::with_capacity(23);
    out.push_str("sha256:");
    for byte in &digest[..8] {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// The provider prefix of a secret, if it has a known one.
pub fn known_prefix(secret: &str) -> Option<&'static str> {
    KNOWN_PREFIXES.iter().copied().find(|p| secret.starts_with(p) && secret.len() > p.len() + 8)
}

/// A secret as it may be shown: provider prefix (when known), length and fingerprint.
/// `sk_live_… (32 chars, sha256:0123456789abcdef)`.
pub fn mask(secret: &str) -> String {
    let chars = secret.chars().count();
    match known_prefix(secret) {
        Some(prefix) => format!("{prefix}… ({chars} chars, {})", fingerprint(secret)),
        None => format!("‹{chars} chars, {}›", fingerprint(secret)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_never_contains_the_secret() {
        let secret = "sk_live_8f3a9c2d1e4b5f6a7c8d9e0f1a2b3c4d";
        let masked = mask(secret);
        assert!(!masked.contains(&secret[8..]));
        assert!(masked.starts_with("sk_live_… (40 chars, sha256:"));
        assert_eq!(fingerprint(secret).len(), 23);
    }
}
