//! The request an action would send, rendered offline with nothing secret in it.
//!
//! [`preview`] is the one function the CLI, the wasm package, the extension and the page call. It
//! renders every action (or the one chosen): method, full URL, headers in order, body, and notes
//! with positions; with a sample response it also applies the translation map, renders the
//! successTemplate and checks it against the successSchema. [`format`] prints the result as an
//! HTTP message, a curl command or the versioned JSON document.
//!
//! Secrets cannot reach the output: the literal secrets of each template are found before it is
//! rendered and printed as markers ([`redact::site_redactions`]), credentials and Secure Data references render as markers
//! (`‹credentials.x›`, `‹secureData:x›`), sample inputs and responses are redacted when read, and
//! every finished string is redacted once more.

pub mod analysis;
pub mod format;
pub mod inputs;
pub mod jsonpath;
pub mod pattern;
pub mod redact;
pub mod response;
pub mod schema_check;

use serde::Serialize;
use serde_json::Value as Json;

use crate::model::{self, Action, RequestPart};
use crate::parse::{self, Document, ParseFailure};
use crate::pointer::{PointerIndex, Target};
use crate::secrets::positions::{self, Policy};
use crate::secrets::Context;
use crate::template::sites::{template_sites, SiteKind, TemplateSite};
use crate::template::value::Origin;
use crate::text::{LineIndex, LspRange, TextRange};
use analysis::{body_kind, json_problem, request_env, unescaped_in_json, BodyKind, Renderer, Rendering};
use inputs::Inputs;
use redact::{redact_header, redact_input, redact_json, redact_rendered, redact_str, site_redactions_with};

/// Host shown for the relative `/api/v2/…` URLs of Genesys Cloud actions: the org's region decides
/// the real one.
pub const GENESYS_API_HOST: &str = "https://api.REGION.pure.cloud";
/// Host shown for relative Salesforce URLs.
pub const SALESFORCE_HOST: &str = "https://INSTANCE.my.salesforce.com";
/// Host shown for relative Zendesk URLs.
pub const ZENDESK_HOST: &str = "https://SUBDOMAIN.zendesk.com";

/// Which action to preview. From JSON (the wasm package): a number is an index, a string a name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(untagged)]
pub enum ActionSelector {
    /// 0-based, in document order.
    Index(usize),
    /// The action's name: exact, else case-insensitive, else a unique case-insensitive prefix
    /// (exports append ` - Exported <date>`).
    Name(String),
}

impl ActionSelector {
    /// Digits select by index, anything else by name.
    pub fn parse(s: &str) -> Self {
        match s.parse::<usize>() {
            Ok(i) => ActionSelector::Index(i),
            Err(_) => ActionSelector::Name(s.to_owned()),
        }
    }
}

/// What to preview and with what. Deserialises from `{"inputs", "response", "action", "fileName"}`
/// (all optional), so the wasm package can take a plain object.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct PreviewOptions {
    /// Input values (`--input`); the input contract supplies the rest.
    pub inputs: Option<serde_json::Map<String, Json>>,
    /// A sample response (`--response`): runs the translation map and successTemplate too.
    pub response: Option<Json>,
    pub action: Option<ActionSelector>,
    /// A `.jsonc` name allows comments and trailing commas.
    pub file_name: Option<String>,
    /// `redaction.show` of the configuration: names whose values may be shown.
    pub redaction: crate::config::Redaction,
    /// Files of a Terraform module that the caller read (see
    /// [`crate::config::Options::module_files`]): a `file("${path.module}/x.vm")` template is
    /// previewed from its text. Set by the CLI.
    #[serde(skip)]
    pub module_files: std::collections::BTreeMap<String, String>,
}

/// Something to know about a rendered action, at a position in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub message: String,
    pub pointer: String,
    /// LSP positions (0-based line, UTF-16 character).
    pub range: LspRange,
    /// UTF-8 byte range in the BOM-less text.
    #[serde(skip)]
    pub span: TextRange,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Header {
    pub name: String,
    pub value: String,
}

/// One action's request, rendered.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionPreview {
    pub pointer: String,
    pub name: Option<String>,
    pub method: String,
    /// `None` for function actions, which have no URL.
    pub url: Option<String>,
    pub headers: Vec<Header>,
    pub body: Option<String>,
    pub notes: Vec<Note>,
    /// With a sample response: the response side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<response::ResponsePreview>,
    /// 0-based position among the document's actions.
    #[serde(skip)]
    pub index: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Preview {
    pub actions: Vec<ActionPreview>,
}

