use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::pointer::Target;
use crate::preview::analysis::ActionTemplates;
use crate::preview::inputs::to_json;
use crate::rule::{LintContext, Report, Rule, RuleMeta};
use crate::rules::schema::shown;
use crate::template::ast::{
    walk_references, GuideExpr, GuideExprKind, GuideExpression, GuideStringPart, Node, Part, Reference,
};
use crate::template::names::{did_you_mean, LOOP_VARIABLES, REQUEST_NAMESPACES, TOOLS};
use crate::template::sites::{SiteKind, TemplateSite};
use crate::template::{has_template_syntax, Template};
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Reports Velocity references that read nothing:
    /// - a namespace in the wrong case or misspelt: `$Input.id`, `${INPUT.id}`, `$imput.id`
    ///   (Velocity names are case-sensitive, so these never resolve);
    /// - `${input.x}` where the input contract declares no `x` (with the declared name you
    ///   probably meant);
    /// - in a successTemplate, a variable that is neither a translation-map name nor `rawResult`;
    /// - in a request template, a braced or dotted reference to anything but `input`,
    ///   `credentials`, `authResponse`, Genesys' helpers (`esc`, `encoding`, `math`, `urlTool`,
    ///   `successTemplateUtils`, `salesforce`) and variables of `#set`/`#foreach`;
    /// - in the guide's `{{ … }}`, a near miss of `secureData`, `json`, `system`, `Flow`, `Task`,
    ///   `State` or `input` (`{{secureDta("x")}}`, `{{sytem.queueId}}`).
    ///
    /// ## Why is this bad?
    /// A reference with no value is sent as written: the request goes to
    /// `/api/v2/conversations/$Input.conversationId/summaries`, or the body carries the literal
    /// text `${input.contactlistId}`. The action fails, or worse, succeeds with the wrong data.
    ///
    /// ## Example
    /// ```json
    /// {"config": {"request": {"requestType": "GET", "requestUrlTemplate": "/api/v2/conversations/$esc.uriEncode($Input.conversationId)"}},
    ///  "contract": {"input": {"inputSchema": {"type": "object", "properties": {"conversationId": {"type": "string", "pattern": "^[a-f0-9-]+$"}}}}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"config": {"request": {"requestType": "GET", "requestUrlTemplate": "/api/v2/conversations/$esc.uriEncode($input.conversationId)"}},
    ///  "contract": {"input": {"inputSchema": {"type": "object", "properties": {"conversationId": {"type": "string", "pattern": "^[a-f0-9-]+$"}}}}}}
    /// ```
    ///
    /// ## Fix safety
    /// Correcting the case of a namespace (`Input` → `input`) is safe: the reference could never
    /// resolve as written. Renaming a misspelt name to the closest declared one is unsafe: dalint
    /// cannot be sure which name was meant.
    pub struct UnknownVariable {
        code: "TPL002",
        name: "unknown-variable",
        category: Template,
        severity: Warning,
        fix: Sometimes,
        summary: "A template reference that reads nothing (miscased, misspelt or undeclared).",
    }
}

/// Names the guide's `{{ … }}` expressions use.
const GUIDE_NAMES: &[&str] = &["secureData", "json", "system", "Flow", "Task", "State", "input"];

impl Rule for UnknownVariable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_action(&self, ctx: &LintContext<'_, '_>, templates: &ActionTemplates<'_, '_, '_>, out: &mut Vec<Report>) {
        let inputs = templates.inputs();
        let declared = inputs.declared();
        let translation: Vec<String> = match templates.action().get("/config/response/translationMap").map(to_json) {
            Some(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
            _ => Vec::new(),
        };
        for analyzed in templates.sites() {
            if !has_template_syntax(analyzed.site.value) {
                continue;
            }
            let check = SiteCheck {
                ctx,
                site: &analyzed.site,
                template: &analyzed.template,
                contract: inputs.specs.is_some(),
                declared: &declared,
                translation: &translation,
            };
            check.run(out);
        }
    }
}

struct SiteCheck<'c, 'x, 'd, 'a> {
    ctx: &'c LintContext<'d, 'a>,
    site: &'x TemplateSite<'x>,
    template: &'x Template,
    /// Whether the action has an input contract at all.
    contract: bool,
    declared: &'x [&'x str],
    translation: &'x [String],
}

