//! `docs/credentials.md` is generated from `dalint_core::secrets::catalog` (whose own tests check
//! every row against the detector). This test fails when the page is stale;
//! `DALINT_UPDATE_DOCS=1 cargo test -p dalint_core --test credentials_doc` rewrites it.

use std::fs;
use std::path::Path;

#[test]
fn credentials_doc_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/credentials.md");
    let expected = dalint_core::secrets::catalog::markdown();
    if fs::read_to_string(&path).ok().as_deref() == Some(expected.as_str()) {
        return;
    }
    if std::env::var_os("DALINT_UPDATE_DOCS").is_some() {
        fs::write(&path, expected).expect("write docs/credentials.md");
    } else {
        panic!(
            "docs/credentials.md is stale; run `DALINT_UPDATE_DOCS=1 cargo test -p dalint_core --test credentials_doc`"
        );
    }
}
