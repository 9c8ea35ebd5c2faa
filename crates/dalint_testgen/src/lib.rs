//! Deterministic Data Action documents for dalint's benchmarks, comparison script, property tests
//! and fuzz targets: one generator, so that all of them test the same kind of input.
//!
//! A document holds actions in the guide's shape, Genesys exports or the Platform API shape (alone,
//! in an array or in an `{"entities": […]}` list), with headers, URLs, Velocity templates, guide
//! expressions, harmless look-alikes (UUIDs, ETags, `${credentials.x}`, `secureData()`), optional
//! template mistakes, and fake secrets of many kinds planted at known places: [`Generated::planted`]
//! says where (pointer, line, byte offset) and what must never be echoed.
//!
//! The same seed always gives the same bytes ([`SplitMix64`]); the fuzz targets drive the same
//! code with their input bytes ([`ByteEntropy`]).

pub mod corpus;
pub mod entropy;
pub mod json;
pub mod secrets;

pub use entropy::{ByteEntropy, Entropy, SplitMix64};
pub use secrets::{FakeSecret, Placement, SecretKind};

use entropy::{HEX, LOWER};
use json::{escape, Json, Writer};

/// How actions are laid out in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The document is one action.
    Single,
    /// A JSON array of actions (and, with quirks, Secure Data payloads).
    Array,
    /// A Platform API list response: `{"entities": [...], "pageSize": …}`.
    Entities,
}

/// The shapes an action can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `{"type":"http","config":{"method","url","headers","body"}}`.
    Guide,
    /// A Genesys export (`config.request`, `contract`).
    Export,
    /// The Platform API shape (an export plus `category`, `integrationId`, `id`).
    Api,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnding {
    Lf,
    CrLf,
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    /// Keep adding actions until the document is at least this long …
    pub target_bytes: usize,
    /// … or holds this many actions.
    pub max_actions: usize,
    pub layout: Layout,
    /// Shapes to draw from (repeat one to weight it).
    pub shapes: Vec<Shape>,
    /// Probability (‰) that an action carries secrets.
    pub secret_per_mille: u32,
    /// How many secrets such an action carries (each on its own line).
    pub secrets_per_action: usize,
    /// Kinds to draw from.
    pub kinds: Vec<SecretKind>,
    /// Harmless values that look like secrets to naive scanners (UUIDs, ETags).
    pub decoys: bool,
    /// Template mistakes, placeholders, secrets passed as inputs, payload objects.
    pub quirks: bool,
    /// Non-ASCII names and descriptions (CJK, Cyrillic, emoji).
    pub unicode: bool,
    /// Random template fragments (`{{`, `${`, `#if(`, quotes, backslashes, emoji …) spliced into
    /// URLs, header names and values and bodies: for fuzzing the template scanner inside valid JSON.
    pub wild: bool,
    pub line_ending: LineEnding,
    pub bom: bool,
}

impl Config {
    /// A realistic list of mostly exported actions, at least `bytes` long, without secrets.
    pub fn sized(bytes: usize) -> Self {
        Self {
            target_bytes: bytes,
            max_actions: usize::MAX,
            layout: Layout::Entities,
            shapes: vec![Shape::Export, Shape::Export, Shape::Api, Shape::Guide],
            secret_per_mille: 0,
            secrets_per_action: 0,
            kinds: SecretKind::ALL.to_vec(),
            decoys: true,
            quirks: false,
            unicode: true,
            wild: false,
            line_ending: LineEnding::Lf,
            bom: false,
        }
    }

    /// 1% of actions carry one secret.
    pub fn sparse(bytes: usize) -> Self {
        Self { secret_per_mille: 10, secrets_per_action: 1, ..Self::sized(bytes) }
    }

    /// Every action carries two secrets.
    pub fn dense(bytes: usize) -> Self {
        Self { secret_per_mille: 1000, secrets_per_action: 2, ..Self::sized(bytes) }
    }