/// Names a template defines itself: `#set($x = …)` and `#foreach($x in …)`.
fn local_names(nodes: &[Node], out: &mut Vec<String>) {
    for node in nodes {
        match node {
            Node::Set(set) => out.push(set.target.root.name.clone()),
            Node::Foreach(block) => {
                out.push(block.variable.name.clone());
                local_names(&block.body, out);
            }
            Node::If(block) => {
                block.branches.iter().for_each(|b| local_names(&b.body, out));
                if let Some(otherwise) = &block.otherwise {
                    local_names(&otherwise.body, out);
                }
            }
            _ => {}
        }
    }
}

impl SiteCheck<'_, '_, '_, '_> {
    fn run(&self, out: &mut Vec<Report>) {
        let template = self.template;
        let mut locals = Vec::new();
        local_names(&template.nodes, &mut locals);
        let success = self.site.kind == SiteKind::SuccessTemplate;
        let mut known: Vec<&str> = TOOLS.iter().map(|(n, _)| *n).chain(LOOP_VARIABLES.iter().copied()).collect();
        known.extend(locals.iter().map(String::as_str));
        if success {
            known.push("input");
            known.push("rawResult");
            known.extend(self.translation.iter().map(String::as_str));
        } else {
            known.extend(REQUEST_NAMESPACES);
        }
        self.guide_names(&template.nodes, out);
        walk_references(&template.nodes, &mut |reference: &Reference| {
            let root = reference.root.name.as_str();
            if known.contains(&root) {
                if root == "input" && !locals.iter().any(|l| l == "input") {
                    self.check_input(reference, out);
                }
                return;
            }
            self.unknown_root(reference, &known, success, out);
        });
    }

    /// Names in the guide's `{{ … }}` that are a near miss of the ones it knows (`secureDta`,
    /// `sytem`). Other names are the flow's business: not reported.
    fn guide_names(&self, nodes: &[Node], out: &mut Vec<Report>) {
        for node in nodes {
            match node {
                Node::Expression(GuideExpression { expr: Some(expr), .. }) => self.guide_expr(expr, out),
                Node::If(block) => {
                    block.branches.iter().for_each(|b| self.guide_names(&b.body, out));
                    if let Some(otherwise) = &block.otherwise {
                        self.guide_names(&otherwise.body, out);
                    }
                }
                Node::Foreach(block) => self.guide_names(&block.body, out),
                _ => {}
            }
        }
    }

    fn guide_expr(&self, expr: &GuideExpr, out: &mut Vec<Report>) {
        match &expr.kind {
            GuideExprKind::Path(path) => {
                let root = &path[0];
                if GUIDE_NAMES.contains(&root.name.as_str()) {
                    return;
                }
                if let Some(meant) = did_you_mean(&root.name, GUIDE_NAMES.iter().copied()) {
                    let message = format!(
                        "unknown name `{}` in {}; did you mean `{meant}`?",
                        shown(&root.name),
                        self.site.kind.describe()
                    );
                    let mut report = Report::new(self.site.pointer.clone(), Target::DecodedSpan(root.range), message);
                    if let Some(edit) = self.edit(root.range, meant) {
                        report = report.fix(Fix::unsafe_(format!("Rename to `{meant}`"), vec![edit]));
                    }
                    out.push(report);
                }
            }
            GuideExprKind::Call { callee, args } => {
                self.guide_expr(callee, out);
                args.iter().for_each(|a| self.guide_expr(a, out));
            }
            GuideExprKind::Index { target, index } => {
                self.guide_expr(target, out);
                self.guide_expr(index, out);
            }
            GuideExprKind::Add(a, b) => {
                self.guide_expr(a, out);
                self.guide_expr(b, out);
            }
            GuideExprKind::Object(entries) => entries.iter().for_each(|(_, v)| self.guide_expr(v, out)),
            GuideExprKind::Array(items) => items.iter().for_each(|v| self.guide_expr(v, out)),
            GuideExprKind::String(parts) => parts.iter().for_each(|p| {
                if let GuideStringPart::Nested(GuideExpression { expr: Some(e), .. }) = p {
                    self.guide_expr(e, out);
                }
            }),
            GuideExprKind::Nested(nested) => {
                if let Some(e) = &nested.expr {
                    self.guide_expr(e, out);
                }
            }
            GuideExprKind::Number(_) | GuideExprKind::Bool(_) | GuideExprKind::Null => {}
        }
    }

