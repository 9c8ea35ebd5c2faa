//! Which environment a Secure Data name belongs to, under the naming convention of
//! [`Naming`](crate::config::Naming) (the guide's by default: `external_api_key_prod` in
//! production, `sandbox_external_api_key_dev` elsewhere, `_primary` / `_secondary` for the
//! dual-secret rotation pattern), and where actions reference Secure Data.
//!
//! `${credentials.X}` fields belong to an integration and carry no environment: only
//! `secureData("x")` names, which live per org, are classified here.

use crate::config::{normalize_env, Naming};
use crate::model::DocumentModel;
use crate::template::{self, ReferenceKind};
use crate::text::TextRange;

/// The canonical name of the production environment.
pub const PRODUCTION: &str = "prod";

/// What a name says about its environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameEnvironment {
    /// The environment marker found (normalised: `production` → `prod`), if any.
    pub marker: Option<String>,
    /// Byte range of the marker inside the name.
    pub marker_range: Option<TextRange>,
    /// Whether the name starts with the non-production prefix (`sandbox_`).
    pub prefixed: bool,
    /// The dual-secret suffix the name ends with (`_primary`), if any.
    pub dual_suffix: Option<String>,
}

/// The environment class of a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvClass {
    /// A production name (`…_prod`).
    Production,
    /// A non-production name: its environment when the name has a marker (`dev`), `None` when
    /// only the prefix says so (`sandbox_partner_token`).
    NonProduction(Option<String>),
    /// Production and non-production markers at once (`sandbox_key_prod`).
    Contradictory,
    /// No marker at all.
    Unknown,
}

impl EnvClass {
    /// A key that two names share exactly when they belong to the same environment; `None` when
    /// the name says nothing usable.
    pub fn key(&self) -> Option<&str> {
        match self {
            EnvClass::Production => Some(PRODUCTION),
            EnvClass::NonProduction(Some(env)) => Some(env),
            EnvClass::NonProduction(None) => Some("non-production"),
            EnvClass::Contradictory | EnvClass::Unknown => None,
        }
    }

    /// Human wording: `prod`, `dev`, `non-production`.
    pub fn describe(&self) -> String {
        self.key().unwrap_or("unknown").to_owned()
    }

    /// Whether a name of this class may be referenced by an action deployed to `target`
    /// (normalised). Names without a usable marker are not judged here (see `ENV003`).
    pub fn fits(&self, target: &str) -> bool {
        match self {
            EnvClass::Production => target == PRODUCTION,
            EnvClass::NonProduction(Some(env)) => env == target,
            EnvClass::NonProduction(None) => target != PRODUCTION,
            EnvClass::Contradictory | EnvClass::Unknown => true,
        }
    }
}

impl NameEnvironment {
    pub fn class(&self) -> EnvClass {
        match (self.marker.as_deref(), self.prefixed) {
            (Some(PRODUCTION), true) => EnvClass::Contradictory,
            (Some(PRODUCTION), false) => EnvClass::Production,
            (Some(env), _) => EnvClass::NonProduction(Some(env.to_owned())),
            (None, true) => EnvClass::NonProduction(None),
            (None, false) => EnvClass::Unknown,
        }
    }
}

/// Whether `word` is an environment marker under `naming` (or the configured environment).
fn known_environment(word: &str, naming: &Naming, configured: Option<&str>) -> bool {
    if word.is_empty() || !word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let normalized = normalize_env(word);
    naming.environments.iter().any(|e| normalize_env(e) == normalized) || configured == Some(normalized.as_str())
}

/// A piece of a naming pattern.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'p> {
    Literal(&'p str),
    /// `{env}`: one environment marker.
    Env,
    /// `{service}`, `{kind}` or any other placeholder: one or more characters.
    Any,
}

fn pattern_pieces(pattern: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = pattern;
    while !rest.is_empty() {
        match rest.find('{') {
            Some(0) => match rest.find('}') {
                Some(close) => {
                    pieces.push(if &rest[1..close] == "env" { Piece::Env } else { Piece::Any });
                    rest = &rest[close + 1..];
                }
                None => {
                    pieces.push(Piece::Literal(rest));
                    rest = "";
                }
            },
            Some(open) => {
                pieces.push(Piece::Literal(&rest[..open]));
                rest = &rest[open..];
            }
            None => {
                pieces.push(Piece::Literal(rest));
                rest = "";
            }
        }
    }
    pieces
}

