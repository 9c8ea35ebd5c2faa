//! Which files to check: explicit paths, `-` for stdin, and directory walks.

use std::path::{Path, PathBuf};

use ignore::overrides::OverrideBuilder;
use ignore::WalkBuilder;

/// Where a document comes from.
#[derive(Debug, Clone)]
pub enum Source {
    Stdin {
        name: Option<String>,
    },
    /// A path named on the command line.
    Explicit(PathBuf),
    /// A path found by walking a directory (non-Data-Action JSON is skipped quietly).
    Walked(PathBuf),
}

impl Source {
    /// The path as given or as walked (`-` for stdin).
    pub fn display_path(&self) -> String {
        match self {
            Source::Stdin { .. } => "-".to_owned(),
            Source::Explicit(p) | Source::Walked(p) => p.display().to_string(),
        }
    }

    /// The file name used to choose the dialect (`.jsonc`) and to match `ignore` globs.
    pub fn file_name(&self) -> Option<String> {
        match self {
            Source::Stdin { name } => name.clone(),
            Source::Explicit(p) | Source::Walked(p) => Some(p.display().to_string()),
        }
    }
}

/// Folders never walked into.
const SKIPPED_DIRS: &[&str] = &["node_modules", "target"];

/// Expands the command-line paths, in argument order and walk order.
pub fn collect(paths: &[String], excludes: &[String], stdin_filename: Option<&str>) -> Result<Vec<Source>, String> {
    let mut sources = Vec::new();
    for arg in paths {
        if arg == "-" {
            sources.push(Source::Stdin { name: stdin_filename.map(str::to_owned) });
            continue;
        }
        let path = Path::new(arg);
        let meta = std::fs::metadata(path).map_err(|e| format!("cannot read `{arg}`: {e}"))?;
        if meta.is_file() {
            sources.push(Source::Explicit(path.to_path_buf()));
            continue;
        }
        let mut overrides = OverrideBuilder::new(path);
        for glob in excludes {
            overrides.add(&format!("!{glob}")).map_err(|e| format!("invalid --exclude glob `{glob}`: {e}"))?;
        }
        let overrides = overrides.build().map_err(|e| e.to_string())?;
        let walker = WalkBuilder::new(path)
            .hidden(true)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .require_git(false)
            .overrides(overrides)
            .sort_by_file_name(|a, b| a.cmp(b))
            .filter_entry(|entry| {
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                !(is_dir && entry.depth() > 0 && SKIPPED_DIRS.iter().any(|d| entry.file_name() == *d))
            })
            .build();
        for entry in walker {
            let entry = entry.map_err(|e| format!("cannot walk `{arg}`: {e}"))?;
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
            let terraform = dalint_core::terraform::FileKind::for_file_name(Some(&name)).is_some();
            if name.ends_with(".json") || name.ends_with(".jsonc") || terraform {
                sources.push(Source::Walked(entry.into_path()));
            }
        }
    }
    Ok(sources)
}

/// Largest module file read for a `file("${path.module}/…")` template.
const MAX_MODULE_FILE_BYTES: u64 = 1024 * 1024;

/// Most other `.tf` files of a module read to analyse one of them.
const MAX_MODULE_SIBLINGS: usize = 64;

/// What the core needs beside the Terraform file `path` (content `bytes`) to analyse its module as a
/// whole (it does no I/O): the other `.tf` files of its directory (by file name), and the files
/// its action templates load with `file("${path.module}/…")` (by relative path). A file that is
/// missing, too large or not UTF-8 is left out. Empty for anything but a `.tf` file.
pub fn module_files(path: &Path, bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    use dalint_core::terraform::FileKind;
    let is_module =
        |p: &Path| matches!(FileKind::for_file_name(p.to_str()), Some(FileKind::Module | FileKind::ModuleJson));
    let mut files = std::collections::BTreeMap::new();
    let Some(kind) = FileKind::for_file_name(path.to_str()).filter(|_| is_module(path)) else { return files };
    let Ok(text) = std::str::from_utf8(bytes) else { return files };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let read = |file: &Path| {
        let small = std::fs::metadata(file).is_ok_and(|m| m.is_file() && m.len() <= MAX_MODULE_FILE_BYTES);
        if small {
            std::fs::read_to_string(file).ok()
        } else {
            None
        }
    };
    let own = path.file_name();
    let mut siblings: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|entries| entries.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    siblings.sort();
    let siblings = siblings.into_iter().filter(|p| p.file_name() != own && is_module(p));
    for sibling in siblings.take(MAX_MODULE_SIBLINGS) {
        if let (Some(name), Some(text)) = (sibling.file_name().and_then(|n| n.to_str()), read(&sibling)) {
            files.insert(name.to_owned(), text);
        }
    }
    for relative in dalint_core::terraform::module_files_wanted(text, kind) {
        if let Some(text) = read(&dir.join(&relative)) {
            files.insert(relative, text);
        }
    }
    files
}
