//! The syntax tree of a template string. Every node keeps its byte range in the decoded string, so
//! rules and the preview can point at the exact characters.

use crate::text::TextRange;

/// Which template languages a string is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// Apache Velocity, as real Genesys exports use it. `{{` is plain text.
    #[default]
    Velocity,
    /// The guide's shape: `{{ … }}` expressions, plus Velocity (people mix the two).
    Guide,
}

/// A syntax problem (`TPL001`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: TextRange,
    pub message: String,
}

/// A parsed template string.
#[derive(Debug, Clone, Default)]
pub struct Template {
    pub nodes: Vec<Node>,
    pub errors: Vec<SyntaxError>,
}

#[derive(Debug, Clone)]
pub enum Node {
    /// Literal text, sent as written.
    Text(TextRange),
    /// `\$x` or `\#if`: the backslash is dropped, the rest is literal text (`text`).
    Escaped {
        range: TextRange,
        text: TextRange,
    },
    /// `## …` or `#* … *#`.
    Comment(TextRange),
    /// `#[[ … ]]#`: `content` is printed as written.
    Unparsed {
        range: TextRange,
        content: TextRange,
    },
    Reference(Reference),
    /// A guide expression `{{ … }}`.
    Expression(GuideExpression),
    If(IfBlock),
    Foreach(ForeachBlock),
    Set(SetDirective),
    /// `#break`.
    Break(TextRange),
    /// `#stop`.
    Stop(TextRange),
    /// `#macro(…) … #end` or `#define(…) … #end`: definitions dalint does not evaluate.
    Definition {
        name: String,
        head: TextRange,
        body: Vec<Node>,
        end: Option<TextRange>,
        range: TextRange,
    },
    /// `#parse(…)`, `#include(…)`, `#evaluate(…)`: they read other templates, which do not exist in a
    /// Data Action.
    External {
        name: String,
        range: TextRange,
    },
    /// `#name(…)` that is not a directive: a call to a macro that is not defined. Velocity prints it
    /// as written.
    UnknownDirective {
        name: String,
        range: TextRange,
    },
}

impl Node {
    pub fn range(&self) -> TextRange {
        match self {
            Node::Text(r) | Node::Comment(r) | Node::Break(r) | Node::Stop(r) => *r,
            Node::Escaped { range, .. }
            | Node::Unparsed { range, .. }
            | Node::Definition { range, .. }
            | Node::External { range, .. }
            | Node::UnknownDirective { range, .. } => *range,
            Node::Reference(r) => r.range,
            Node::Expression(e) => e.range,
            Node::If(b) => b.range,
            Node::Foreach(b) => b.range,
            Node::Set(s) => s.range,
        }
    }
}

/// A name with its range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub range: TextRange,
}

/// A Velocity reference: `$a`, `${a.b}`, `$!{a.b(…)[0]}`.
#[derive(Debug, Clone)]
pub struct Reference {
    pub range: TextRange,
    /// `$!`: prints nothing when null.
    pub silent: bool,
    /// `${…}`.
    pub braced: bool,
    pub root: Ident,
    pub parts: Vec<Part>,
    /// A syntax error inside it (unclosed `${`, `(` or quote): it is printed as written.
    pub malformed: bool,
}

#[derive(Debug, Clone)]
pub enum Part {
    /// `.name`
    Property(Ident),
    /// `.name(args)`; `range` covers `.name(…)`.
    Method { name: Ident, args: Vec<Expr>, range: TextRange },
    /// `[index]`
    Index { index: Box<Expr>, range: TextRange },
}

/// A Velocity expression (directive arguments, method arguments).
#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprKind,
    pub range: TextRange,
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    Reference(Reference),
    /// `"…"`: interpolated (references and directives inside are evaluated); `""` stands for `"`.
    Interpolated(Vec<Node>),
    /// `'…'`: literal; `''` stands for `'`.
    Literal(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
    List(Vec<Expr>),
    Map(Vec<(Expr, Expr)>),
    /// `[a..b]`
    Range(Box<Expr>, Box<Expr>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// Stands in for an expression that did not parse (the error is in [`Template::errors`]).
    Invalid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

impl BinaryOp {
    /// Binding strength: higher binds tighter.
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => 1,
            BinaryOp::And => 2,
            BinaryOp::Eq | BinaryOp::Ne => 3,
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => 4,
            BinaryOp::Add | BinaryOp::Sub => 5,
            BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => 6,
        }
    }
}

/// `#if(…) … #elseif(…) … #else … #end`.
#[derive(Debug, Clone)]
pub struct IfBlock {
    pub range: TextRange,
    /// The `#if` branch first, then each `#elseif`.
    pub branches: Vec<Branch>,
    pub otherwise: Option<ElseBranch>,
    /// `#end`; `None` when it is missing (a syntax error).
    pub end: Option<TextRange>,
}

