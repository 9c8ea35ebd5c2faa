//! What a document is: Data Actions of which shape, Secure Data payloads, or neither.
//!
//! Kinds are recognised by structure, never by file name (stdin and editors have none). Every
//! action keeps its pointer from the document root.

use jsonc_parser::ast::{Object, Value};

use crate::pointer;

/// The shape an action is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ActionShape {
    /// The guide's `{"type":"http","config":{"method","url","headers","body"}}`.
    Guide,
    /// A Genesys export (`*.custom.json`): `config.request`, `contract`.
    Export,
    /// The Platform API shape: an export plus `category` / `integrationId`.
    Api,
}

impl ActionShape {
    /// Real Genesys shapes use Velocity and `${credentials.x}`; the guide's uses `{{ … }}`.
    pub fn is_genesys(self) -> bool {
        matches!(self, ActionShape::Export | ActionShape::Api)
    }
}

/// One Data Action inside a document.
pub struct Action<'d, 'a> {
    /// Pointer of the action object from the document root (`""`, `/0`, `/entities/3`).
    pub pointer: String,
    pub shape: ActionShape,
    /// The action object, as the `Value` that holds it.
    pub value: &'d Value<'a>,
}

/// The parts of a request, wherever the shape keeps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestPart {
    Method,
    Url,
    Headers,
    Body,
}

impl<'d, 'a> Action<'d, 'a> {
    /// Pointer (relative to the action) of a request part in this action's shape.
    pub fn relative_pointer(&self, part: RequestPart) -> &'static str {
        match (self.shape, part) {
            (ActionShape::Guide, RequestPart::Method) => "/config/method",
            (ActionShape::Guide, RequestPart::Url) => "/config/url",
            (ActionShape::Guide, RequestPart::Headers) => "/config/headers",
            (ActionShape::Guide, RequestPart::Body) => "/config/body",
            (_, RequestPart::Method) => "/config/request/requestType",
            (_, RequestPart::Url) => "/config/request/requestUrlTemplate",
            (_, RequestPart::Headers) => "/config/request/headers",
            (_, RequestPart::Body) => "/config/request/requestTemplate",
        }
    }

    /// Absolute pointer of a request part.
    pub fn pointer_of(&self, part: RequestPart) -> String {
        format!("{}{}", self.pointer, self.relative_pointer(part))
    }

    /// Absolute pointer of a path relative to the action (`"/config/url"`).
    pub fn at(&self, relative: &str) -> String {
        format!("{}{}", self.pointer, relative)
    }

    /// The value at a pointer relative to the action.
    pub fn get(&self, relative: &str) -> Option<&'d Value<'a>> {
        let mut value: &'d Value<'a> = self.value;
        if relative.is_empty() {
            return Some(value);
        }
        // Rules call this for every action: tokens are unescaped only when they need it.
        for raw in relative.strip_prefix('/').unwrap_or(relative).split('/') {
            let token: std::borrow::Cow<'_, str> =
                if raw.contains('~') { raw.replace("~1", "/").replace("~0", "~").into() } else { raw.into() };
            value = match value {
                Value::Object(o) => &o.properties.iter().rev().find(|p| p.name.as_str() == token)?.value,
                Value::Array(a) => a.elements.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(value)
    }

    pub fn object(&self) -> &'d Object<'a> {
        match self.value {
            Value::Object(o) => o,
            _ => unreachable!("actions are objects by construction"),
        }
    }

    pub fn part(&self, part: RequestPart) -> Option<&'d Value<'a>> {
        self.get(self.relative_pointer(part))
    }

    /// A request part's string value.
    pub fn part_str(&self, part: RequestPart) -> Option<&'d str> {
        match self.part(part)? {
            Value::StringLit(s) => Some(s.value.as_ref()),
            _ => None,
        }
    }

    /// The action's `name`, if it is a string.
    pub fn name(&self) -> Option<&'d str> {
        match self.get("/name")? {
            Value::StringLit(s) => Some(s.value.as_ref()),
            _ => None,
        }
    }

    /// `integrationType` (exports only).
    pub fn integration_type(&self) -> Option<&'d str> {
        match self.get("/integrationType")? {
            Value::StringLit(s) => Some(s.value.as_ref()),
            _ => None,
        }
    }

    /// Names declared by the input contract (`contract.input.inputSchema.properties`), if any.
    pub fn input_names(&self) -> Option<Vec<&'d str>> {
        match self.get("/contract/input/inputSchema/properties")? {
            Value::Object(o) => Some(o.properties.iter().map(|p| p.name.as_str()).collect()),
            _ => None,
        }
    }

    /// Every string value in the request parts (URL, header values, body), with its absolute
    /// pointer, the part it belongs to and, for headers, the header name.
    pub fn request_strings(&self) -> Vec<RequestString<'d, 'a>> {
        let mut out = Vec::new();
        for part in [RequestPart::Url, RequestPart::Headers, RequestPart::Body] {
            let Some(value) = self.part(part) else { continue };
            let base = self.pointer_of(part);
            match (part, value) {
                (RequestPart::Headers, Value::Object(headers)) => {
                    for prop in &headers.properties {
                        if let Value::StringLit(s) = &prop.value {
                            out.push(RequestString {
                                pointer: pointer::push(&base, prop.name.as_str()),
                                part,
                                header: Some(prop.name.as_str()),
                                value: s.value.as_ref(),
                                literal: s,
                            });
                        }
                    }
                }
                (_, Value::StringLit(s)) => {
                    out.push(RequestString { pointer: base, part, header: None, value: s.value.as_ref(), literal: s })
                }
                _ => {}
            }
        }
        out
    }
}