/// Why there is no preview.
#[derive(Debug, Clone, PartialEq)]
pub enum PreviewError {
    /// The text is not JSON (or past a limit): the `PAR` diagnostic.
    Parse(ParseFailure),
    /// `--action` matched nothing (or several actions).
    NoSuchAction { selector: String, reason: String },
}

impl std::fmt::Display for PreviewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PreviewError::Parse(ParseFailure::Syntax { message, .. } | ParseFailure::Limit { message, .. }) => {
                f.write_str(message)
            }
            PreviewError::NoSuchAction { selector, reason } => write!(f, "no action `{selector}`: {reason}"),
        }
    }
}

impl std::error::Error for PreviewError {}

/// Previews the actions of a JSON document (text may start with a BOM).
/// [`crate::language::preview`] picks the language.
pub fn preview_json(text: &str, options: &PreviewOptions) -> Result<Preview, PreviewError> {
    let dialect = parse::Dialect::for_file_name(options.file_name.as_deref());
    let document = parse::parse(text, dialect).map_err(PreviewError::Parse)?;
    preview_document(&document, options)
}

/// Previews the actions of a parsed document.
pub fn preview_document(document: &Document<'_>, options: &PreviewOptions) -> Result<Preview, PreviewError> {
    let model = model::build(&document.root);
    let chosen = select(&model.actions, options.action.as_ref())?;
    let index = PointerIndex::new(&document.root, document.text);
    let lines = LineIndex::new(document.text);
    let actions = chosen
        .into_iter()
        .map(|i| {
            let mut notes = Vec::new();
            let mut preview = preview_action(&model.actions[i], options, &mut notes);
            preview.index = i;
            preview.notes = notes
                .into_iter()
                .map(|n| {
                    let span = index.resolve(&n.pointer, n.span.map_or(Target::Value, Target::DecodedSpan));
                    Note { message: redact_str(&n.message), pointer: n.pointer, range: lines.range(span), span }
                })
                .collect();
            crate::sort::sort_by(&mut preview.notes, |a, b| {
                (a.span.start, a.span.end, &a.message).cmp(&(b.span.start, b.span.end, &b.message))
            });
            preview.notes.dedup();
            preview
        })
        .collect::<Vec<_>>();
    let mut preview = Preview { actions };
    explain_redaction(&mut preview, &lines, &index);
    Ok(preview)
}

fn select(actions: &[Action<'_, '_>], selector: Option<&ActionSelector>) -> Result<Vec<usize>, PreviewError> {
    let all = (0..actions.len()).collect();
    let Some(selector) = selector else { return Ok(all) };
    let none = |selector: String, reason: String| PreviewError::NoSuchAction { selector, reason };
    match selector {
        ActionSelector::Index(i) if *i < actions.len() => Ok(vec![*i]),
        ActionSelector::Index(i) => {
            Err(none(i.to_string(), format!("the document has {} action(s), indexed from 0", actions.len())))
        }
        ActionSelector::Name(name) => {
            let names: Vec<Option<&str>> = actions.iter().map(Action::name).collect();
            let lower = name.to_lowercase();
            let tests: [&dyn Fn(&str) -> bool; 3] =
                [&|n| n == name, &|n| n.to_lowercase() == lower, &|n| n.to_lowercase().starts_with(&lower)];
            for test in tests {
                let found: Vec<usize> =
                    names.iter().enumerate().filter(|(_, n)| n.is_some_and(test)).map(|(i, _)| i).collect();
                match found.len() {
                    0 => continue,
                    1 => return Ok(found),
                    n => return Err(none(name.clone(), format!("{n} actions match; give the exact name or an index"))),
                }
            }
            let known: Vec<&str> = names.iter().flatten().copied().collect();
            Err(none(
                name.clone(),
                format!(
                    "the actions are named {}",
                    if known.is_empty() { "nothing".to_owned() } else { known.join(", ") }
                ),
            ))
        }
    }
}

/// A note before positions are known: a pointer and a range in that string (or the whole value).
pub(crate) struct PendingNote {
    pub pointer: String,
    pub span: Option<TextRange>,
    pub message: String,
}

impl PendingNote {
    pub fn at(pointer: impl Into<String>, span: Option<TextRange>, message: impl Into<String>) -> Self {
        Self { pointer: pointer.into(), span, message: message.into() }
    }
}

