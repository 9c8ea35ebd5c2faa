//! `SEC*`: credentials, the guide's security rules. One rule per file; each reads the document's
//! secrets from [`crate::rule::LintContext::secrets`], computed once per lint.

mod credential_from_flow_input;
mod credential_over_plain_http;
mod hard_coded_credential;
mod insensitive_credential_variable;
mod logging_enabled;
mod malformed_secure_data_reference;
mod misspelt_auth_header;
mod placeholder_credential;
mod secret_at_rest;
mod secure_data_outside_headers;
mod terraform_variable_in_request;

pub use credential_from_flow_input::CredentialFromFlowInput;
pub use credential_over_plain_http::CredentialOverPlainHttp;
pub use hard_coded_credential::HardCodedCredential;
pub use insensitive_credential_variable::InsensitiveCredentialVariable;
pub use logging_enabled::LoggingEnabled;
pub use malformed_secure_data_reference::MalformedSecureDataReference;
pub use misspelt_auth_header::MisspeltAuthHeader;
pub use placeholder_credential::PlaceholderCredential;
pub use secure_data_outside_headers::SecureDataOutsideHeaders;
pub use terraform_variable_in_request::TerraformVariableInRequest;

use crate::rule::Rule;

pub const RULES: &[&dyn Rule] = &[
    &HardCodedCredential,
    &PlaceholderCredential,
    &CredentialFromFlowInput,
    &SecureDataOutsideHeaders,
    &LoggingEnabled,
    &MalformedSecureDataReference,
    &CredentialOverPlainHttp,
    &MisspeltAuthHeader,
    &TerraformVariableInRequest,
];

/// Where a rewritten secret goes, in words.
fn destination(secret: &crate::secrets::DocumentSecret) -> &'static str {
    match secret.rewrite.as_ref().map(|r| r.target) {
        Some(crate::secrets::RewriteTargetKind::Credentials) => "an integration credential",
        _ => "Secure Data",
    }
}
