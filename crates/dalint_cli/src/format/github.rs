//! `--format github`: one GitHub Actions workflow command per finding
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::message`), which GitHub shows
//! as annotations on the pull request. Lines and columns are 1-based; columns count UTF-16 code
//! units, as everywhere else dalint reports positions.

use dalint_core::text::LineIndex;
use dalint_core::Severity;

use crate::report::FileReport;

pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        let index = LineIndex::new(&report.text);
        for d in &report.diagnostics {
            let range = index.range(d.range);
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            out.push_str(&format!(
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                escape_property(&report.path),
                range.start.line + 1,
                range.start.character + 1,
                range.end.line + 1,
                range.end.character + 1,
                escape_property(d.code),
                escape_data(&format!("{} (at {})", d.message, if d.pointer.is_empty() { "/" } else { &d.pointer })),
            ));
        }
        if let Some(err) = &report.fix_error {
            out.push_str(&format!("::error file={}::{}\n", escape_property(&report.path), escape_data(err)));
        }
    }
    out
}

/// Workflow-command data: `%`, CR and LF are percent-encoded.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Workflow-command property values: as data, plus `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