/// Renders one template string (its literal secrets masked); its syntax errors and evaluation
/// notes become notes.
fn render_site(
    site: &TemplateSite<'_>,
    env: &crate::template::eval::Env,
    policy: &Policy<'_>,
    notes: &mut Vec<PendingNote>,
) -> (Rendering, Vec<crate::template::eval::Redaction>) {
    let redactions = site_redactions_with(site, policy);
    let rendering = Rendering::new(site.value, site.dialect, env, &redactions);
    for error in &rendering.template.errors {
        notes.push(PendingNote::at(&site.pointer, Some(error.range), format!("template syntax: {}", error.message)));
    }
    for note in &rendering.rendered.notes {
        notes.push(PendingNote::at(&site.pointer, Some(note.range), note.message.clone()));
    }
    (rendering, redactions)
}

fn preview_action(action: &Action<'_, '_>, options: &PreviewOptions, notes: &mut Vec<PendingNote>) -> ActionPreview {
    let policy = Policy::of(&options.redaction);
    let mut inputs = Inputs::for_action(action, options.inputs.as_ref());
    // Given values and contract samples (a default may be a pasted key) are redacted when read;
    // those of inputs named like a credential are hidden whole.
    for (name, value) in &mut inputs.values {
        *value = redact_input(name, value, &policy);
    }
    let env = request_env(&inputs);
    let env_for = |i: &Inputs| request_env(i);
    let sites = template_sites(action);
    let integration = action.integration_type().unwrap_or_default();
    let action_type = match action.get("/actionType") {
        Some(jsonc_parser::ast::Value::StringLit(s)) => s.value.as_ref(),
        _ => "",
    };

    let method = match action.part_str(RequestPart::Method) {
        Some(m) if !m.trim().is_empty() => m.trim().to_ascii_uppercase(),
        _ => {
            notes.push(PendingNote::at(action.pointer_of(RequestPart::Method), None, "no method: GET is shown"));
            "GET".to_owned()
        }
    };

    let mut url = None;
    match sites.iter().find(|s| s.kind == SiteKind::Url) {
        Some(site) => {
            let (rendering, _) = render_site(site, &env, &policy, notes);
            let rendered = rendering.output().as_str();
            let located = locate_url(rendered, rendering.output(), integration, &site.pointer, notes);
            url = Some(redact_rendered(&located, &Context::url(), &policy));
        }
        None if integration == "function-data-actions" => notes.push(PendingNote::at(
            action.pointer_of(RequestPart::Url),
            None,
            "function action: Genesys runs the integration's function with this body; there is no URL",
        )),
        None => notes.push(PendingNote::at(
            action.pointer_of(RequestPart::Url),
            None,
            "no URL: Genesys cannot send this request",
        )),
    }

    let mut headers = Vec::new();
    for site in sites.iter() {
        if let SiteKind::Header(name) = &site.kind {
            let (rendering, _) = render_site(site, &env, &policy, notes);
            headers.push(Header { name: name.clone(), value: redact_header(name, rendering.output().as_str()) });
        }
    }

    let mut body = None;
    if let Some(site) = sites.iter().find(|s| s.kind == SiteKind::Body) {
        let default_get = method == "GET" && site.value.trim() == "${input.rawRequest}";
        if !default_get {
            let (rendering, redactions) = render_site(site, &env, &policy, notes);
            let content_type =
                headers.iter().find(|h| h.name.eq_ignore_ascii_case("content-type")).map(|h| h.value.as_str());
            if body_kind(content_type, site.value) == BodyKind::Json {
                let renderer = Renderer {
                    src: site.value,
                    template: &rendering.template,
                    redactions: &redactions,
                    env_for: &env_for,
                };
                check_json_body(site, &renderer, &rendering, &inputs, notes);
            }
            body = Some(redact_rendered(rendering.output().as_str(), &Context::body(), &policy));
        }
    }

    if action_type == "customAuth" {
        notes.push(PendingNote::at(
            action.at("/actionType"),
            None,
            "custom auth action: the integration runs it to get a token; its other actions read the result as `${authResponse.…}`",
        ));
    }

    let response = options.response.as_ref().map(|sample| {
        let sample = redact_json(sample, &policy);
        response::preview_response(action, &sites, &sample, &inputs, notes)
    });

    ActionPreview {
        pointer: action.pointer.clone(),
        name: action.name().map(redact_str),
        method,
        url,
        headers,
        body,
        notes: Vec::new(),
        response,
        index: 0,
    }
}