/// A string inside an action's request.
pub struct RequestString<'d, 'a> {
    pub pointer: String,
    pub part: RequestPart,
    pub header: Option<&'d str>,
    pub value: &'d str,
    pub literal: &'d jsonc_parser::ast::StringLit<'a>,
}

/// A Secure Data provisioning payload (`{"name","description","secureData":{"value"},"tags"}`).
pub struct SecureDataPayload<'d, 'a> {
    pub pointer: String,
    pub value: &'d Value<'a>,
}

impl<'d, 'a> SecureDataPayload<'d, 'a> {
    pub fn object(&self) -> &'d Object<'a> {
        match self.value {
            Value::Object(o) => o,
            _ => unreachable!("payloads are objects by construction"),
        }
    }
    pub fn get_str(&self, key: &str) -> Option<&'d str> {
        match &self.object().properties.iter().rev().find(|p| p.name.as_str() == key)?.value {
            Value::StringLit(s) => Some(s.value.as_ref()),
            _ => None,
        }
    }
}

/// What a document holds.
#[derive(Default)]
pub struct DocumentModel<'d, 'a> {
    pub actions: Vec<Action<'d, 'a>>,
    pub payloads: Vec<SecureDataPayload<'d, 'a>>,
}

impl DocumentModel<'_, '_> {
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty() && self.payloads.is_empty()
    }
}

fn prop<'d, 'a>(object: &'d Object<'a>, key: &str) -> Option<&'d Value<'a>> {
    object.properties.iter().rev().find(|p| p.name.as_str() == key).map(|p| &p.value)
}

/// The shape of an object, if it is a Data Action. An object is an action when it has the
/// guide's `type: "http"` or `config.method`/`config.url`, or Genesys' `config.request` or
/// `contract`.
pub fn action_shape(object: &Object<'_>) -> Option<ActionShape> {
    let config = match prop(object, "config") {
        Some(Value::Object(c)) => Some(c),
        _ => None,
    };
    let has = |o: Option<&Object<'_>>, k: &str| o.is_some_and(|o| prop(o, k).is_some());
    let genesys = has(config, "request") || prop(object, "contract").is_some();
    let guide = matches!(prop(object, "type"), Some(Value::StringLit(s)) if s.value.eq_ignore_ascii_case("http"))
        || has(config, "method")
        || has(config, "url");
    if genesys {
        if prop(object, "category").is_some() || prop(object, "integrationId").is_some() {
            Some(ActionShape::Api)
        } else {
            Some(ActionShape::Export)
        }
    } else if guide {
        Some(ActionShape::Guide)
    } else {
        None
    }
}

/// Whether an object is a Secure Data provisioning payload.
pub fn is_secure_data_payload(object: &Object<'_>) -> bool {
    matches!(prop(object, "secureData"), Some(Value::Object(sd)) if prop(sd, "value").is_some())
}

/// Finds the actions and payloads of a document: the root itself, a JSON array of them, or a
/// list response `{"entities": [...]}`.
pub fn build<'d, 'a>(root: &'d Value<'a>) -> DocumentModel<'d, 'a> {
    let mut model = DocumentModel::default();
    match root {
        Value::Object(obj) if !classify(root, String::new(), &mut model) => {
            if let Some(Value::Array(entities)) = prop(obj, "entities") {
                for (i, element) in entities.elements.iter().enumerate() {
                    classify(element, pointer::push_index("/entities", i), &mut model);
                }
            }
        }
        Value::Array(arr) => {
            for (i, element) in arr.elements.iter().enumerate() {
                classify(element, pointer::push_index("", i), &mut model);
            }
        }
        _ => {}
    }
    model
}

