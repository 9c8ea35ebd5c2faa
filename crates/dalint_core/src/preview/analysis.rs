//! Renders an action's template strings and checks what comes out. Shared by the preview (notes)
//! and the rules `TPL003` (unescaped input, with a hostile rendering as evidence) and `TPL004`
//! (a JSON body or successTemplate that does not parse).

use std::cell::OnceCell;

use super::inputs::{Context, Inputs, HOSTILE_JSON, HOSTILE_URL};
use super::redact::site_redactions;
use crate::model::Action;
use crate::template::eval::{self, Env, Output, Redaction, Rendered};
use crate::template::json_check;
use crate::template::names::TOOLS;
use crate::template::sites::{template_sites, TemplateSite};
use crate::template::value::{Origin, SecretSpace, Text, Value};
use crate::template::{parse, Dialect, Template};
use crate::text::TextRange;

/// Namespaces of the guide's `{{ … }}` that take sample values.
const GUIDE_SAMPLE_NAMESPACES: &[&str] = &["system", "Flow", "Task", "State"];

fn with_tools(env: &mut Env) {
    for (name, tool) in TOOLS {
        env.set(*name, Value::Tool(*tool));
    }
}

/// Variables of a request template (URL, headers, body).
pub fn request_env(inputs: &Inputs) -> Env {
    let mut env = Env::default();
    with_tools(&mut env);
    env.set("input", inputs.to_value());
    env.set("credentials", Value::Secrets(SecretSpace::Credentials));
    env.set("authResponse", Value::Secrets(SecretSpace::AuthResponse));
    for namespace in GUIDE_SAMPLE_NAMESPACES {
        env.set(*namespace, Value::Samples((*namespace).to_owned()));
    }
    env
}

/// Variables of a successTemplate: the translation-map variables (JSON text), `rawResult` and the
/// inputs.
pub fn success_env(variables: &[(String, Text)], raw_result: Text, inputs: &Inputs) -> Env {
    let mut env = Env::default();
    with_tools(&mut env);
    env.set("input", inputs.to_value());
    for (name, value) in variables {
        env.set(name.clone(), Value::Str(value.clone()));
    }
    env.set("rawResult", Value::Str(raw_result));
    env
}

/// A template string, parsed and rendered.
pub struct Rendering {
    pub template: Template,
    pub rendered: Rendered,
}

impl Rendering {
    pub fn new(src: &str, dialect: Dialect, env: &Env, redactions: &[Redaction]) -> Self {
        let template = parse(src, dialect);
        let rendered = eval::render(src, &template, env, redactions);
        Self { template, rendered }
    }

    pub fn output(&self) -> &Output {
        &self.rendered.output
    }
}

/// One action's template strings, each parsed once, with its sample inputs: what the template
/// rules share, so that a lint parses and renders every string once, not once per rule. Each part
/// is computed on first use.
pub struct ActionTemplates<'x, 'd, 'a> {
    action: &'x Action<'d, 'a>,
    inputs: OnceCell<Inputs>,
    sites: OnceCell<Vec<AnalyzedSite<'d>>>,
    request_env: OnceCell<Env>,
}

/// A template string with its parse, and (computed on first use) its literal secrets and its
/// rendering with the request variables and the action's sample inputs
/// ([`ActionTemplates::request_rendering`]; a successTemplate renders with [`success_env`]).
pub struct AnalyzedSite<'d> {
    pub site: TemplateSite<'d>,
    pub template: Template,
    redactions: OnceCell<Vec<Redaction>>,
    request_rendering: OnceCell<Rendered>,
}

impl<'x, 'd, 'a> ActionTemplates<'x, 'd, 'a> {
    pub fn new(action: &'x Action<'d, 'a>) -> Self {
        Self { action, inputs: OnceCell::new(), sites: OnceCell::new(), request_env: OnceCell::new() }
    }

    pub fn action(&self) -> &'x Action<'d, 'a> {
        self.action
    }

    /// The contract's inputs with sample values.
    pub fn inputs(&self) -> &Inputs {
        self.inputs.get_or_init(|| Inputs::for_action(self.action, None))
    }

    /// Every template string, parsed.
    pub fn sites(&self) -> &[AnalyzedSite<'d>] {
        self.sites.get_or_init(|| {
            template_sites(self.action)
                .into_iter()
                .map(|site| AnalyzedSite {
                    template: parse(site.value, site.dialect),
                    site,
                    redactions: OnceCell::new(),
                    request_rendering: OnceCell::new(),
                })
                .collect()
        })
    }

    /// The bare sites, for code that reads the strings only.
    pub fn template_sites(&self) -> impl Iterator<Item = &TemplateSite<'d>> {
        self.sites().iter().map(|s| &s.site)
    }

    /// The request variables with the sample inputs, built once for all the action's sites.
    pub fn request_env(&self) -> &Env {
        self.request_env.get_or_init(|| request_env(self.inputs()))
    }

    /// A site's rendering with [`Self::request_env`], computed once.
    pub fn request_rendering<'s>(&self, site: &'s AnalyzedSite<'_>) -> &'s Rendered {
        site.request_rendering
            .get_or_init(|| eval::render(site.site.value, &site.template, self.request_env(), site.redactions()))
    }
}

