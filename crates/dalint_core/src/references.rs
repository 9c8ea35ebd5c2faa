//! The secret references of a document with what is known about each: the environment its name
//! belongs to and whether the configured inventory has it. For hovers (the extension) and tools;
//! the rules that judge these facts are `ENV001`–`ENV003`.

use serde::Serialize;

use crate::config::{normalize_env, Options};
use crate::environment::{classify, request_references};
use crate::model;
use crate::parse::{self, Dialect};
use crate::pointer::{PointerIndex, Target};
use crate::template::ReferenceKind;
use crate::text::TextRange;

/// The kinds of reference reported: secrets only (flow inputs are not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SecretReferenceKind {
    /// `secureData("name")`: a Secure Data object of the org.
    SecureData,
    /// `${credentials.name}`: a credential field of the integration.
    Credentials,
    /// `${authResponse.name}`: the custom auth action's result.
    AuthResponse,
}

/// One secret reference in an action's request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretReference {
    pub kind: SecretReferenceKind,
    pub name: String,
    /// Pointer of the JSON string that holds it.
    pub pointer: String,
    /// The whole reference (`secureData("x")`, `${credentials.x}`) in the BOM-less text; the whole
    /// string literal when escapes make the exact bytes ambiguous.
    pub range: TextRange,
    /// The environment the name belongs to (`prod`, `dev`, `non-production`), for Secure Data
    /// names with a usable marker; `None` otherwise (credential fields carry no environment).
    pub environment: Option<String>,
    /// Whether the configured inventory has the name: `None` without an inventory, and for
    /// credential fields (they are not Secure Data).
    pub in_inventory: Option<bool>,
}

/// Every well-formed secret reference in the request parts of every action of `text`, in
/// document order. A document that does not parse has none (its diagnostics say why).
pub fn secret_references(text: &str, options: &Options) -> Vec<SecretReference> {
    let Ok(document) = parse::parse(text, Dialect::for_file_name(options.file_name.as_deref())) else {
        return Vec::new();
    };
    let model = model::build(&document.root);
    let index = PointerIndex::new(&document.root, document.text);
    let target = options.env.as_deref().map(normalize_env);
    let inventory = options.inventory_names();
    request_references(&model)
        .into_iter()
        .filter(|r| r.reference.malformed.is_none() && !r.reference.name.is_empty())
        .filter_map(|r| {
            let reference = r.reference;
            let kind = match reference.kind {
                ReferenceKind::SecureData => SecretReferenceKind::SecureData,
                ReferenceKind::Credentials => SecretReferenceKind::Credentials,
                ReferenceKind::AuthResponse => SecretReferenceKind::AuthResponse,
                ReferenceKind::Input => return None,
            };
            let (environment, in_inventory) = match kind {
                SecretReferenceKind::SecureData => (
                    classify(&reference.name, &options.naming, target.as_deref()).class().key().map(str::to_owned),
                    inventory.map(|names| names.contains(&reference.name)),
                ),
                _ => (None, None),
            };
            Some(SecretReference {
                kind,
                range: index.resolve(&r.pointer, Target::DecodedSpan(reference.range)),
                name: reference.name,
                pointer: r.pointer,
                environment,
                in_inventory,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Inventory;

    const ACTION: &str = r#"{"type": "http", "config": {"method": "POST", "url": "https://api.example.com/€/${credentials.clientId}",
  "headers": {"Authorization": "Bearer {{secureData(\"crm_token_prod\")}}", "X-Dev": "{{secureData(\"sandbox_crm_token_dev\")}}",
    "X-Auth": "${authResponse.access_token}", "X-In": "${input.q}", "X-Bad": "{{secureData()}}"},
  "body": "{\"k\": \"{{secureData(\\\"plain_key\\\")}}\"}"}}"#;

    fn options(inventory: Option<Vec<&str>>) -> Options {
        Options {
            inventory: inventory.map(|names| Inventory::Names(names.into_iter().map(str::to_owned).collect())),
            ..Options::default()
        }
    }

    #[test]
    fn kinds_ranges_environments_and_inventory() {
        let refs = secret_references(ACTION, &options(Some(vec!["crm_token_prod"])));
        let summary: Vec<_> = refs
            .iter()
            .map(|r| {
                (r.kind, r.name.as_str(), &ACTION[r.range.start..r.range.end], r.environment.as_deref(), r.in_inventory)
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (SecretReferenceKind::Credentials, "clientId", "${credentials.clientId}", None, None),
                (
                    SecretReferenceKind::SecureData,
                    "crm_token_prod",
                    "secureData(\\\"crm_token_prod\\\")",
                    Some("prod"),
                    Some(true)
                ),
                (
                    SecretReferenceKind::SecureData,
                    "sandbox_crm_token_dev",
                    "secureData(\\\"sandbox_crm_token_dev\\\")",
                    Some("dev"),
                    Some(false)
                ),
                (SecretReferenceKind::AuthResponse, "access_token", "${authResponse.access_token}", None, None),
                (
                    SecretReferenceKind::SecureData,
                    "plain_key",
                    "secureData(\\\\\\\"plain_key\\\\\\\")",
                    None,
                    Some(false)
                ),
            ]
        );
        assert_eq!(refs[1].pointer, "/config/headers/Authorization");
    }

    #[test]
    fn no_inventory_and_unparsable_text() {
        let refs = secret_references(ACTION, &options(None));
        assert!(refs.iter().all(|r| r.in_inventory.is_none()));
        assert!(secret_references("{\"type\": ", &Options::default()).is_empty());
    }
}
