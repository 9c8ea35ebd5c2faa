//! The registry of every output that prints request or source text. Each one goes through the
//! one redaction ([`crate::secrets::positions`] with the detector): the property tests iterate
//! over [`SURFACES`], so an output added here cannot skip them, and an output that is not here
//! is not one dalint may print.
//!
//! The CLI's machine formats (`--format json|sarif|github`) are built from [`Surface::Diagnostics`]
//! (messages, fix texts) and [`Surface::CodeFrames`]; the wasm package returns
//! [`Surface::Diagnostics`] and the preview surfaces to the page and the extension (hovers show
//! diagnostic messages). The CLI test `secrets_never_echo` runs every `--format` of the binary.

use crate::config::Options;
use crate::fix::{apply_fixes, FixOptions};
use crate::preview::{self, PreviewOptions};
use crate::render::{masked_text, render_text, secret_masks_showing};
use crate::text::LineIndex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// `dalint preview` (HTTP text), the page's and the extension's preview, with the response side.
    PreviewText,
    /// `dalint preview --format curl`.
    PreviewCurl,
    /// `dalint preview --format json`, the wasm `preview` result.
    PreviewJson,
    /// Code frames of `dalint check` (text), of the fixture snapshots and of a parse error.
    CodeFrames,
    /// `dalint check --diff`: the masked file before and after every fix.
    Diff,
    /// Diagnostics as JSON (CLI `--format json`, SARIF and GitHub messages, the wasm `lint`).
    Diagnostics,
}

/// Every registered output.
pub const SURFACES: &[Surface] = &[
    Surface::PreviewText,
    Surface::PreviewCurl,
    Surface::PreviewJson,
    Surface::CodeFrames,
    Surface::Diff,
    Surface::Diagnostics,
];

impl Surface {
    pub fn name(self) -> &'static str {
        match self {
            Surface::PreviewText => "preview text",
            Surface::PreviewCurl => "preview curl",
            Surface::PreviewJson => "preview json",
            Surface::CodeFrames => "code frames",
            Surface::Diff => "diff",
            Surface::Diagnostics => "diagnostics json",
        }
    }

    /// What this output prints for `text` (BOM-less), as the CLI and the wasm package build it.
    pub fn render(self, text: &str, options: &Options, preview_options: &PreviewOptions) -> String {
        let preview_with =
            |print: fn(&preview::Preview) -> String| match crate::language::preview(text, preview_options) {
                Ok(p) => print(&p),
                Err(e) => e.to_string(),
            };
        let show = &options.redaction.show;
        let file_name = options.file_name.as_deref();
        match self {
            Surface::PreviewText => preview_with(preview::format::to_text),
            Surface::PreviewCurl => preview_with(preview::format::to_curl),
            Surface::PreviewJson => preview_with(|p| preview::format::to_json(p).to_string()),
            Surface::CodeFrames => {
                let diagnostics = crate::lint(text, options);
                let masks = secret_masks_showing(text, file_name, &diagnostics, show);
                render_text(file_name.unwrap_or("file.json"), text, &diagnostics, &masks)
            }
            Surface::Diff => {
                let diagnostics = crate::lint(text, options);
                let mut out = masked_text(text, &secret_masks_showing(text, file_name, &diagnostics, show));
                let fix = FixOptions { unsafe_fixes: true, discard_secrets: true, ..FixOptions::default() };
                if let Ok(outcome) = apply_fixes(text, options, fix) {
                    out.push_str(&masked_text(
                        &outcome.text,
                        &secret_masks_showing(&outcome.text, file_name, &outcome.remaining, show),
                    ));
                }
                out
            }
            Surface::Diagnostics => {
                let index = LineIndex::new(text);
                let diagnostics: Vec<_> =
                    crate::lint(text, options).iter().map(|d| crate::output::json_diagnostic(d, &index)).collect();
                serde_json::to_string(&diagnostics).unwrap_or_default()
            }
        }
    }
}

/// A place where the page or the extension shows one of the [`SURFACES`] the wasm package
/// returns. The JavaScript tests cannot iterate over a Rust constant, so this list is exported
/// to `tests/fail_closed/surfaces.json` (kept current by the test `the_display_list_is_current`);
/// the page's browser test and the extension's host test read it and fail on an entry they have
/// no check for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Display {
    /// `page.…` or `extension.…`.
    pub id: &'static str,
    pub shows: Surface,
    pub description: &'static str,
}

/// Every place the page and the extension show request or source text, besides their editors
/// (which show the user's own file).
pub const DISPLAYS: &[Display] = &[
    Display {
        id: "page.problems",
        shows: Surface::Diagnostics,
        description: "the page's problem list: messages, fix titles, pointers",
    },
    Display {
        id: "page.preview",
        shows: Surface::PreviewText,
        description: "the page's preview pane in its HTTP, curl and JSON views, with the sample-input fields",
    },
    Display {
        id: "extension.diagnostics",
        shows: Surface::Diagnostics,
        description: "the extension's diagnostics (Problems panel) and their code actions' titles",
    },
    Display { id: "extension.hover", shows: Surface::Diagnostics, description: "the extension's hovers" },
    Display {
        id: "extension.preview",
        shows: Surface::PreviewText,
        description: "the extension's preview document (`dalint: Preview request`)",
    },
];

/// [`DISPLAYS`] as the JSON the JavaScript tests read.
pub fn displays_json() -> String {
    let displays: Vec<_> = DISPLAYS
        .iter()
        .map(|d| serde_json::json!({ "id": d.id, "shows": d.shows.name(), "description": d.description }))
        .collect();
    let mut json = serde_json::to_string_pretty(&serde_json::json!({
        "generated": "from dalint_core::surfaces::DISPLAYS by the test the_display_list_is_current; do not edit",
        "displays": displays,
    }))
    .unwrap_or_default();
    json.push('\n');
    json
}