    /// The edit replacing `range` (in the decoded string) with `new_text`. None when `new_text`
    /// would not read back as one Velocity name (a contract may declare `orderId:`; writing it
    /// would re-read as `orderId` followed by `:`, and the rename would repeat forever).
    fn edit(&self, range: TextRange, new_text: &str) -> Option<Edit> {
        let mut bytes = new_text.bytes();
        let is_name = bytes.next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !is_name {
            return None;
        }
        // Names are written without escapes; `raw_span` never widens to the whole literal.
        let raw = self.ctx.index.raw_span(&self.site.pointer, range)?;
        let exact = self.ctx.text.get(raw.start..raw.end) == self.site.value.get(range.start..range.end);
        exact.then(|| Edit::replace(raw, new_text))
    }

    fn check_input(&self, reference: &Reference, out: &mut Vec<Report>) {
        if !self.contract {
            return;
        }
        let Some(Part::Property(name)) = reference.parts.first() else { return };
        if name.name == "rawRequest" || self.declared.contains(&name.name.as_str()) {
            return;
        }
        let place = self.site.kind.describe();
        let shown_name = shown(&name.name);
        let mut message = format!("input `{shown_name}` in {place} is not declared by the input contract");
        let suggestion = did_you_mean(&name.name, self.declared.iter().copied());
        let mut report;
        match suggestion {
            Some(meant) => {
                message.push_str(&format!("; did you mean `{meant}`?"));
                report = Report::new(self.site.pointer.clone(), Target::DecodedSpan(name.range), message);
                if let Some(edit) = self.edit(name.range, meant) {
                    report = report.fix(Fix::unsafe_(format!("Rename to `input.{meant}`"), vec![edit]));
                }
            }
            None => {
                message.push_str(": it has no value, so Velocity sends the reference as written");
                report = Report::new(self.site.pointer.clone(), Target::DecodedSpan(name.range), message);
            }
        }
        out.push(report);
    }

    fn unknown_root(&self, reference: &Reference, known: &[&str], success: bool, out: &mut Vec<Report>) {
        let root = &reference.root;
        let place = self.site.kind.describe();
        let shown_root = shown(&root.name);
        let suggestion = did_you_mean(&root.name, known.iter().copied());
        let pointer = self.site.pointer.clone();
        let target = Target::DecodedSpan(root.range);
        match suggestion {
            Some(meant) if meant.eq_ignore_ascii_case(&root.name) => {
                let message = format!(
                    "`${shown_root}` in {place} never resolves: Velocity names are case-sensitive; did you mean `{meant}`?"
                );
                let mut report = Report::new(pointer, target, message);
                if let Some(edit) = self.edit(root.range, meant) {
                    report = report.fix(Fix::safe(format!("Write `{meant}`"), vec![edit]));
                }
                out.push(report);
            }
            Some(meant) => {
                let message = format!("unknown variable `{shown_root}` in {place}; did you mean `{meant}`?");
                let mut report = Report::new(pointer, target, message);
                if let Some(edit) = self.edit(root.range, meant) {
                    report = report.fix(Fix::unsafe_(format!("Rename to `{meant}`"), vec![edit]));
                }
                out.push(report);
            }
            None if success => {
                let names = if self.translation.is_empty() {
                    "there is no translation map, so only `rawResult`".to_owned()
                } else {
                    format!("the translation map defines {}", self.translation.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", "))
                };
                out.push(Report::new(pointer, target, format!("unknown variable `{shown_root}` in {place}: {names}")));
            }
            // A bare `$word` in a request is often text (`$filter` in an OData URL): only braced or
            // dotted references show template intent.
            None if reference.braced || !reference.parts.is_empty() => out.push(Report::new(
                pointer,
                target,
                format!(
                    "unknown variable `{shown_root}` in {place}: request templates read `input`, `credentials`, `authResponse` and Genesys' helpers"
                ),
            )),
            None => {}
        }
    }
}