fn classify<'d, 'a>(value: &'d Value<'a>, pointer: String, model: &mut DocumentModel<'d, 'a>) -> bool {
    let Value::Object(obj) = value else { return false };
    if let Some(shape) = action_shape(obj) {
        model.actions.push(Action { pointer, shape, value });
        true
    } else if is_secure_data_payload(obj) {
        model.payloads.push(SecureDataPayload { pointer, value });
        true
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse, Dialect};

    fn shape_of(json: &str) -> Option<ActionShape> {
        let doc = parse(json, Dialect::Json).unwrap_or_else(|e| panic!("{e:?}"));
        match &doc.root {
            Value::Object(o) => action_shape(o),
            _ => None,
        }
    }

    fn pointers(json: &str) -> (Vec<(String, ActionShape)>, Vec<String>) {
        let doc = parse(json, Dialect::Json).unwrap_or_else(|e| panic!("{e:?}"));
        let model = build(&doc.root);
        (
            model.actions.iter().map(|a| (a.pointer.clone(), a.shape)).collect(),
            model.payloads.iter().map(|p| p.pointer.clone()).collect(),
        )
    }

    #[test]
    fn guide_shape_is_recognised_by_any_of_its_markers() {
        assert_eq!(shape_of(r#"{"type": "http", "name": "x"}"#), Some(ActionShape::Guide));
        assert_eq!(shape_of(r#"{"type": "HTTP"}"#), Some(ActionShape::Guide));
        assert_eq!(shape_of(r#"{"config": {"url": "https://x"}}"#), Some(ActionShape::Guide));
        assert_eq!(shape_of(r#"{"config": {"method": "GET"}}"#), Some(ActionShape::Guide));
    }

    #[test]
    fn exports_are_recognised_whatever_their_integration() {
        // A function action has no URL; a customAuth action fetches a token; Salesforce,
        // Lambda and Zendesk integrations use the same export shape.
        let function = r#"{"name": "f", "integrationType": "function-data-actions", "actionType": "custom",
            "config": {"request": {"requestType": "POST"}, "response": {}}, "contract": {}}"#;
        assert_eq!(shape_of(function), Some(ActionShape::Export));
        let custom_auth = r#"{"name": "auth", "integrationType": "custom-rest-actions", "actionType": "customAuth",
            "config": {"request": {"requestUrlTemplate": "${credentials.loginUrl}", "requestType": "POST"}}}"#;
        assert_eq!(shape_of(custom_auth), Some(ActionShape::Export));
        let salesforce = r#"{"name": "s", "integrationType": "salesforce-datadip", "contract": {"input": {}}}"#;
        assert_eq!(shape_of(salesforce), Some(ActionShape::Export));
        // `config` of the wrong type does not hide a contract.
        assert_eq!(shape_of(r#"{"config": "x", "contract": {}}"#), Some(ActionShape::Export));
        // Genesys markers win over the guide's when both are present.
        assert_eq!(shape_of(r#"{"type": "http", "config": {"request": {}, "url": "x"}}"#), Some(ActionShape::Export));
    }

    #[test]
    fn api_shape_has_category_or_integration_id() {
        assert_eq!(shape_of(r#"{"category": "c", "config": {"request": {}}}"#), Some(ActionShape::Api));
        assert_eq!(shape_of(r#"{"integrationId": "i", "contract": {}}"#), Some(ActionShape::Api));
    }

    #[test]
    fn other_objects_are_not_actions() {
        assert_eq!(shape_of(r#"{"type": "rest", "name": "x"}"#), None);
        assert_eq!(shape_of(r#"{"config": {"timeout": 3}}"#), None);
        assert_eq!(shape_of(r#"{"compilerOptions": {"strict": true}}"#), None);
        assert_eq!(shape_of(r#"{"integrationType": "custom-rest-actions", "name": "x"}"#), None);
    }

    #[test]
    fn documents_hold_actions_and_payloads_with_root_pointers() {
        let array = r#"[{"type": "http"}, 3, {"name": "p", "secureData": {"value": "v"}}, {"contract": {}}]"#;
        assert_eq!(
            pointers(array),
            (
                vec![("/0".to_owned(), ActionShape::Guide), ("/3".to_owned(), ActionShape::Export)],
                vec!["/2".to_owned()]
            )
        );
        let list = r#"{"entities": [{"category": "c", "contract": {}}, {"other": 1}], "pageSize": 25}"#;
        assert_eq!(pointers(list), (vec![("/entities/0".to_owned(), ActionShape::Api)], vec![]));
        // An action that happens to have an `entities` member is still the action.
        let action = r#"{"type": "http", "entities": [{"type": "http"}]}"#;
        assert_eq!(pointers(action), (vec![(String::new(), ActionShape::Guide)], vec![]));
        assert_eq!(pointers(r#""just a string""#), (vec![], vec![]));
    }
}
