//! Redaction fails closed: a value planted where a credential can go never reaches any registered
//! output ([`SURFACES`]), whether or not the detector judges it a secret, nor its JSON-escaped,
//! percent-encoded or base64 forms; and the values around it that are not credentials (the
//! content type, URL path ids, ETags, non-secret query parameters, a `queueId` field) appear byte
//! for byte, so masking everything would not pass.
//!
//! Planted values are 8 to 200 characters from several generators: random base62, hex, base64
//! and UUIDs, human passwords (a word, digits, a symbol), and text with quotes, backslashes,
//! spaces and non-ASCII characters, where the position allows them.

use dalint_core::preview::PreviewOptions;
use dalint_core::secrets::positions::is_placeholder_shape;
use dalint_core::surfaces::{Surface, SURFACES};
use dalint_core::template::tools::{base64_encode, uri_encode};
use dalint_core::Options;
use proptest::prelude::*;
use serde_json::json;

/// Where the value is planted.
#[derive(Debug, Clone, Copy)]
enum Position {
    /// A header off the non-secret list (deny by default), named like a vendor header or not.
    Header(&'static str),
    Authorization,
    Cookie,
    Query(&'static str),
    AzureFunctionCode,
    UrlPassword,
    FormField(&'static str),
    JsonField(&'static str),
    XmlElement(&'static str),
    XmlAttribute(&'static str),
    VelocitySet(&'static str),
    ContractDefault(&'static str),
}

const HEADERS: &[&str] =
    &["X-Acme-Auth", "X-Acme-Auth-Key", "Acme-Access-Key", "X-Acme-Signature", "Private-Token", "X-Tenant"];
const QUERY: &[&str] = &["api_key", "token", "sig", "X-Amz-Signature", "session", "auth", "client_secret"];
const FIELDS: &[&str] = &["password", "client_secret", "apiKey", "sessionToken", "pwd", "privateKey", "authCode"];
const XML: &[&str] = &["wsse:Password", "ns1:apiKey", "Token", "sig"];
const VARIABLES: &[&str] = &["token", "apiKey", "password", "secret"];
const INPUTS: &[&str] = &["apiToken", "password", "clientSecret"];

fn position() -> impl Strategy<Value = Position> {
    let pick = |names: &'static [&'static str]| proptest::sample::select(names);
    prop_oneof![
        pick(HEADERS).prop_map(Position::Header),
        Just(Position::Authorization),
        Just(Position::Cookie),
        pick(QUERY).prop_map(Position::Query),
        Just(Position::AzureFunctionCode),
        Just(Position::UrlPassword),
        pick(FIELDS).prop_map(Position::FormField),
        pick(FIELDS).prop_map(Position::JsonField),
        pick(XML).prop_map(Position::XmlElement),
        pick(FIELDS).prop_map(Position::XmlAttribute),
        pick(VARIABLES).prop_map(Position::VelocitySet),
        pick(INPUTS).prop_map(Position::ContractDefault),
    ]
}

fn from_alphabet(alphabet: &'static [u8], len: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(alphabet), len)
        .prop_map(|bytes| String::from_utf8(bytes).unwrap_or_default())
}

const BASE62: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX: &[u8] = b"0123456789abcdef";
const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Characters of the "odd" generator: quotes, backslashes, spaces, non-ASCII.
const ODD: &[&str] = &["a", "Z", "7", "\"", "'", "\\", " ", "é", "日本", "😀", "-", "_", "!", "%", "ß", "q", "x", "3"];

fn planted() -> impl Strategy<Value = String> {
    prop_oneof![
        from_alphabet(BASE62, 8..=200),
        from_alphabet(HEX, 8..=64),
        (from_alphabet(BASE64, 6..=120), 0..3usize).prop_map(|(s, pad)| format!("{s}{}", "=".repeat(pad))),
        from_alphabet(HEX, 32..=32).prop_map(|h| format!(
            "{}-{}-4{}-a{}-{}",
            &h[..8],
            &h[8..12],
            &h[13..16],
            &h[17..20],
            &h[20..]
        )),
        (
            proptest::sample::select(&["Summer", "winter", "Password", "welcome", "dragon"][..]),
            10..99999u32,
            proptest::sample::select(&["!", "@", "%", "*", "?", "."][..])
        )
            .prop_map(|(w, n, s)| format!("{w}{n}{s}")),
        proptest::collection::vec(proptest::sample::select(ODD), 8..=60).prop_map(|parts| parts.concat()),
    ]
    .prop_filter("8 to 200 characters, not a placeholder shape", |s| {
        (8..=200).contains(&s.chars().count()) && !is_placeholder_shape(s.trim())
    })
}

/// Characters a position cannot hold as written (they would end it or change its syntax).
fn fits(position: Position, value: &str) -> bool {
    let forbidden: &[char] = match position {
        Position::Cookie => &[';'],
        Position::XmlElement(_) => &['<', '>', '&'],
        Position::XmlAttribute(_) => &['<', '>', '&', '"', '\''],
        Position::VelocitySet(_) => &['"', '\\'],
        _ => &[],
    };
    !value.contains(forbidden) && value.trim() == value
}

/// The non-credential values of a case, which must appear byte for byte.
#[derive(Debug)]
struct Visible {
    path_id: String,
    etag: String,
    page: String,
    queue_id: String,
}

/// A Genesys export with `value` at `position` and the [`Visible`] values around it.
fn document(position: Position, value: &str, visible: &Visible) -> String {
    let pct = uri_encode(value);
    let Visible { path_id, etag, page, queue_id } = visible;
    let mut url = format!("https://api.example.com/v1/queues/{path_id}/members?page={page}");
    let mut headers = serde_json::Map::new();
    headers.insert("Content-Type".into(), json!("application/json"));
    headers.insert("If-None-Match".into(), json!(etag));
    let mut body = format!("{{\"queueId\": \"{queue_id}\"}}");
    let mut properties = json!({"queueId": {"type": "string"}});
    match position {
        Position::Header(name) => {
            headers.insert(name.into(), json!(value));
        }
        Position::Authorization => {
            headers.insert("Authorization".into(), json!(format!("Bearer {value}")));
        }
        Position::Cookie => {
            headers.insert("Cookie".into(), json!(format!("theme=dark; sid={value}")));
        }
        Position::Query(name) => url.push_str(&format!("&{name}={pct}")),
        Position::AzureFunctionCode => {
            url = format!("https://fn-{path_id}.azurewebsites.net/api/queues/{path_id}/members?page={page}&code={pct}");
        }
        Position::UrlPassword => url = url.replacen("https://", &format!("https://svc:{pct}@"), 1),
        Position::FormField(name) => {
            headers.insert("Content-Type".into(), json!("application/x-www-form-urlencoded"));
            body = format!("grant_type=client_credentials&{name}={pct}&queueId={queue_id}");
        }
        Position::JsonField(name) => {
            body = format!(
                "{{\"queueId\": \"{queue_id}\", \"{name}\": {}}}",
                serde_json::to_string(value).unwrap_or_default()
            );
        }
        Position::XmlElement(name) => {
            headers.insert("Content-Type".into(), json!("text/xml"));
            body = format!(
                "<s:Envelope><s:Header><{name}>{value}</{name}></s:Header><queueId>{queue_id}</queueId></s:Envelope>"
            );
        }
        Position::XmlAttribute(name) => {
            headers.insert("Content-Type".into(), json!("text/xml"));
            body = format!("<login {name}=\"{value}\" queueId=\"{queue_id}\"/>");
        }
        Position::VelocitySet(name) => {
            body = format!("#set(${name} = \"{value}\")\n{{\"queueId\": \"{queue_id}\"}}");
        }
        Position::ContractDefault(name) => {
            properties[name] = json!({"type": "string", "default": value});
            headers.insert("X-Partner-Key".into(), json!(format!("${{input.{name}}}")));
        }
    }
    json!({
        "name": "Fail closed",
        "integrationType": "custom-rest-actions",
        "actionType": "custom",
        "config": {
            "request": {"requestUrlTemplate": url, "requestType": "POST", "headers": headers, "requestTemplate": body},
            "response": {"translationMap": {"qid": "$.queueId"}, "successTemplate": "{\"queueId\": \"${qid}\"}"}
        },
        "contract": {
            "input": {"inputSchema": {"type": "object", "properties": properties}},
            "output": {"successSchema": {"type": "object"}}
        }
    })
    .to_string()
}

/// The forms a planted value must not take in any output.
fn forms(value: &str) -> Vec<String> {
    let escaped = serde_json::to_string(value).unwrap_or_default();
    let mut forms = vec![value.to_owned(), escaped[1..escaped.len() - 1].to_owned(), uri_encode(value)];
    forms.push(base64_encode(value.as_bytes()).trim_end_matches('=').to_owned());
    forms.sort();
    forms.dedup();
    forms
}

fn visible() -> impl Strategy<Value = Visible> {
    (from_alphabet(HEX, 8..=8), 1..999u32, 1..50u32, from_alphabet(HEX, 6..=6)).prop_map(|(id, etag, page, q)| {
        Visible {
            path_id: format!("q{id}"),
            etag: format!("W/\"{etag}\""),
            page: page.to_string(),
            queue_id: format!("queue-{q}"),
        }
    })
}

/// Surfaces that print the whole request, where every visible value must appear.
fn prints_the_request(surface: Surface) -> bool {
    matches!(surface, Surface::PreviewText | Surface::PreviewCurl | Surface::PreviewJson)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn what_sits_where_a_credential_goes_never_reaches_an_output(
        position in position(),
        value in planted(),
        visible in visible(),
    ) {
        prop_assume!(fits(position, &value));
        let text = document(position, &value, &visible);
        let options = Options::default();
        let preview_options = PreviewOptions { response: Some(json!({"queueId": visible.queue_id})), ..PreviewOptions::default() };
        for &surface in SURFACES {
            let out = surface.render(&text, &options, &preview_options);
            for form in forms(&value) {
                prop_assert!(!out.contains(&form), "{} prints {form:?} planted at {position:?}:\n{out}", surface.name());
            }
            if prints_the_request(surface) {
                let json_etag = visible.etag.replace('"', "\\\"");
                let etag = if surface == Surface::PreviewJson { &json_etag } else { &visible.etag };
                for shown in [&visible.path_id, &visible.page, &visible.queue_id, etag] {
                    prop_assert!(out.contains(shown.as_str()), "{} hides {shown:?} ({position:?}):\n{out}", surface.name());
                }
                let content_type = ["application/json", "application/x-www-form-urlencoded", "text/xml"];
                prop_assert!(content_type.iter().any(|c| out.contains(c)) && out.contains("/members?page="), "{}:\n{out}", surface.name());
            }
        }
    }
}

/// After the rewrite of a form body's `password=`, the preview shows the new reference's marker,
/// never a `‹secret …›` marker for the reference it has just written (the page's fix-all bug).
#[test]
fn a_rewritten_form_password_previews_as_its_reference() {
    let visible =
        Visible { path_id: "q1".into(), etag: "W/\"1\"".into(), page: "1".into(), queue_id: "queue-1".into() };
    let text = document(Position::FormField("password"), "Summer2024!", &visible);
    let options = Options { rewrite_target: dalint_core::config::RewriteTarget::Credentials, ..Options::default() };
    let fix = dalint_core::fix::FixOptions { unsafe_fixes: true, discard_secrets: true, ..Default::default() };
    let fixed = dalint_core::fix::apply_fixes(&text, &options, fix).expect("the rewrite applies").text;
    assert!(fixed.contains("password=${credentials."), "{fixed}");
    let out = Surface::PreviewText.render(&fixed, &options, &PreviewOptions::default());
    assert!(out.contains("password=‹credentials."), "{out}");
    assert!(!out.contains("‹secret"), "{out}");
}

/// `tests/fail_closed/surfaces.json` is [`dalint_core::surfaces::DISPLAYS`] as the page's and the
/// extension's tests read it; `DALINT_UPDATE_DOCS=1` rewrites it.
#[test]
fn the_display_list_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fail_closed/surfaces.json");
    let json = dalint_core::surfaces::displays_json();
    if std::env::var_os("DALINT_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &json).expect("write surfaces.json");
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == json,
        "tests/fail_closed/surfaces.json is stale; run `DALINT_UPDATE_DOCS=1 cargo test -p dalint_core --test fail_closed`"
    );
}

/// The fixture the page and the extension paste (`tests/fail_closed/planted.json`) holds in every
/// registered output here too: its hidden values never print, its shown values do in the preview.
#[test]
fn the_planted_fixture_of_the_page_and_extension_tests_holds_in_every_output() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fail_closed/planted.json");
    let fixture: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("planted.json")).expect("JSON");
    let text = fixture["action"].as_str().expect("action");
    let strings = |key: &str| -> Vec<String> {
        fixture[key].as_array().expect(key).iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()
    };
    for &surface in SURFACES {
        let out = surface.render(text, &Options::default(), &PreviewOptions::default());
        for hidden in strings("hidden") {
            assert!(!out.contains(&hidden), "{} prints a planted value:\n{out}", surface.name());
        }
        if prints_the_request(surface) {
            for shown in strings("shown") {
                assert!(out.contains(&shown), "{} hides {shown:?}:\n{out}", surface.name());
            }
        }
    }
}

#[path = "support/terraform_json.rs"]
mod terraform_json;

/// Where a value is planted in a Terraform module.
#[derive(Debug, Clone, Copy)]
enum TfPosition {
    /// An action header off the non-secret list.
    Header(&'static str),
    Authorization,
    Query(&'static str),
    /// A field of the `jsonencode({…})` request body.
    JsonField(&'static str),
    /// A secret field of a `genesyscloud_integration_credential`.
    CredentialField(&'static str),
    /// The `default` of a secret-named variable.
    VariableDefault,
    /// A secret-named value of a `.tfvars` file.
    Tfvars,
}

fn tf_position() -> impl Strategy<Value = TfPosition> {
    let pick = |names: &'static [&'static str]| proptest::sample::select(names);
    prop_oneof![
        pick(HEADERS).prop_map(TfPosition::Header),
        Just(TfPosition::Authorization),
        pick(QUERY).prop_map(TfPosition::Query),
        pick(FIELDS).prop_map(TfPosition::JsonField),
        pick(&["password", "clientSecret"][..]).prop_map(TfPosition::CredentialField),
        Just(TfPosition::VariableDefault),
        Just(TfPosition::Tfvars),
    ]
}

/// `value` as an HCL quoted string literal (Terraform's escapes, `${` as `$${`).
fn hcl_string(value: &str) -> String {
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"").replace("${", "$${").replace("%{", "%%{");
    format!("\"{escaped}\"")
}

/// A Terraform module (`.tf`, or `.tfvars` for [`TfPosition::Tfvars`]) with `value` at `position`
/// and the [`Visible`] values around it.
fn terraform_document(position: TfPosition, value: &str, visible: &Visible) -> String {
    let Visible { path_id, etag, page, queue_id } = visible;
    if let TfPosition::Tfvars = position {
        return format!("region            = \"eu\"\ncrm_client_secret = {}\n", hcl_string(value));
    }
    let mut url = format!("https://api.example.com/v1/queues/{path_id}/members?page={page}");
    let mut headers = vec![
        ("Content-Type".to_owned(), "\"application/json\"".to_owned()),
        ("If-None-Match".to_owned(), hcl_string(etag)),
    ];
    let mut body = format!("jsonencode({{ queueId = \"{queue_id}\" }})");
    let mut extra = String::new();
    match position {
        TfPosition::Header(name) => headers.push((name.to_owned(), hcl_string(value))),
        TfPosition::Authorization => headers.push(("Authorization".to_owned(), hcl_string(&format!("Bearer {value}")))),
        TfPosition::Query(name) => url.push_str(&format!("&{name}={}", uri_encode(value))),
        TfPosition::JsonField(name) => {
            body = format!("jsonencode({{ queueId = \"{queue_id}\", {name} = {} }})", hcl_string(value));
        }
        TfPosition::CredentialField(name) => {
            extra = format!(
                "\nresource \"genesyscloud_integration_credential\" \"crm\" {{\n  name                 = \"CRM\"\n  credential_type_name = \"userDefinedOAuth\"\n  fields = {{\n    clientId = \"crm-integration\"\n    {name} = {}\n  }}\n}}\n",
                hcl_string(value)
            );
        }
        TfPosition::VariableDefault => {
            extra =
                format!("\nvariable \"crm_password\" {{\n  type    = string\n  default = {}\n}}\n", hcl_string(value));
        }
        TfPosition::Tfvars => unreachable!("returned above"),
    }
    let headers: String = headers.iter().map(|(k, v)| format!("      \"{k}\" = {v}\n")).collect();
    format!(
        r#"resource "genesyscloud_integration_action" "fail_closed" {{
  name            = "Fail closed"
  category        = "Queues"
  integration_id  = var.integration_id
  contract_input  = jsonencode({{ type = "object", properties = {{ queueId = {{ type = "string" }} }} }})
  contract_output = jsonencode({{ type = "object" }})
  config_request {{
    request_url_template = {url}
    request_type         = "POST"
    request_template     = {body}
    headers = {{
{headers}    }}
  }}
  config_response {{
    translation_map  = {{ qid = "$.queueId" }}
    success_template = "{{\"queueId\": \"$${{qid}}\"}}"
  }}
}}
{extra}"#,
        url = hcl_string(&url),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// The same in Terraform, in both syntaxes (`.tf` and its `.tf.json` form) and in `.tfvars`:
    /// the value never reaches an output, and the request around it is shown.
    #[test]
    fn what_sits_where_a_credential_goes_in_terraform_never_reaches_an_output(
        position in tf_position(),
        value in planted(),
        visible in visible(),
    ) {
        prop_assume!(value.trim() == value);
        let native = terraform_document(position, &value, &visible);
        let files: Vec<(String, &str)> = match position {
            TfPosition::Tfvars => vec![(native.clone(), "prod.tfvars")],
            _ => {
                let json = terraform_json::to_terraform_json(&native).expect("the module converts");
                vec![(native.clone(), "main.tf"), (json, "main.tf.json")]
            }
        };
        for (text, file_name) in &files {
            let options = Options { file_name: Some((*file_name).to_owned()), ..Options::default() };
            let diagnostics = dalint_core::lint(text, &options);
            prop_assert!(diagnostics.iter().all(|d| !d.code.starts_with("PAR")), "{file_name}: {diagnostics:?}\n{text}");
            let preview_options = PreviewOptions {
                response: Some(json!({"queueId": visible.queue_id})),
                file_name: Some((*file_name).to_owned()),
                ..PreviewOptions::default()
            };
            for &surface in SURFACES {
                let out = surface.render(text, &options, &preview_options);
                for form in forms(&value) {
                    prop_assert!(!out.contains(&form), "{} of {file_name} prints {form:?} planted at {position:?}:\n{out}", surface.name());
                }
                if prints_the_request(surface) && position_has_an_action(position) {
                    for shown in [&visible.path_id, &visible.page, &visible.queue_id] {
                        prop_assert!(out.contains(shown.as_str()), "{} of {file_name} hides {shown:?} ({position:?}):\n{out}", surface.name());
                    }
                    prop_assert!(out.contains("application/json") && out.contains("/members?page="), "{}:\n{out}", surface.name());
                }
            }
        }
    }
}

fn position_has_an_action(position: TfPosition) -> bool {
    !matches!(position, TfPosition::Tfvars)
}
