//! `dalint.json`: found upward from each checked file (or given with `--config`), read with the
//! core's positioned parser, its inventory path resolved and read here (the core does no I/O),
//! then overridden by `--env` / `--inventory` / `--rewrite-target`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use dalint_core::config::{normalize_env, parse_config, ConfigError, Inventory, Options};
use dalint_core::inventory::parse_inventory;
use dalint_core::text::LineIndex;

/// The configuration file's name.
pub const CONFIG_FILE: &str = "dalint.json";

/// A configuration file, loaded, with its inventory inline.
#[derive(Debug)]
pub struct Loaded {
    /// Its folder: `ignore` globs and the inventory path are relative to it.
    pub dir: PathBuf,
    pub options: Options,
}

/// What the command line overrides.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub env: Option<String>,
    /// Names read from `--inventory FILE`.
    pub inventory: Option<Vec<String>>,
    pub rewrite_target: Option<dalint_core::config::RewriteTarget>,
    /// What `--select` / `--ignore` do to each rule they touch.
    pub rule_switches: Vec<(&'static str, RuleSwitch)>,
}

/// A rule's switch from the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSwitch {
    Off,
    /// Selected: it runs even where dalint.json switches it off.
    On,
}

/// The rules `--select` and `--ignore` turn off (or on), from code prefixes. A prefix that matches
/// no rule is an error, so that a typo does not silently disable every rule.
pub fn selection(select: &[String], ignore: &[String]) -> Result<Vec<(&'static str, RuleSwitch)>, String> {
    let rules = dalint_core::rules::all_rules();
    let prefixes = |list: &[String], flag: &str| -> Result<Vec<String>, String> {
        list.iter()
            .map(|p| p.trim().to_ascii_uppercase())
            .filter(|p| !p.is_empty())
            .map(|p| {
                if rules.iter().any(|r| r.code.starts_with(&p)) {
                    Ok(p)
                } else {
                    Err(format!("{flag} `{p}` matches no rule (`dalint rule --all` lists them)"))
                }
            })
            .collect()
    };
    let select = prefixes(select, "--select")?;
    let ignore = prefixes(ignore, "--ignore")?;
    let mut switches = Vec::new();
    for rule in rules.iter().filter(|r| !r.code.starts_with("PAR")) {
        let selected = select.is_empty() || select.iter().any(|p| rule.code.starts_with(p.as_str()));
        let ignored = ignore.iter().any(|p| rule.code.starts_with(p.as_str()));
        if !selected || ignored {
            switches.push((rule.code, RuleSwitch::Off));
        } else if !select.is_empty() {
            switches.push((rule.code, RuleSwitch::On));
        }
    }
    Ok(switches)
}

impl Overrides {
    fn apply(&self, options: &mut Options) {
        if let Some(env) = &self.env {
            options.env = Some(normalize_env(env));
        }
        if let Some(names) = &self.inventory {
            options.inventory = Some(Inventory::Names(names.clone()));
        }
        if let Some(target) = self.rewrite_target {
            options.rewrite_target = target;
        }
        for &(code, switch) in &self.rule_switches {
            match switch {
                RuleSwitch::Off => {
                    options.rules.insert(code.to_owned(), dalint_core::config::RuleLevel::Off);
                }
                RuleSwitch::On if options.rules.get(code) == Some(&dalint_core::config::RuleLevel::Off) => {
                    options.rules.remove(code);
                }
                RuleSwitch::On => {}
            }
        }
    }
}

/// `path:line:col: message`, with the line and column (in characters, 1-based) of the error.
fn positioned(path: &Path, text: &str, error: &ConfigError) -> String {
    let body = dalint_core::text::strip_bom(text).1;
    let (line, col) = LineIndex::new(body).line_col_display(error.range.start);
    format!("{}:{line}:{col}: {}", shown(path).display(), error.message)
}

/// A path as shown to people: relative to the working directory when it lies under it.
fn shown(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

/// Reads an inventory file (a JSON array of names, of Secure Data objects, or `{"entities"}`).
pub fn read_inventory(path: &Path) -> Result<Vec<String>, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("cannot read inventory `{}`: {e}", shown(path).display()))?;
    parse_inventory(&text).map_err(|e| format!("{} (inventory)", positioned(path, &text, &e)))
}

