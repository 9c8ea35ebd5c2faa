//! Writing files in place, shared by `check --fix` and the baseline.

use std::fs;
use std::path::Path;

/// Replaces a file by writing a sibling temporary file and renaming it over the original.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.dalint-{}.tmp", std::process::id()));
    let permissions = fs::metadata(path).map(|m| m.permissions()).ok();
    fs::write(&tmp, text).map_err(|e| format!("cannot write `{}`: {e}", tmp.display()))?;
    if let Some(permissions) = permissions {
        let _ = fs::set_permissions(&tmp, permissions);
    }
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        format!("cannot replace `{}`: {e}", path.display())
    })
}