#[derive(Debug, Clone)]
pub struct Branch {
    /// The directive with its parenthesised condition.
    pub head: TextRange,
    pub condition: Expr,
    pub body: Vec<Node>,
}

#[derive(Debug, Clone)]
pub struct ElseBranch {
    pub head: TextRange,
    pub body: Vec<Node>,
}

/// `#foreach($item in $list) … #end`.
#[derive(Debug, Clone)]
pub struct ForeachBlock {
    pub range: TextRange,
    pub head: TextRange,
    pub variable: Ident,
    pub iterable: Expr,
    pub body: Vec<Node>,
    pub end: Option<TextRange>,
}

/// `#set($target = value)`.
#[derive(Debug, Clone)]
pub struct SetDirective {
    pub range: TextRange,
    pub target: Reference,
    pub value: Expr,
}

/// A guide expression `{{ … }}`; `expr` is `None` when it did not parse.
#[derive(Debug, Clone)]
pub struct GuideExpression {
    pub range: TextRange,
    pub expr: Option<GuideExpr>,
}

#[derive(Debug, Clone)]
pub struct GuideExpr {
    pub kind: GuideExprKind,
    pub range: TextRange,
}

#[derive(Debug, Clone)]
pub enum GuideExprKind {
    /// `system.queueId`, `Flow.x`, `json`.
    Path(Vec<Ident>),
    /// `callee(args)`: `secureData("x")`, `json.stringify({…})`.
    Call {
        callee: Box<GuideExpr>,
        args: Vec<GuideExpr>,
    },
    /// `a[0]`
    Index {
        target: Box<GuideExpr>,
        index: Box<GuideExpr>,
    },
    /// A string literal, which may hold nested `{{ … }}` expressions.
    String(Vec<GuideStringPart>),
    Number(f64),
    Bool(bool),
    Null,
    Object(Vec<(String, GuideExpr)>),
    Array(Vec<GuideExpr>),
    /// `a + b` (string concatenation or addition).
    Add(Box<GuideExpr>, Box<GuideExpr>),
    /// A nested `{{ … }}` used as a value.
    Nested(Box<GuideExpression>),
}

#[derive(Debug, Clone)]
pub enum GuideStringPart {
    /// Decoded text (escapes resolved).
    Text(String),
    Nested(GuideExpression),
}

/// Calls `f` on every reference in `nodes`, including those nested in arguments, conditions and
/// interpolated strings.
pub fn walk_references<'t>(nodes: &'t [Node], f: &mut dyn FnMut(&'t Reference)) {
    for node in nodes {
        match node {
            Node::Reference(r) => walk_reference(r, f),
            Node::If(block) => {
                for branch in &block.branches {
                    walk_expr_references(&branch.condition, f);
                    walk_references(&branch.body, f);
                }
                if let Some(otherwise) = &block.otherwise {
                    walk_references(&otherwise.body, f);
                }
            }
            Node::Foreach(block) => {
                walk_expr_references(&block.iterable, f);
                walk_references(&block.body, f);
            }
            Node::Set(set) => {
                walk_reference(&set.target, f);
                walk_expr_references(&set.value, f);
            }
            // Macro bodies are not evaluated and their parameters are local: not walked.
            _ => {}
        }
    }
}

fn walk_reference<'t>(reference: &'t Reference, f: &mut dyn FnMut(&'t Reference)) {
    f(reference);
    for part in &reference.parts {
        match part {
            Part::Method { args, .. } => args.iter().for_each(|a| walk_expr_references(a, f)),
            Part::Index { index, .. } => walk_expr_references(index, f),
            Part::Property(_) => {}
        }
    }
}

/// Calls `f` on every reference inside an expression.
pub fn walk_expr_references<'t>(expr: &'t Expr, f: &mut dyn FnMut(&'t Reference)) {
    match &expr.kind {
        ExprKind::Reference(r) => walk_reference(r, f),
        ExprKind::Interpolated(nodes) => walk_references(nodes, f),
        ExprKind::List(items) => items.iter().for_each(|e| walk_expr_references(e, f)),
        ExprKind::Map(entries) => entries.iter().for_each(|(k, v)| {
            walk_expr_references(k, f);
            walk_expr_references(v, f);
        }),
        ExprKind::Range(a, b) | ExprKind::Binary(_, a, b) => {
            walk_expr_references(a, f);
            walk_expr_references(b, f);
        }
        ExprKind::Unary(_, e) => walk_expr_references(e, f),
        _ => {}
    }
}