/// Loads one configuration file; a relative inventory path is read relative to it.
pub fn load(path: &Path) -> Result<Loaded, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("cannot read config `{}`: {e}", shown(path).display()))?;
    let mut options = parse_config(&text).map_err(|e| positioned(path, &text, &e))?;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
    if let Some(Inventory::Path(relative)) = &options.inventory {
        let names = read_inventory(&dir.join(relative))?;
        options.inventory = Some(Inventory::Names(names));
    }
    Ok(Loaded { dir, options })
}

/// Finds and caches configuration files for the folders of checked files.
#[derive(Debug, Default)]
pub struct Resolver {
    /// `--config FILE`: used for every file, no discovery.
    explicit: Option<Arc<Loaded>>,
    /// Folder → the configuration that applies there (found in it or above it).
    by_dir: HashMap<PathBuf, Option<Arc<Loaded>>>,
    by_file: HashMap<PathBuf, Arc<Loaded>>,
}

impl Resolver {
    pub fn new(explicit: Option<&Path>) -> Result<Self, String> {
        let explicit = explicit.map(|p| load(p).map(Arc::new)).transpose()?;
        Ok(Self { explicit, ..Self::default() })
    }

    /// The configuration for a file in `dir` (a folder; relative to the current one or absolute).
    pub fn for_dir(&mut self, dir: &Path) -> Result<Option<Arc<Loaded>>, String> {
        if let Some(explicit) = &self.explicit {
            return Ok(Some(explicit.clone()));
        }
        let start = std::path::absolute(dir).map_err(|e| format!("cannot resolve `{}`: {e}", dir.display()))?;
        let mut visited = Vec::new();
        let mut current = Some(start.as_path());
        let mut found = None;
        while let Some(folder) = current {
            if let Some(cached) = self.by_dir.get(folder) {
                found = cached.clone();
                break;
            }
            visited.push(folder.to_path_buf());
            let candidate = folder.join(CONFIG_FILE);
            if candidate.is_file() {
                let loaded = match self.by_file.get(&candidate) {
                    Some(loaded) => loaded.clone(),
                    None => {
                        let loaded = Arc::new(load(&candidate)?);
                        self.by_file.insert(candidate, loaded.clone());
                        loaded
                    }
                };
                found = Some(loaded);
                break;
            }
            current = folder.parent();
        }
        for folder in visited {
            self.by_dir.insert(folder, found.clone());
        }
        Ok(found)
    }
}

impl Resolver {
    /// The configuration for `source`: found upward from its folder (for stdin, from the folder of
    /// `--stdin-filename`, else the current one), or the `--config` file.
    pub fn for_source(&mut self, source: &crate::files::Source) -> Result<Option<Arc<Loaded>>, String> {
        use crate::files::Source;
        let dir = match source {
            Source::Stdin { name } => name.as_deref().and_then(|n| Path::new(n).parent()),
            Source::Explicit(p) | Source::Walked(p) => p.parent(),
        };
        self.for_dir(dir.filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")))
    }
}

/// The options for one document: its configuration (if any), the command-line overrides, and its
/// file name relative to the configuration's folder (for `ignore` globs and the `.jsonc` dialect).
pub fn options_for(
    loaded: Option<&Loaded>,
    overrides: &Overrides,
    file: Option<&Path>,
    name: Option<String>,
) -> Options {
    let mut options = loaded.map(|l| l.options.clone()).unwrap_or_default();
    overrides.apply(&mut options);
    options.file_name = match (loaded, file) {
        (Some(loaded), Some(file)) => {
            Some(relative_name(&loaded.dir, file).unwrap_or_else(|| file.display().to_string()))
        }
        _ => name,
    };
    options
}

/// `file` relative to `dir`, with `/` separators, when `file` lies under `dir`.
fn relative_name(dir: &Path, file: &Path) -> Option<String> {
    let dir = std::path::absolute(dir).ok()?;
    let file = std::path::absolute(file).ok()?;
    let relative = file.strip_prefix(&dir).ok()?;
    Some(relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"))
}