    /// A small document of random make-up (1–4 actions): for property tests and fuzzing.
    pub fn random(e: &mut impl Entropy) -> Self {
        let layout = *e.pick(&[Layout::Single, Layout::Array, Layout::Entities]);
        let all = [Shape::Guide, Shape::Export, Shape::Api];
        let shapes = if e.chance(500) { all.to_vec() } else { vec![*e.pick(&all)] };
        Self {
            target_bytes: usize::MAX,
            max_actions: if layout == Layout::Single { 1 } else { e.between(1, 4) },
            layout,
            shapes,
            secret_per_mille: *e.pick(&[0, 500, 1000, 1000]),
            secrets_per_action: e.between(1, 3),
            kinds: SecretKind::ALL.to_vec(),
            decoys: e.chance(500),
            quirks: e.chance(600),
            unicode: e.chance(500),
            wild: e.chance(300),
            line_ending: if e.chance(300) { LineEnding::CrLf } else { LineEnding::Lf },
            bom: e.chance(200),
        }
    }
}

/// A planted secret: what it is, where it is, and what must never be echoed.
#[derive(Debug, Clone)]
pub struct Planted {
    pub kind: SecretKind,
    /// The credential as a scanner should report it.
    pub value: String,
    /// Strings no output may contain (the value first).
    pub forbidden: Vec<String>,
    /// JSON Pointer of the string that holds it.
    pub pointer: String,
    /// 1-based line of that string.
    pub line: usize,
    /// Byte offset of that string literal's opening quote, in the text after any BOM.
    pub offset: usize,
    /// Index of the action (or payload) in the document.
    pub item: usize,
    /// Whether it sits in a Secure Data provisioning payload rather than an action.
    pub in_payload: bool,
}

/// A generated document.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The document, with a BOM if the configuration asked for one.
    pub text: String,
    pub planted: Vec<Planted>,
    pub actions: usize,
}

impl Generated {
    /// The text after any BOM (what dalint's ranges refer to).
    pub fn body(&self) -> &str {
        self.text.strip_prefix('\u{feff}').unwrap_or(&self.text)
    }

    /// Every string that must never appear in any output.
    pub fn forbidden(&self) -> impl Iterator<Item = &str> {
        self.planted.iter().flat_map(|p| p.forbidden.iter().map(String::as_str))
    }
}

/// Generates a document from a seed.
pub fn generate_seeded(config: &Config, seed: u64) -> Generated {
    generate(config, &mut SplitMix64::new(seed))
}

/// Generates a document.
pub fn generate(config: &Config, e: &mut impl Entropy) -> Generated {
    let newline = match config.line_ending {
        LineEnding::Lf => "\n",
        LineEnding::CrLf => "\r\n",
    };
    let capacity = config.target_bytes.min(1 << 30).saturating_add(8 * 1024);
    let mut w = Writer::new(newline, capacity);
    let mut drafts: Vec<Draft> = Vec::new();
    let max_actions = if config.layout == Layout::Single { 1 } else { config.max_actions.max(1) };
    let mut g = Gen { e, config, drafts: &mut drafts };
    let mut actions = 0;
    let item_indent = match config.layout {
        Layout::Single => 0,
        Layout::Array => {
            w.raw("[");
            1
        }
        Layout::Entities => {
            w.raw("{");
            w.newline(1);
            w.raw("\"entities\": [");
            2
        }
    };
    while actions < max_actions && (actions == 0 || w.out.len() < config.target_bytes) {
        let pointer = match config.layout {
            Layout::Single => String::new(),
            Layout::Array => format!("/{actions}"),
            Layout::Entities => format!("/entities/{actions}"),
        };
        let action = g.action(actions, &pointer);
        if item_indent > 0 {
            if actions > 0 {
                w.raw(",");
            }
            w.newline(item_indent);
        }
        w.value(&action, item_indent);
        actions += 1;
    }
    let mut items = actions;
    if config.layout == Layout::Array && config.quirks && g.e.chance(400) {
        let payload = g.payload(items, &format!("/{items}"));
        w.raw(",");
        w.newline(1);
        w.value(&payload, 1);
        items += 1;
    }
    match config.layout {
        Layout::Single => {}
        Layout::Array => {
            w.newline(0);
            w.raw("]");
        }
        Layout::Entities => {
            w.newline(1);
            w.raw("],");
            for (key, value) in [("pageSize", items), ("pageNumber", 1), ("total", items), ("pageCount", 1)] {
                w.newline(1);
                w.raw(&format!("\"{key}\": {value}"));
                if key != "pageCount" {
                    w.raw(",");
                }
            }
            w.newline(0);
            w.raw("}");
        }
    }
    w.raw(newline);
    let mut planted: Vec<Planted> = drafts
        .into_iter()
        .map(|d| Planted {
            kind: d.secret.kind,
            value: d.secret.value,
            forbidden: d.secret.forbidden,
            pointer: d.pointer,
            line: 0,
            offset: 0,
            item: d.item,
            in_payload: d.in_payload,
        })
        .collect();
    for mark in &w.marks {
        planted[mark.id].line = mark.line;
        planted[mark.id].offset = mark.offset;
    }
    let text = if config.bom { format!("\u{feff}{}", w.out) } else { w.out };
    Generated { text, planted, actions }
}