/// Matches `name` against the pattern; returns the range of the `{env}` marker. Backtracks over
/// placeholder lengths; names are short, so this stays cheap. Among several matches, the one
/// whose marker ends last wins (`api_dev_key_prod` is `prod`).
fn match_pattern(pieces: &[Piece<'_>], name: &str, at: usize, is_env: &dyn Fn(&str) -> bool) -> Option<TextRange> {
    let Some((piece, rest)) = pieces.split_first() else {
        return (at == name.len()).then(|| TextRange::empty(usize::MAX));
    };
    let tail = &name[at..];
    match piece {
        Piece::Literal(lit) => tail.starts_with(lit).then(|| match_pattern(rest, name, at + lit.len(), is_env))?,
        Piece::Any => (1..=tail.len())
            .rev()
            .filter(|&len| tail.is_char_boundary(len))
            .find_map(|len| match_pattern(rest, name, at + len, is_env)),
        Piece::Env => {
            let word_len = tail.bytes().take_while(u8::is_ascii_alphanumeric).count();
            (1..=word_len).rev().filter(|&len| is_env(&tail[..len])).find_map(|len| {
                let found = match_pattern(rest, name, at + len, is_env)?;
                // Keep a marker found later in the name (deeper pieces) over this one.
                Some(if found.start == usize::MAX { TextRange::new(at, at + len) } else { found })
            })
        }
    }
}

/// Classifies a Secure Data name. `configured` is the target environment, which always counts as
/// a marker.
pub fn classify(name: &str, naming: &Naming, configured: Option<&str>) -> NameEnvironment {
    let is_env = |word: &str| known_environment(word, naming, configured);
    let dual_suffix = naming.dual_suffixes.iter().find(|s| !s.is_empty() && name.ends_with(s.as_str())).cloned();
    let base = &name[..name.len() - dual_suffix.as_ref().map_or(0, String::len)];
    let prefix = naming.non_production_prefix.as_str();
    let prefixed = !prefix.is_empty() && base.starts_with(prefix) && base.len() > prefix.len();
    let pieces = pattern_pieces(&naming.pattern);
    let from_pattern = |offset: usize| {
        match_pattern(&pieces, &base[offset..], 0, &is_env)
            .filter(|r| r.start != usize::MAX)
            .map(|r| TextRange::new(r.start + offset, r.end + offset))
    };
    let marker_range = (if prefixed { from_pattern(prefix.len()) } else { None })
        .or_else(|| from_pattern(0))
        .or_else(|| token_marker(base, if prefixed { prefix.len() } else { 0 }, &is_env));
    NameEnvironment {
        marker: marker_range.map(|r| normalize_env(&base[r.start..r.end])),
        marker_range,
        prefixed,
        dual_suffix,
    }
}

/// Fallback for names that do not follow the pattern: the last (then the first) `_`/`-`/`.`
/// separated word, if it is an environment (`stripe_prod`, `dev-token`).
fn token_marker(base: &str, from: usize, is_env: &dyn Fn(&str) -> bool) -> Option<TextRange> {
    let body = &base[from..];
    let separators: &[char] = &['_', '-', '.'];
    let last_start = body.rfind(separators).map_or(0, |i| i + 1);
    let first_end = body.find(separators).unwrap_or(body.len());
    [(last_start, body.len()), (0, first_end)]
        .into_iter()
        .find(|&(s, e)| e > s && is_env(&body[s..e]))
        .map(|(s, e)| TextRange::new(from + s, from + e))
}

/// The name of the same secret in `target`'s environment (`sandbox_telemetry_api_key_dev` →
/// `telemetry_api_key_prod`), when the name has a marker to replace.
pub fn equivalent_name(name: &str, target: &str, naming: &Naming) -> Option<String> {
    let env = classify(name, naming, Some(target));
    let marker = env.marker_range?;
    let base_end = name.len() - env.dual_suffix.as_ref().map_or(0, String::len);
    let prefix = naming.non_production_prefix.as_str();
    let body_start = if env.prefixed { prefix.len() } else { 0 };
    let mut out = String::new();
    if target != PRODUCTION {
        out.push_str(prefix);
    }
    out.push_str(&name[body_start..marker.start]);
    out.push_str(target);
    out.push_str(&name[marker.end..base_end]);
    out.push_str(env.dual_suffix.as_deref().unwrap_or(""));
    (out != name).then_some(out)
}

/// One `secureData("name")` reference in an action's request.
#[derive(Debug, Clone)]
pub struct SecureDataUse {
    /// Index of the action in [`DocumentModel::actions`].
    pub action: usize,
    /// Pointer of the JSON string that holds the reference.
    pub pointer: String,
    pub name: String,
    /// The name's range inside the decoded string.
    pub name_range: TextRange,
}

/// A template reference in one of an action's request strings.
#[derive(Debug, Clone)]
pub struct RequestReference {
    /// Index of the action in [`DocumentModel::actions`].
    pub action: usize,
    /// Pointer of the JSON string that holds the reference.
    pub pointer: String,
    pub reference: template::Reference,
}

/// Every template reference (`secureData()`, `credentials.*`, `authResponse.*`, `input.*`) in the
/// request parts of every action, in document order, malformed ones included.
pub fn request_references(model: &DocumentModel<'_, '_>) -> Vec<RequestReference> {
    let mut out = Vec::new();
    for (index, action) in model.actions.iter().enumerate() {
        let strings = action.request_strings();
        for (i, string) in strings.iter().enumerate() {
            // A duplicate key is shadowed by its last occurrence (what Genesys reads, and what the
            // pointer resolves to).
            if strings[i + 1..].iter().any(|later| later.pointer == string.pointer) {
                continue;
            }
            for reference in template::references(string.value) {
                out.push(RequestReference { action: index, pointer: string.pointer.clone(), reference });
            }
        }
    }
    out
}

/// Every well-formed `secureData("name")` reference in the request parts of every action, in
/// document order. Malformed ones are `SEC006`'s business.
pub fn secure_data_uses(model: &DocumentModel<'_, '_>) -> Vec<SecureDataUse> {
    request_references(model)
        .into_iter()
        .filter(|r| r.reference.kind == ReferenceKind::SecureData && r.reference.malformed.is_none())
        .map(|r| SecureDataUse {
            action: r.action,
            pointer: r.pointer,
            name: r.reference.name,
            name_range: r.reference.name_range,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(name: &str) -> EnvClass {
        classify(name, &Naming::default(), None).class()
    }

    #[test]
    fn guide_names() {
        assert_eq!(class("external_api_key_prod"), EnvClass::Production);
        assert_eq!(class("sandbox_external_api_key_dev"), EnvClass::NonProduction(Some("dev".into())));
        assert_eq!(class("external_api_key_prod_primary"), EnvClass::Production);
        assert_eq!(class("sandbox_external_api_key_uat_secondary"), EnvClass::NonProduction(Some("uat".into())));
        assert_eq!(class("sandbox_partner_token"), EnvClass::NonProduction(None));
        assert_eq!(class("external_api_key"), EnvClass::Unknown);
        assert_eq!(class("sandbox_key_prod"), EnvClass::Contradictory);
        assert_eq!(class("stripe_production"), EnvClass::Production);
        assert_eq!(class("prod"), EnvClass::Production);
        // `product` is not `prod`, `devices` is not `dev`.
        assert_eq!(class("product_api_key"), EnvClass::Unknown);
        assert_eq!(class("devices_api_key"), EnvClass::Unknown);
    }

    #[test]
    fn marker_range_points_at_the_marker() {
        let env = classify("sandbox_crm_token_dev_primary", &Naming::default(), None);
        assert_eq!(env.marker_range, Some(TextRange::new(18, 21)));
        assert_eq!(env.dual_suffix.as_deref(), Some("_primary"));
    }

    #[test]
    fn custom_patterns() {
        let naming = Naming {
            pattern: "{env}-{service}-{kind}".into(),
            non_production_prefix: String::new(),
            ..Naming::default()
        };
        let env = classify("dev-crm-api-key", &naming, None);
        assert_eq!(env.class(), EnvClass::NonProduction(Some("dev".into())));
        assert_eq!(classify("prod-crm-token", &naming, None).class(), EnvClass::Production);
        // A configured environment counts as a marker even when the list lacks it.
        let env = classify("crm_token_perf2", &Naming::default(), Some("perf2"));
        assert_eq!(env.class(), EnvClass::NonProduction(Some("perf2".into())));
    }

    #[test]
    fn equivalents() {
        let naming = Naming::default();
        assert_eq!(
            equivalent_name("sandbox_external_api_key_dev", "prod", &naming).as_deref(),
            Some("external_api_key_prod")
        );
        assert_eq!(
            equivalent_name("external_api_key_prod_primary", "dev", &naming).as_deref(),
            Some("sandbox_external_api_key_dev_primary")
        );
        assert_eq!(equivalent_name("sandbox_token", "prod", &naming), None);
        assert_eq!(equivalent_name("external_api_key_prod", "prod", &naming), None);
    }

    #[test]
    fn fits() {
        assert!(!EnvClass::NonProduction(None).fits("prod"));
        assert!(EnvClass::NonProduction(None).fits("dev"));
        assert!(!EnvClass::NonProduction(Some("test".into())).fits("dev"));
        assert!(!EnvClass::Production.fits("dev"));
        assert!(EnvClass::Unknown.fits("prod"));
    }
}