impl AnalyzedSite<'_> {
    /// The string's literal secrets, which every rendering masks.
    pub fn redactions(&self) -> &[Redaction] {
        self.redactions.get_or_init(|| site_redactions(&self.site))
    }
}

/// Renders one template string again with other inputs (for hostile and neutral variants).
pub struct Renderer<'x> {
    pub src: &'x str,
    pub template: &'x Template,
    pub redactions: &'x [Redaction],
    pub env_for: &'x dyn Fn(&Inputs) -> Env,
}

impl Renderer<'_> {
    pub fn render(&self, inputs: &Inputs) -> Rendered {
        eval::render(self.src, self.template, &(self.env_for)(inputs), self.redactions)
    }
}

/// Output ranges whose content the template cannot know, for the JSON check: string inputs,
/// redaction markers, response variables, guide samples, and (when `lenient`) references printed
/// as written.
pub fn fragments(output: &Output, inputs: &Inputs, lenient: bool) -> Vec<TextRange> {
    output
        .text
        .spans
        .iter()
        .filter(|s| match &s.origin {
            Origin::Input(name) => inputs.spec(name).is_none_or(|spec| {
                matches!(spec.ty, super::inputs::InputType::String | super::inputs::InputType::Unknown)
            }),
            Origin::RawRequest => false,
            Origin::Unresolved => lenient,
            _ => true,
        })
        .map(|s| s.range)
        .collect()
}

/// Why rendered JSON does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonProblem {
    pub message: String,
    /// Where in the template string.
    pub source: TextRange,
    /// The input whose value breaks it, when a neutral value for that input fixes it.
    pub culprit: Option<String>,
}

/// Checks a rendering as JSON; names the culprit input when one value is to blame.
pub fn json_problem(
    renderer: &Renderer<'_>,
    rendered: &Rendered,
    inputs: &Inputs,
    lenient: bool,
) -> Option<JsonProblem> {
    let output = &rendered.output;
    let error = json_check::check(output.as_str(), &fragments(output, inputs, lenient)).err()?;
    let source = output.source_at(error.offset).unwrap_or(TextRange::empty(0));
    let mut culprit = None;
    for name in input_names(output) {
        let Some(spec) = inputs.spec(&name) else { continue };
        let neutral = super::inputs::neutral(spec);
        if inputs.values.iter().any(|(k, v)| k == &name && v == &neutral) {
            continue;
        }
        let variant = inputs.with(&name, neutral);
        let again = renderer.render(&variant);
        if json_check::check(again.output.as_str(), &fragments(&again.output, &variant, lenient)).is_ok() {
            culprit = Some(name);
            break;
        }
    }
    Some(JsonProblem { message: error.message, source, culprit })
}

/// Names of the inputs printed in an output, in order of first appearance.
fn input_names(output: &Output) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for span in &output.text.spans {
        if let Origin::Input(name) = &span.origin {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    names
}

/// Where an unescaped input lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    JsonString,
    UrlHost,
    UrlPath,
    UrlQuery,
    UrlFragment,
    FormBody,
}

impl Place {
    pub fn describe(self) -> &'static str {
        match self {
            Place::JsonString => "a JSON string of the body",
            Place::UrlHost => "the URL's host",
            Place::UrlPath => "the URL's path",
            Place::UrlQuery => "the URL's query",
            Place::UrlFragment => "the URL's fragment",
            Place::FormBody => "the form-encoded body",
        }
    }

    /// The helper to wrap the input in.
    pub fn remedy(self, name: &str) -> String {
        match self {
            Place::JsonString => format!("`$esc.jsonString(${{input.{name}}})`"),
            Place::UrlHost | Place::UrlPath | Place::UrlFragment => format!("`$esc.uriEncode(${{input.{name}}})`"),
            Place::UrlQuery | Place::FormBody => format!("`$esc.url(${{input.{name}}})`"),
        }
    }
}

/// An input spliced into a JSON string or a URL without escaping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unescaped {
    pub input: String,
    /// The template nodes that print it.
    pub sources: Vec<SpliceSource>,
    pub place: Place,
    /// A hostile value rendered through the template broke the JSON / changed the URL.
    pub confirmed: bool,
    /// The contract limits the input with an `enum`, `pattern` or `format` that allows no
    /// character needing escaping here ([`Inputs::needs_escaping`] says no).
    pub constrained: bool,
}

/// A template node that prints an unescaped input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpliceSource {
    pub range: TextRange,
    /// The node prints the input's value and nothing else, so wrapping the node escapes exactly
    /// the value (not, say, the `/` of `#set($path = "$input.a/$input.b")` printed by `$path`).
    pub only_the_input: bool,
}

fn splice_source(output: &Output, span: TextRange) -> SpliceSource {
    match output.sites.iter().find(|s| s.output.start <= span.start && span.start < s.output.end) {
        Some(site) => SpliceSource { range: site.source, only_the_input: site.output == span },
        None => SpliceSource { range: span, only_the_input: false },
    }
}