struct Draft {
    secret: FakeSecret,
    pointer: String,
    item: usize,
    in_payload: bool,
}

struct Gen<'g, E: Entropy> {
    e: &'g mut E,
    config: &'g Config,
    drafts: &'g mut Vec<Draft>,
}

const VERBS: &[&str] = &["Get", "Create", "Update", "Delete", "Search", "List", "Lookup", "Sync"];
const NOUNS: &[&str] =
    &["order", "customer", "ticket", "invoice", "account", "case", "contact", "shipment", "subscription", "booking"];
const VENDORS: &[&str] = &["partner", "acme", "globex", "initech", "umbrella", "hooli", "vandelay", "stark"];
const UNICODE_NAMES: &[&str] =
    &["Kundensuche", "顧客を検索", "Рассылка клиентам", "café order ☕", "📞 callback", "주문 조회", "Ñandú sync 🚀"];
const INPUTS: &[&str] =
    &["orderId", "customerId", "email", "phone", "query", "limit", "queueId", "conversationId", "status", "locale"];
const INTEGRATIONS: &[&str] = &[
    "custom-rest-actions",
    "custom-rest-actions",
    "custom-rest-actions",
    "purecloud-data-actions",
    "zendesk-data-actions",
];
/// What wild template text is made of.
const WILD_TOKENS: &[&str] = &[
    "{",
    "}",
    "{{",
    "}}",
    "$",
    "${",
    "$!{",
    "#",
    "#if(",
    "#else",
    "#end",
    "#set(",
    "##",
    "#*",
    "*#",
    "(",
    ")",
    "[",
    "]",
    "!",
    "\"",
    "'",
    "\\",
    "\\$",
    ".",
    "a",
    "x_1",
    "-",
    ":",
    "/",
    "?",
    "&",
    "=",
    "@",
    " ",
    "\n",
    "\r\n",
    "\t",
    "é",
    "😀",
    "漢",
    "\u{0}",
    "secureData",
    "secureData(\"",
    "credentials.",
    "input.",
    "authResponse.",
    "esc.url(",
    "encoding.base64(",
    "json.stringify(",
    "Bearer ",
    "Basic ",
    "sk_live_",
    "ghp_",
    "https://",
    "u:p@",
    "%20",
    "~",
];
const METHODS: &[&str] = &["GET", "GET", "POST", "POST", "PUT", "PATCH", "DELETE"];

/// What one action's request is made of, before it becomes JSON.
struct Request {
    url: Json,
    method: &'static str,
    headers: Vec<(String, Json)>,
    body: Json,
    inputs: Vec<&'static str>,
}

