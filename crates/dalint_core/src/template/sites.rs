//! The template strings of an action: URL, header values, body and (Genesys shapes) the
//! `successTemplate`, with their pointers and the dialect they are written in.

use jsonc_parser::ast::Value as Json;

use super::ast::Dialect;
use crate::model::{Action, RequestPart};

/// Which part of an action a template string is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteKind {
    Url,
    /// A header value, with the header's name.
    Header(String),
    Body,
    /// `config.response.successTemplate`: renders the action's output from the response.
    SuccessTemplate,
}

impl SiteKind {
    pub fn describe(&self) -> String {
        match self {
            SiteKind::Url => "the URL".to_owned(),
            SiteKind::Header(name) => format!("the `{name}` header"),
            SiteKind::Body => "the body".to_owned(),
            SiteKind::SuccessTemplate => "the successTemplate".to_owned(),
        }
    }
}

/// One template string of an action.
#[derive(Debug, Clone)]
pub struct TemplateSite<'d> {
    /// Absolute pointer of the string.
    pub pointer: String,
    pub kind: SiteKind,
    /// The decoded string.
    pub value: &'d str,
    pub dialect: Dialect,
}

/// The dialect an action's templates are written in.
pub fn dialect_of(action: &Action<'_, '_>) -> Dialect {
    if action.shape.is_genesys() {
        Dialect::Velocity
    } else {
        Dialect::Guide
    }
}

/// Every template string of `action`, in document order of the parts (URL, headers, body,
/// successTemplate).
pub fn template_sites<'d>(action: &Action<'d, '_>) -> Vec<TemplateSite<'d>> {
    let dialect = dialect_of(action);
    let mut sites: Vec<TemplateSite<'d>> = action
        .request_strings()
        .into_iter()
        .map(|s| TemplateSite {
            pointer: s.pointer,
            kind: match (s.part, s.header) {
                (RequestPart::Headers, Some(name)) => SiteKind::Header(name.to_owned()),
                (RequestPart::Url, _) => SiteKind::Url,
                _ => SiteKind::Body,
            },
            value: s.value,
            dialect,
        })
        .collect();
    if action.shape.is_genesys() {
        if let Some(Json::StringLit(s)) = action.get("/config/response/successTemplate") {
            sites.push(TemplateSite {
                pointer: action.at("/config/response/successTemplate"),
                kind: SiteKind::SuccessTemplate,
                value: s.value.as_ref(),
                dialect,
            });
        }
    }
    sites
}