/// Adds `source` to the finding for input `name` in `place`, or starts one (one input may sit in
/// a URL's path and in its query, each needing its own helper).
fn add_finding(found: &mut Vec<Unescaped>, name: &str, source: SpliceSource, place: Place, constrained: bool) {
    match found.iter_mut().find(|u| u.input == name && u.place == place) {
        Some(u) => {
            if !u.sources.iter().any(|s| s.range == source.range) {
                u.sources.push(source);
            }
        }
        None => found.push(Unescaped {
            input: name.to_owned(),
            sources: vec![source],
            place,
            confirmed: false,
            constrained,
        }),
    }
}

/// Inputs spliced into JSON strings without `$esc.jsonString`. Each candidate is rendered again
/// with a hostile value (quotes, a backslash, a line break); when the body was valid JSON and the
/// hostile one is not, the finding is confirmed, and when it stays valid (something escaped it
/// after all) it is dropped.
pub fn unescaped_in_json(renderer: &Renderer<'_>, benign: &Rendered, inputs: &Inputs) -> Vec<Unescaped> {
    let output = &benign.output;
    let input_spans: Vec<_> = output.text.spans.iter().filter(|s| matches!(s.origin, Origin::Input(_))).collect();
    let ranges: Vec<TextRange> = input_spans.iter().map(|s| s.range).collect();
    let in_string = json_check::inside_strings(output.as_str(), &ranges);
    let mut found: Vec<Unescaped> = Vec::new();
    for (span, inside) in input_spans.iter().zip(in_string) {
        let Origin::Input(name) = &span.origin else { continue };
        if !inside || span.escapes.json || !inputs.may_hold_text(name) {
            continue;
        }
        let constrained = !inputs.needs_escaping(name, Context::JsonString);
        add_finding(&mut found, name, splice_source(output, span.range), Place::JsonString, constrained);
    }
    let benign_ok = json_check::check(output.as_str(), &fragments(output, inputs, true)).is_ok();
    found.retain_mut(|u| {
        let hostile = inputs.with(&u.input, serde_json::Value::String(HOSTILE_JSON.to_owned()));
        let rendered = renderer.render(&hostile);
        let broken = json_check::check(rendered.output.as_str(), &fragments(&rendered.output, &hostile, true)).is_err();
        u.confirmed = benign_ok && broken;
        !benign_ok || broken
    });
    found
}

/// Which part of a URL the byte at `at` is in.
fn url_place(url: &str, at: usize) -> Place {
    let authority_start = url.find("://").map(|i| i + 3);
    if let Some(start) = authority_start {
        let host_end = url[start..].find(['/', '?', '#']).map_or(url.len(), |i| start + i);
        if at < host_end {
            return Place::UrlHost;
        }
    }
    match (url.find('?'), url.find('#')) {
        (_, Some(hash)) if at > hash => Place::UrlFragment,
        (Some(query), _) if at > query => Place::UrlQuery,
        _ => Place::UrlPath,
    }
}

/// Inputs spliced into a URL (or a form-encoded body) without URL escaping, confirmed by a
/// hostile value (`a/../b?c=d&e#f g`) reaching the output unchanged.
pub fn unescaped_in_url(renderer: &Renderer<'_>, benign: &Rendered, inputs: &Inputs, form: bool) -> Vec<Unescaped> {
    let output = &benign.output;
    let mut found: Vec<Unescaped> = Vec::new();
    for span in &output.text.spans {
        let Origin::Input(name) = &span.origin else { continue };
        // An input that starts the URL supplies it whole (a webhook URL): escaping would break it.
        let whole_url = !form && span.range.start == 0;
        if whole_url || span.escapes.url || !inputs.may_hold_text(name) {
            continue;
        }
        let place = if form { Place::FormBody } else { url_place(output.as_str(), span.range.start) };
        let constrained = !inputs.needs_escaping(name, Context::Url);
        add_finding(&mut found, name, splice_source(output, span.range), place, constrained);
    }
    found.retain_mut(|u| {
        let hostile = inputs.with(&u.input, serde_json::Value::String(HOSTILE_URL.to_owned()));
        let rendered = renderer.render(&hostile);
        u.confirmed = rendered.output.as_str().contains("/../") || rendered.output.as_str().contains("&e#f");
        u.confirmed
    });
    found
}

/// How a request body is encoded, from its `Content-Type` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    Form,
    Other,
}

/// The body's kind: the `Content-Type` header when there is one (any case), else JSON when the
/// template starts like JSON.
pub fn body_kind(content_type: Option<&str>, body: &str) -> BodyKind {
    match content_type.map(str::to_ascii_lowercase) {
        Some(ct) if ct.contains("json") => BodyKind::Json,
        Some(ct) if ct.contains("x-www-form-urlencoded") => BodyKind::Form,
        Some(_) => BodyKind::Other,
        None if body.trim_start().starts_with(['{', '[']) => BodyKind::Json,
        None => BodyKind::Other,
    }
}