impl<E: Entropy> Gen<'_, E> {
    fn plant(&mut self, secret: FakeSecret, pointer: String, item: usize, in_payload: bool) -> usize {
        self.drafts.push(Draft { secret, pointer, item, in_payload });
        self.drafts.len() - 1
    }

    fn name(&mut self, index: usize) -> String {
        let base = if self.config.unicode && self.e.chance(150) {
            (*self.e.pick(UNICODE_NAMES)).to_owned()
        } else {
            format!("{} {}", self.e.pick(VERBS), self.e.pick(NOUNS))
        };
        format!("{base} {index}")
    }

    /// Secrets for one action, at most one per slot.
    fn secrets(&mut self) -> Vec<FakeSecret> {
        let mut out: Vec<FakeSecret> = Vec::new();
        if self.config.kinds.is_empty() || !self.e.chance(self.config.secret_per_mille) {
            return out;
        }
        for _ in 0..self.config.secrets_per_action * 8 {
            if out.len() == self.config.secrets_per_action {
                break;
            }
            let kind = *self.e.pick(&self.config.kinds);
            let secret = secrets::generate(kind, self.e);
            if out.iter().all(|s| s.placement.slot() != secret.placement.slot()) {
                out.push(secret);
            }
        }
        out
    }

    fn action(&mut self, index: usize, pointer: &str) -> Json {
        let shape = *self.e.pick(&self.config.shapes);
        let secrets = self.secrets();
        match shape {
            Shape::Guide => self.guide_action(index, pointer, secrets),
            Shape::Export | Shape::Api => self.export_action(index, pointer, shape == Shape::Api, secrets),
        }
    }

    fn quirk(&mut self) -> bool {
        self.config.quirks && self.e.chance(150)
    }

    fn guide_action(&mut self, index: usize, pointer: &str, secrets: Vec<FakeSecret>) -> Json {
        let vendor = *self.e.pick(VENDORS);
        let noun = *self.e.pick(NOUNS);
        let env = if self.quirk() { *self.e.pick(&["dev", "test", "uat"]) } else { "prod" };
        let reference = if self.quirk() {
            (*self.e.pick(&[
                "{{secureData('NAME')}}",
                "{{secureData(NAME)}}",
                "{{secureData(\"NAME\"}}",
                "{{secureData(\"\")}}",
            ]))
            .replace("NAME", &format!("{vendor}_api_key_{env}"))
        } else {
            format!("{{{{secureData(\"{vendor}_api_key_{env}\")}}}}")
        };
        let method = METHODS[self.e.below(METHODS.len())];
        let mut request = Request {
            url: Json::Str(format!(
                "https://api.{vendor}.example.com/v{}/{noun}s?queue={{{{system.queueId}}}}",
                self.e.between(1, 3)
            )),
            method,
            headers: vec![
                ("Authorization".to_owned(), Json::Str(format!("Bearer {reference}"))),
                ("Content-Type".to_owned(), Json::str("application/json")),
            ],
            body: Json::str(if self.quirk() {
                "{{json.stringify({\"event\": \"call_connected\", \"queueId\": \"{{system.queueId}}\"})"
            } else {
                "{{json.stringify({\"event\": \"call_connected\", \"queueId\": \"{{system.queueId}}\"})}}"
            }),
            inputs: Vec::new(),
        };
        self.common_quirks_and_decoys(&mut request, false);
        let config_pointer = format!("{pointer}/config");
        self.place(&mut request, secrets, index, &config_pointer, ("url", "headers", "body"), false);
        let name = self.name(index);
        let log = self.quirk();
        Json::obj(vec![
            ("type", Json::str("http")),
            ("name", Json::Str(name)),
            (
                "config",
                Json::obj(vec![
                    ("method", Json::str(request.method)),
                    ("url", request.url),
                    ("headers", Json::Obj(request.headers)),
                    ("body", request.body),
                ]),
            ),
            ("logRequest", Json::Bool(log)),
            ("logResponse", Json::Bool(false)),
        ])
    }

    fn export_action(&mut self, index: usize, pointer: &str, api: bool, secrets: Vec<FakeSecret>) -> Json {
        let vendor = *self.e.pick(VENDORS);
        let noun = *self.e.pick(NOUNS);
        let integration = *self.e.pick(INTEGRATIONS);
        let mut inputs: Vec<&'static str> = Vec::new();
        for _ in 0..self.e.between(1, 5) {
            let input = *self.e.pick(INPUTS);
            if !inputs.contains(&input) {
                inputs.push(input);
            }
        }
        let id_input = inputs[0];
        let input_ref = if self.quirk() { format!("$Input.{id_input}") } else { format!("${{input.{id_input}}}") };
        let relative = integration == "purecloud-data-actions";
        let mut url = if relative {
            format!("/api/v2/{noun}s/{input_ref}")
        } else {
            format!("https://api.{vendor}.example.com/v{}/{noun}s/{input_ref}", self.e.between(1, 3))
        };
        if self.config.decoys && self.e.chance(300) {
            url = url.replacen(&format!("/{noun}s/"), &format!("/tenants/{}/{noun}s/", secrets::uuid(self.e)), 1);
        }
        if inputs.contains(&"query") {
            url.push_str("?q=$esc.url(${input.query})");
        }
        let method = *self.e.pick(METHODS);
        let mut headers = vec![("Content-Type".to_owned(), Json::str("application/json"))];
        if !relative {
            let auth = *self.e.pick(&[
                "Bearer ${credentials.token}",
                "Bearer ${authResponse.access_token}",
                "Basic $encoding.base64(\"${credentials.user}:${credentials.password}\")",
            ]);
            headers.push(("Authorization".to_owned(), Json::str(auth)));
        }
        headers.push(("Accept".to_owned(), Json::str("application/json")));
        let body = if method == "GET" || method == "DELETE" {
            "${input.rawRequest}".to_owned()
        } else {
            self.velocity_body(&inputs)
        };
        let mut request = Request { url: Json::Str(url), method, headers, body: Json::Str(body), inputs };
        self.common_quirks_and_decoys(&mut request, true);
        let request_pointer = format!("{pointer}/config/request");
        self.place(
            &mut request,
            secrets,
            index,
            &request_pointer,
            ("requestUrlTemplate", "headers", "requestTemplate"),
            true,
        );

        let suffix = if self.quirk() {
            " - Exported 2021-04-15 @ 18:57 - Exported 2022-01-03 @ 09:12"
        } else {
            " - Exported 2021-04-15 @ 18:57"
        };
        let name = format!("{}{suffix}", self.name(index));
        let translation: Vec<(String, Json)> = vec![
            (format!("{noun}Id"), Json::str("$.id")),
            ("status".to_owned(), Json::str("$.status")),
            ("items".to_owned(), Json::str("$.data.items[*].name")),
        ];
        let properties: Vec<(String, Json)> = request
            .inputs
            .iter()
            .map(|input| {
                let kind = if *input == "limit" { "integer" } else { "string" };
                let description = if self.config.unicode && self.e.chance(100) {
                    format!("{input} – 入力値 ✓")
                } else {
                    format!("The {input} of the {noun}")
                };
                (
                    (*input).to_owned(),
                    Json::obj(vec![("description", Json::Str(description)), ("type", Json::str(kind))]),
                )
            })
            .collect();
        let mut members: Vec<(&str, Json)> = vec![
            ("name", Json::Str(name)),
            ("integrationType", Json::str(integration)),
            ("actionType", Json::str("custom")),
            (
                "config",
                Json::obj(vec![
                    (
                        "request",
                        Json::obj(vec![
                            ("requestUrlTemplate", request.url),
                            ("requestType", Json::str(request.method)),
                            ("headers", Json::Obj(request.headers)),
                            ("requestTemplate", request.body),
                        ]),
                    ),
                    (
                        "response",
                        Json::obj(vec![
                            ("translationMap", Json::Obj(translation)),
                            (
                                "translationMapDefaults",
                                Json::obj(vec![("status", Json::str("\"\"")), ("items", Json::str("[]"))]),
                            ),
                            (
                                "successTemplate",
                                Json::Str(format!(
                                    "{{\"id\": ${{{noun}Id}}, \"status\": ${{status}}, \"items\": ${{items}}}}"
                                )),
                            ),
                        ]),
                    ),
                ]),
            ),
            (
                "contract",
                Json::obj(vec![
                    (
                        "input",
                        Json::obj(vec![(
                            "inputSchema",
                            Json::obj(vec![
                                ("$schema", Json::str("http://json-schema.org/draft-04/schema#")),
                                ("type", Json::str("object")),
                                ("required", Json::Arr(vec![Json::str(id_input)])),
                                ("properties", Json::Obj(properties)),
                                ("additionalProperties", Json::Bool(true)),
                            ]),
                        )]),
                    ),
                    (
                        "output",
                        Json::obj(vec![(
                            "successSchema",
                            Json::obj(vec![
                                ("type", Json::str("object")),
                                (
                                    "properties",
                                    Json::obj(vec![
                                        ("id", Json::obj(vec![("type", Json::str("string"))])),
                                        ("status", Json::obj(vec![("type", Json::str("string"))])),
                                        (
                                            "items",
                                            Json::obj(vec![
                                                ("type", Json::str("array")),
                                                ("items", Json::obj(vec![("type", Json::str("string"))])),
                                            ]),
                                        ),
                                    ]),
                                ),
                            ]),
                        )]),
                    ),
                ]),
            ),
            ("secure", Json::Bool(self.e.chance(200))),
        ];
        if api {
            let integration_id = secrets::uuid(self.e);
            let id = secrets::uuid(self.e);
            members.insert(1, ("category", Json::Str(vendor.to_owned())));
            members.insert(2, ("integrationId", Json::Str(integration_id)));
            members.push(("id", Json::Str(format!("custom_-_{id}"))));
            members.push(("version", Json::Num(self.e.between(1, 9) as i64)));
            members.push(("selfUri", Json::Str(format!("/api/v2/integrations/actions/custom_-_{id}"))));
        }
        Json::obj(members)
    }

    /// A Velocity JSON body over the inputs.
    fn velocity_body(&mut self, inputs: &[&str]) -> String {
        let mut parts = Vec::new();
        for input in inputs {
            if *input == "limit" {
                parts.push("\"limit\": ${input.limit}".to_owned());
            } else if self.quirk() {
                parts.push(format!("\"{input}\": \"${{input.{input}}}\""));
            } else {
                parts.push(format!("\"{input}\": \"$esc.jsonString(${{input.{input}}})\""));
            }
        }
        let mut body = format!("{{{}", parts.join(", "));
        if self.e.chance(300) {
            body.push_str("#if($input.status), \"active\": true#end");
        }
        body.push('}');
        if self.quirk() {
            body = format!("## built by the flow\n#set($limit = 10)\n{body}");
        }
        body
    }

    fn common_quirks_and_decoys(&mut self, request: &mut Request, genesys: bool) {
        if self.quirk() {
            let placeholder = *self.e.pick(&["Bearer <YOUR TOKEN>", "[YOUR API KEY]", "Bearer YOUR_API_KEY_HERE"]);
            set_header(&mut request.headers, "Authorization", Json::str(placeholder));
        }
        if self.quirk() {
            request.headers.push(("x-api-key".to_owned(), Json::str("${input.apiKey}")));
            request.inputs.push("apiKey");
        }
        if genesys && self.quirk() {
            request.headers.push((
                "Authentication".to_owned(),
                Json::str("Basic $encoding.base64(\"${credentials.user}:${credentials.password}\""),
            ));
        }
        if self.quirk() {
            request.headers.push(("Content-Type".to_owned(), Json::str("text/plain")));
        }
        if self.config.wild {
            self.wild_splices(request);
        }
        if self.config.decoys && self.e.chance(200) {
            let etag = format!("\"{}\"", self.e.string(HEX, 32));
            request.headers.push(("If-None-Match".to_owned(), Json::Str(etag)));
        }
        if self.config.decoys && self.e.chance(300) {
            let id = secrets::uuid(self.e);
            request.headers.push(("X-Correlation-Id".to_owned(), Json::Str(id)));
        }
    }

    /// A random string over template syntax.
    fn wild_text(&mut self) -> String {
        (0..self.e.below(24)).map(|_| *self.e.pick(WILD_TOKENS)).collect()
    }

    fn wild_splices(&mut self, request: &mut Request) {
        if self.e.chance(500) {
            let text = self.wild_text();
            request.url = Json::Str(format!("{}{text}", json_text(&request.url)));
        }
        if self.e.chance(500) {
            let text = self.wild_text();
            request.body = Json::Str(format!("{text}{}", json_text(&request.body)));
        }
        if self.e.chance(500) {
            let (name, value) = (self.wild_text(), self.wild_text());
            request.headers.push((name, Json::Str(value)));
        }
        if self.e.chance(500) {
            let value = format!("Bearer {}", self.wild_text());
            set_header(&mut request.headers, "Authorization", Json::Str(value));
        }
    }

    /// Puts secrets into the request; records their pointers under `base`.
    fn place(
        &mut self,
        request: &mut Request,
        secrets: Vec<FakeSecret>,
        item: usize,
        base: &str,
        (url_key, headers_key, body_key): (&str, &str, &str),
        genesys: bool,
    ) {
        let mut body_fields: Vec<(String, String)> = Vec::new();
        let mut body_id = None;
        for secret in secrets {
            match secret.placement.clone() {
                Placement::Header { name, format } => {
                    let value = format.replace("{}", &secret.value);
                    let id = self.plant(secret, pointer_push(&format!("{base}/{headers_key}"), name), item, false);
                    set_header(&mut request.headers, name, Json::Marked(value, id));
                }
                Placement::UrlQuery { param } => {
                    let url = json_text(&request.url);
                    let sep = if url.contains('?') { '&' } else { '?' };
                    let value = format!("{url}{sep}{param}={}", secret.value);
                    let id = self.plant(secret, format!("{base}/{url_key}"), item, false);
                    request.url = Json::Marked(value, id);
                }
                Placement::UrlUserinfo { user } => {
                    let url = json_text(&request.url);
                    let absolute = if url.starts_with('/') {
                        format!("https://api.{}.example.com{url}", self.e.pick(VENDORS))
                    } else {
                        url
                    };
                    let value = absolute.replacen("https://", &format!("https://{user}:{}@", secret.value), 1);
                    let id = self.plant(secret, format!("{base}/{url_key}"), item, false);
                    request.url = Json::Marked(value, id);
                }
                Placement::Url => {
                    let value = secret.value.clone();
                    let id = self.plant(secret, format!("{base}/{url_key}"), item, false);
                    request.url = Json::Marked(value, id);
                }
                Placement::BodyField { key } => {
                    body_fields.push((key.to_owned(), secret.value.clone()));
                    match secret.kind {
                        SecretKind::AzureClientSecret => {
                            body_fields.push(("client_id".to_owned(), secrets::uuid(self.e)));
                            body_fields.push(("grant_type".to_owned(), "client_credentials".to_owned()));
                        }
                        SecretKind::BodyPassword => {
                            body_fields.insert(0, ("username".to_owned(), format!("svc_{}", self.e.string(LOWER, 6))));
                        }
                        SecretKind::PrivateKey => {
                            body_fields.insert(0, ("type".to_owned(), "service_account".to_owned()));
                            body_fields.push(("client_email".to_owned(), "svc@project.iam.example.com".to_owned()));
                        }
                        _ => {}
                    }
                    body_id = Some(self.plant(secret, format!("{base}/{body_key}"), item, false));
                }
            }
        }
        if let Some(id) = body_id {
            let mut members: Vec<String> =
                body_fields.iter().map(|(k, v)| format!("{}: {}", escape(k), escape(v))).collect();
            if genesys {
                members.push("\"query\": \"$esc.jsonString(${input.query})\"".to_owned());
            } else {
                members.push("\"queueId\": \"{{system.queueId}}\"".to_owned());
            }
            if matches!(request.method, "GET" | "DELETE") {
                request.method = "POST";
            }
            request.body = Json::Marked(format!("{{{}}}", members.join(", ")), id);
        }
    }

    /// A Secure Data provisioning payload (the guide's POST body) holding a secret.
    fn payload(&mut self, item: usize, pointer: &str) -> Json {
        let kind = *self.e.pick(SecretKind::ALL);
        let secret = secrets::generate(kind, self.e);
        let vendor = *self.e.pick(VENDORS);
        let value = secret.value.clone();
        let id = self.plant(secret, format!("{pointer}/secureData/value"), item, true);
        Json::obj(vec![
            ("name", Json::Str(format!("{vendor}_api_key_prod"))),
            ("description", Json::Str(format!("Production API key for the {vendor} service"))),
            ("secureData", Json::obj(vec![("value", Json::Marked(value, id))])),
            (
                "tags",
                Json::Arr(vec![
                    Json::str("env:prod"),
                    Json::Str(format!("service:{vendor}")),
                    Json::str("rotation:quarterly"),
                ]),
            ),
        ])
    }
}

