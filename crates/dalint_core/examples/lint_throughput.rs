//! Quick throughput check of the whole lint (parse, model, every rule, the secret detector) on a
//! generated array of realistic exports, about 10 MiB, 1% of them carrying a secret:
//!
//! ```sh
//! cargo run --release -p dalint_core --example lint_throughput [MiB] [percent-with-secret]
//! ```
//!
//! A third argument runs one stage once (`only-parse`, `only-secrets`, `only-lint`), for
//! `perf stat -e instructions:u`, whose counts do not depend on the machine's load.
//!
//! The file is deterministic (a fixed LCG), so runs compare. Not a substitute for the criterion
//! benches; a way to see at once whether the detector stays nearly free next to parsing.

use std::time::Instant;

use dalint_core::parse::{parse, Dialect};
use dalint_core::{lint, Options};

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn alnum(&mut self, n: usize) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..n).map(|_| A[(self.next() % 62) as usize] as char).collect()
    }
}

fn action(rng: &mut Lcg, i: usize, secret: bool) -> String {
    let auth = if secret {
        format!("Bearer sk_live_{}", rng.alnum(24))
    } else {
        "Bearer ${credentials.partner_bearer_token_prod}".to_owned()
    };
    let body = format!(
        "{{\\n  \\\"conversationId\\\": \\\"$esc.jsonString(${{input.conversationId}})\\\",\\n  \\\"queue\\\": \\\"{}\\\",\\n  \\\"notes\\\": \\\"Customer called about order {} and asked for a callback\\\",\\n  \\\"priority\\\": ${{input.priority}},\\n  \\\"tags\\\": [\\\"ivr\\\", \\\"callback\\\", \\\"{}\\\"]\\n}}",
        rng.alnum(12),
        rng.next() % 100_000,
        rng.alnum(8)
    );
    format!(
        r#"  {{
    "name": "Create callback {i} - Exported 2026-11-02 @ 10:14",
    "integrationType": "custom-rest-actions",
    "actionType": "custom",
    "config": {{
      "request": {{
        "requestUrlTemplate": "https://api.partner.example.com/v2/callbacks/{}?expand=details&region=eu",
        "requestType": "POST",
        "headers": {{
          "Authorization": "{auth}",
          "Content-Type": "application/json",
          "X-Request-Id": "{}"
        }},
        "requestTemplate": "{body}"
      }},
      "response": {{
        "translationMap": {{ "id": "$.id", "state": "$.state" }},
        "translationMapDefaults": {{ "id": "\"\"", "state": "\"unknown\"" }},
        "successTemplate": "{{\"id\": ${{id}}, \"state\": ${{state}}}}"
      }}
    }},
    "contract": {{
      "input": {{ "inputSchema": {{ "type": "object", "properties": {{
        "conversationId": {{ "type": "string", "description": "The conversation to call back" }},
        "priority": {{ "type": "integer" }} }} }} }},
      "output": {{ "successSchema": {{ "type": "object", "properties": {{
        "id": {{ "type": "string" }}, "state": {{ "type": "string" }} }} }} }}
    }},
    "secure": false
  }}"#,
        rng.alnum(24),
        rng.alnum(32)
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mib: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10);
    let percent: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1);
    let mut rng = Lcg(42);
    let mut parts = Vec::new();
    let mut size = 0;
    let mut planted = 0;
    while size < mib * 1024 * 1024 {
        let secret = rng.next() % 100 < percent;
        planted += usize::from(secret);
        let a = action(&mut rng, parts.len(), secret);
        size += a.len() + 2;
        parts.push(a);
    }
    let text = format!("[\n{}\n]\n", parts.join(",\n"));
    let mib_f = text.len() as f64 / (1024.0 * 1024.0);
    println!("{} actions, {mib_f:.1} MiB, {planted} planted secrets", parts.len());

    let options = Options::default();
    // `… 10 1 only-parse|only-secrets|only-lint` runs one stage (for `perf stat`).
    match args.get(3).map(String::as_str) {
        Some("only-generate") => return println!("{}", text.len()),
        Some("only-parse") => return println!("{}", parse(&text, Dialect::Json).map(|d| d.max_depth).unwrap_or(0)),
        Some("only-lint") => return println!("{}", lint(&text, &options).len()),
        Some("only-secrets") => {
            let document = parse(&text, Dialect::Json).expect("the generated file parses");
            let model = dalint_core::model::build(&document.root);
            return println!(
                "{}",
                dalint_core::secrets::document_secrets(document.text, &model, &options).secrets.len()
            );
        }
        _ => {}
    }
    let best = |f: &dyn Fn() -> usize| {
        let mut best = f64::MAX;
        let mut out = 0;
        for _ in 0..5 {
            let start = Instant::now();
            out = f();
            best = best.min(start.elapsed().as_secs_f64());
        }
        (best, out)
    };
    let (parse_s, _) = best(&|| parse(&text, Dialect::Json).map(|d| d.max_depth).unwrap_or(0));
    let document = parse(&text, Dialect::Json).expect("the generated file parses");
    let model = dalint_core::model::build(&document.root);
    let (secrets_s, _) =
        best(&|| dalint_core::secrets::document_secrets(document.text, &model, &options).secrets.len());
    let (lint_s, found) = best(&|| lint(&text, &options).iter().filter(|d| d.code == "SEC001").count());
    println!("parse only: {:.0} MiB/s ({:.1} ms)", mib_f / parse_s, parse_s * 1e3);
    println!("secrets of the parsed document: {:.0} MiB/s ({:.1} ms)", mib_f / secrets_s, secrets_s * 1e3);
    println!("whole lint: {:.0} MiB/s ({:.1} ms), SEC001 found: {found}", mib_f / lint_s, lint_s * 1e3);

    // Where the lint's time goes: the shared stages, then each rule alone on a fresh context (so
    // a rule pays for the shared work it uses: the document's secrets, the actions' templates).
    let (model_s, _) = best(&|| dalint_core::model::build(&document.root).actions.len());
    let (index_s, _) = best(&|| {
        dalint_core::pointer::PointerIndex::new(&document.root, document.text);
        0
    });
    println!("model: {:.1} ms, pointer index: {:.1} ms", model_s * 1e3, index_s * 1e3);
    let index = dalint_core::pointer::PointerIndex::new(&document.root, document.text);
    for rule in dalint_core::rules::registry() {
        let (rule_s, reports) = best(&|| {
            let ctx = dalint_core::lint::LintContext::new(&document, &model, &index, &options);
            let mut reports = Vec::new();
            rule.check(&ctx, &mut reports);
            for action in &model.actions {
                rule.check_action(&ctx, &dalint_core::preview::analysis::ActionTemplates::new(action), &mut reports);
            }
            reports.len()
        });
        println!("  {}: {:.1} ms, {reports} reports", rule.meta().code, rule_s * 1e3);
    }
}