/// Says once, on the first action that shows a `‹redacted›` marker, why values are hidden.
fn explain_redaction(preview: &mut Preview, lines: &LineIndex<'_>, index: &PointerIndex<'_, '_>) {
    let shows_marker = |a: &ActionPreview| {
        let mut texts: Vec<&str> = a.headers.iter().map(|h| h.value.as_str()).collect();
        texts.extend(a.url.as_deref());
        texts.extend(a.body.as_deref());
        if let Some(response) = &a.response {
            texts.extend(response.output.as_deref());
            texts.extend(response.variables.iter().filter_map(|v| v.value.as_deref()));
        }
        texts.iter().any(|t| t.contains(positions::REDACTED))
    };
    if let Some(action) = preview.actions.iter_mut().find(|a| shows_marker(a)) {
        let span = index.resolve(&action.pointer, Target::Value);
        let span = TextRange::new(span.start, span.start.saturating_add(1).min(span.end));
        action.notes.insert(
            0,
            Note {
                message: positions::WHY.to_owned(),
                pointer: action.pointer.clone(),
                range: lines.range(span),
                span,
            },
        );
    }
}

/// Places a rendered URL: relative URLs get their integration's host, placeholders and ARNs get a
/// note.
fn locate_url(
    rendered: &str,
    output: &crate::template::eval::Output,
    integration: &str,
    pointer: &str,
    notes: &mut Vec<PendingNote>,
) -> String {
    let whole = |origin: fn(&Origin) -> bool| {
        output.text.spans.len() == 1
            && output.text.spans[0].range.len() == rendered.len()
            && origin(&output.text.spans[0].origin)
    };
    if rendered.starts_with('/') {
        let (host, message) = match integration {
            "purecloud-data-actions" => (
                Some(GENESYS_API_HOST),
                "relative URL: Genesys sends it to your org's API host (shown as api.REGION.pure.cloud), and the integration's OAuth client authenticates it, so the action needs no Authorization header",
            ),
            "salesforce-datadip" => (Some(SALESFORCE_HOST), "relative URL: the Salesforce integration supplies the instance host and its OAuth token"),
            "zendesk-data-actions" => (Some(ZENDESK_HOST), "relative URL: the Zendesk integration supplies the subdomain host and its credentials"),
            "" if rendered.starts_with("/api/v2/") => (
                Some(GENESYS_API_HOST),
                "relative `/api/v2/` URL of an action without `integrationType`: shown as a Genesys Cloud data action, whose integration supplies host and OAuth",
            ),
            _ => (None, "relative URL: the integration supplies the host"),
        };
        notes.push(PendingNote::at(pointer, None, message));
        return match host {
            Some(host) => format!("{host}{rendered}"),
            None => rendered.to_owned(),
        };
    }
    let lower = rendered.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        if lower.starts_with("http://") {
            notes.push(PendingNote::at(
                pointer,
                None,
                "plain `http://`: the request and its credentials travel unencrypted",
            ));
        }
        return rendered.to_owned();
    }
    if whole(Origin::is_marker) {
        notes.push(PendingNote::at(pointer, None, "the URL comes from the integration's credentials"));
    } else if integration == "aws-lambda-data-actions" {
        let message = if lower.starts_with("arn:aws:lambda:") {
            "AWS Lambda action: Genesys invokes this function ARN with the body"
        } else {
            "AWS Lambda action: this is not a function ARN (`arn:aws:lambda:…`); it looks like a placeholder to replace"
        };
        notes.push(PendingNote::at(pointer, None, message));
    } else {
        notes.push(PendingNote::at(
            pointer,
            None,
            "this is not a URL (`https://…` or `/path`); it looks like a placeholder to replace",
        ));
    }
    rendered.to_owned()
}

/// The body's JSON check and hostile rendering, as notes.
fn check_json_body(
    site: &TemplateSite<'_>,
    renderer: &Renderer<'_>,
    rendering: &Rendering,
    inputs: &Inputs,
    notes: &mut Vec<PendingNote>,
) {
    if let Some(problem) = json_problem(renderer, &rendering.rendered, inputs, false) {
        let mut message = format!("the body is not valid JSON: {}", problem.message);
        if let Some(culprit) = &problem.culprit {
            message.push_str(&format!(" (the value of input `{culprit}` breaks it: wrap it in `$esc.jsonString(…)`)"));
        }
        notes.push(PendingNote::at(&site.pointer, Some(problem.source), message));
    }
    let found = unescaped_in_json(renderer, &rendering.rendered, inputs);
    for unescaped in found.into_iter().filter(|u| u.confirmed && !u.constrained) {
        for source in &unescaped.sources {
            notes.push(PendingNote::at(
                &site.pointer,
                Some(source.range),
                format!(
                    "a value of input `{}` holding a quote, backslash or line break breaks this JSON body (dalint rendered one): wrap it in {}",
                    unescaped.input,
                    unescaped.place.remedy(&unescaped.input)
                ),
            ));
        }
    }
}