fn json_text(value: &Json) -> String {
    match value {
        Json::Str(s) | Json::Marked(s, _) => s.clone(),
        _ => String::new(),
    }
}

/// Replaces the last header called `name`, or adds it.
fn set_header(headers: &mut Vec<(String, Json)>, name: &str, value: Json) {
    match headers.iter_mut().rev().find(|(k, _)| k == name) {
        Some(slot) => slot.1 = value,
        None => headers.push((name.to_owned(), value)),
    }
}

/// Appends a reference token, escaping `~` and `/` (RFC 6901).
pub fn pointer_push(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", token.replace('~', "~0").replace('/', "~1"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_bytes() {
        let a = generate_seeded(&Config::dense(20_000), 42);
        let b = generate_seeded(&Config::dense(20_000), 42);
        assert_eq!(a.text, b.text);
        assert_ne!(a.text, generate_seeded(&Config::dense(20_000), 43).text);
    }

    #[test]
    fn dense_documents_carry_two_secrets_per_action_on_separate_lines() {
        let doc = generate_seeded(&Config::dense(50_000), 1);
        assert!(doc.text.len() >= 50_000);
        assert_eq!(doc.planted.len(), 2 * doc.actions);
        let mut lines: Vec<usize> = doc.planted.iter().map(|p| p.line).collect();
        lines.sort_unstable();
        lines.dedup();
        assert_eq!(lines.len(), doc.planted.len());
        let text_lines: Vec<&str> = doc.text.lines().collect();
        for p in &doc.planted {
            // Body secrets sit in a JSON string inside a JSON string: escaped twice.
            let once = escape(&p.value);
            let twice = escape(&once[1..once.len() - 1]);
            let line = text_lines[p.line - 1];
            assert!(
                line.contains(&once[1..once.len() - 1]) || line.contains(&twice[1..twice.len() - 1]),
                "{:?} not on line {}",
                p.kind,
                p.line
            );
            assert_eq!(&doc.text[p.offset..p.offset + 1], "\"");
        }
    }

    #[test]
    fn sparse_documents_carry_about_one_percent() {
        let doc = generate_seeded(&Config::sparse(2_000_000), 3);
        let share = doc.planted.len() as f64 / doc.actions as f64;
        assert!((0.005..0.02).contains(&share), "{share}");
    }

    #[test]
    fn bom_and_crlf_keep_offsets_relative_to_the_body() {
        let mut e = SplitMix64::new(5);
        let config = Config {
            bom: true,
            line_ending: LineEnding::CrLf,
            secret_per_mille: 1000,
            secrets_per_action: 2,
            ..Config::random(&mut e)
        };
        let doc = generate(&config, &mut e);
        assert!(doc.text.starts_with('\u{feff}'));
        assert!(doc.body().contains("\r\n"));
        for p in &doc.planted {
            assert_eq!(&doc.body()[p.offset..p.offset + 1], "\"");
        }
    }

    #[test]
    fn exhausted_entropy_still_terminates() {
        let mut e = ByteEntropy::new(&[]);
        let config = Config::random(&mut e);
        let doc = generate(&config, &mut e);
        assert!(doc.actions >= 1);
    }
}
