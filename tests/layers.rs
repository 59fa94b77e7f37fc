//! The crate's structure, checked: its modules form layers that depend one way, and the files of
//! one folder never import each other in a circle.
//!
//! The layers are the `mod` declarations of `src/lib.rs`, lowest first. A file of one layer may
//! use the layers declared before its own, never one declared after it. Within a folder, a
//! file's `super::name` reaches either its parent (`mod.rs`, always allowed, both ways) or a
//! sibling file; the sibling imports must have no cycle. The binary's files (`src/main.rs`,
//! `src/cli/`) are not in the library's layers; their folder is still checked for cycles. Only code is read: comments and
//! everything after a file's `#[cfg(test)]` are left out (tests may use anything).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    missing_docs
)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// One source file: its folder (`""` for `src/` itself), its module name, and its code.
struct Source {
    folder: String,
    name: String,
    code: String,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path: PathBuf = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(&root).unwrap();
                let folder = relative
                    .parent()
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                let name = path.file_stem().unwrap().to_string_lossy().into_owned();
                out.push(Source {
                    folder,
                    name,
                    code: code_of(&fs::read_to_string(&path).unwrap()),
                });
            }
        }
    }
    out
}

/// The code of a file: its lines before `#[cfg(test)]`, without comments.
fn code_of(text: &str) -> String {
    let mut code = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            break;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        let line = match line.find(" //") {
            Some(at) => &line[..at],
            None => line,
        };
        code.push_str(line);
        code.push('\n');
    }
    code
}

/// The layers: the groups of `mod` declarations in `src/lib.rs` (groups are separated by a
/// blank line), lowest first; each module with its group's number.
fn layers() -> Vec<(String, usize)> {
    let lib = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let mut layers = Vec::new();
    let mut group = 0;
    let mut in_group = false;
    for line in lib.lines().map(str::trim) {
        let declared = line
            .strip_prefix("pub mod ")
            .or_else(|| line.strip_prefix("mod "));
        match declared {
            Some(name) => {
                layers.push((name.trim_end_matches(';').to_owned(), group));
                in_group = true;
            }
            None if line.is_empty() && in_group => {
                group += 1;
                in_group = false;
            }
            None => {}
        }
    }
    layers
}

/// The names that follow each occurrence of `prefix` in `code`: `a` for `prefix a::…`, and
/// `a`, `b` for `prefix {a, b::c}`.
fn names_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in code.match_indices(prefix) {
        // `super::` inside `super::super::` is the outer one's business.
        let before = &code[..at];
        if prefix == "super::" && before.ends_with("super::") {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        names.insert(ident(item.trim()));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 || c != '{' {
                    item.push(c);
                }
            }
            names.insert(ident(item.trim()));
        } else {
            names.insert(ident(rest));
        }
    }
    names.remove("");
    names
}

/// The top-level module a file belongs to (`wire` for `src/wire/scan.rs`, `report` for
/// `src/report.rs`).
fn top(source: &Source) -> String {
    match source.folder.split('/').next() {
        Some(first) if !first.is_empty() => first.to_owned(),
        _ => source.name.clone(),
    }
}

#[test]
fn lower_layers_never_import_higher_ones() {
    let layers = layers();
    assert!(layers.len() >= 10, "lib.rs declares the layers: {layers:?}");
    let rank = |m: &str| layers.iter().find(|(l, _)| l == m).map(|(_, r)| *r);
    let mut wrong = Vec::new();
    for source in sources() {
        if source.folder.is_empty() && (source.name == "lib" || source.name == "main") {
            continue;
        }
        // The binary's own modules (`src/cli/`, used by `main.rs` only) are outside the
        // library's layers.
        if source.folder == "cli" || source.folder.starts_with("cli/") {
            continue;
        }
        let from = top(&source);
        let from_rank = rank(&from).unwrap_or_else(|| panic!("{from} is not declared in lib.rs"));
        let mut used = names_after(&source.code, "crate::");
        used.extend(names_after(&source.code, "$crate::"));
        for to in used {
            if to == from {
                continue;
            }
            match rank(&to) {
                Some(r) if r < from_rank => {}
                Some(_) => wrong.push(format!("{}/{}.rs uses {to}", source.folder, source.name)),
                None => wrong.push(format!(
                    "{}/{}.rs uses crate::{to}, which is not a module (use the module, not the crate root)",
                    source.folder, source.name
                )),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that run up the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn sibling_files_never_import_each_other_in_a_circle() {
    let sources = sources();
    let mut folders: BTreeMap<&str, BTreeMap<&str, BTreeSet<String>>> = BTreeMap::new();
    for source in &sources {
        if source.folder.is_empty() || source.name == "mod" {
            continue;
        }
        let siblings: BTreeSet<&str> = sources
            .iter()
            .filter(|s| s.folder == source.folder && s.name != "mod" && s.name != source.name)
            .map(|s| s.name.as_str())
            .collect();
        let mut used = names_after(&source.code, "super::");
        // `crate::folder::sibling` is a sibling too.
        let own = format!("{}::", source.folder.replace('/', "::"));
        used.extend(names_after(&source.code, &format!("crate::{own}")));
        used.retain(|n| siblings.contains(n.as_str()));
        folders
            .entry(&source.folder)
            .or_default()
            .insert(&source.name, used);
    }
    for (folder, graph) in &folders {
        // Kahn's algorithm: what cannot be removed lies on a cycle.
        let mut left: BTreeMap<&str, BTreeSet<&str>> = graph
            .iter()
            .map(|(k, v)| (*k, v.iter().map(String::as_str).collect()))
            .collect();
        loop {
            let free: Vec<&str> = left
                .iter()
                .filter(|(_, deps)| deps.is_empty())
                .map(|(k, _)| *k)
                .collect();
            if free.is_empty() {
                break;
            }
            for f in &free {
                left.remove(f);
            }
            for deps in left.values_mut() {
                for f in &free {
                    deps.remove(f);
                }
            }
        }
        assert!(
            left.is_empty(),
            "files of src/{folder} import each other in a circle: {left:?}"
        );
    }
}

#[test]
fn the_checks_see_what_they_look_for() {
    // The parser itself: a check that reads nothing would pass anything.
    let code = "use super::{across, server::Owner, Findings};\nuse crate::wire::{self, Item};\n";
    let names = names_after(code, "super::");
    assert_eq!(
        names.into_iter().collect::<Vec<_>>(),
        ["Findings", "across", "server"]
    );
    assert_eq!(
        names_after(code, "crate::").into_iter().collect::<Vec<_>>(),
        ["wire"]
    );
    assert_eq!(code_of("a\n// b\nc // d\n#[cfg(test)]\ne"), "a\nc\n");
    let layers = layers();
    let rank = |m: &str| layers.iter().find(|(l, _)| l == m).map(|(_, r)| *r);
    let order = [
        "limits", "types", "finding", "wire", "rules", "report", "checker",
    ];
    for pair in order.windows(2) {
        assert!(rank(pair[0]) < rank(pair[1]), "{pair:?} in {layers:?}");
    }
}
