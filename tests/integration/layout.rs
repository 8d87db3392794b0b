//! Pins the layout the README promises: no module imports one that imports
//! it (read from the `crate::`, `super::` and child-module paths of every
//! source file), no stage imports another stage, and the "How it works" tree
//! lists `src/` file for file.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Result;
use regex::Regex;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/`, as a path relative to it.
fn source_files() -> Result<Vec<String>> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) -> Result<()> {
        for entry in fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(&path, root, out)?;
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path.strip_prefix(root)?.to_string_lossy().replace('\\', "/"));
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    walk(&src(), &src(), &mut files)?;
    files.sort();
    Ok(files)
}

/// The module path of a source file: `extract/mod.rs` → ["extract"],
/// `normalize/context/place.rs` → ["normalize", "context", "place"].
fn module_of(file: &str) -> Vec<String> {
    let mut parts: Vec<String> = file.trim_end_matches(".rs").split('/').map(str::to_string).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "main") {
        parts.pop();
    }
    parts
}

/// The modules a file refers to, each resolved to the longest module path
/// that is a file.
fn references(file: &str, text: &str, modules: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let me = module_of(file);
    let is_mod_rs = file.ends_with("mod.rs") || file == "main.rs";
    // The module `super` names: a mod.rs file's parent, another file's
    // directory module.
    let parent: Vec<String> = if is_mod_rs { me[..me.len().saturating_sub(1)].to_vec() } else { me[..me.len() - 1].to_vec() };
    let here: Vec<String> = if is_mod_rs { me.clone() } else { parent.clone() };
    let path = Regex::new(r"\b(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)+)").expect("a valid regex");
    let group = Regex::new(r"\b(crate|super)::([a-z_][a-z0-9_]*(?:::[a-z_][a-z0-9_]*)*)::\{([^}]*)\}").expect("a valid regex");
    let child_use = Regex::new(r"(?m)^\s*(?:pub\s+)?use\s+([a-z_][a-z0-9_]*)((?:::[A-Za-z_][A-Za-z0-9_]*)*)").expect("a valid regex");
    let mut found = BTreeSet::new();
    let mut candidates: Vec<Vec<String>> = Vec::new();
    let base = |root: &str| -> Vec<String> {
        match root {
            "crate" => Vec::new(),
            "super" => parent.clone(),
            _ => here.clone(),
        }
    };
    for caps in path.captures_iter(text) {
        let mut full = base(&caps[1]);
        full.extend(caps[2].split("::").filter(|s| !s.is_empty()).map(str::to_string));
        candidates.push(full);
    }
    for caps in group.captures_iter(text) {
        let mut prefix = base(&caps[1]);
        prefix.extend(caps[2].split("::").map(str::to_string));
        for item in caps[3].split(',') {
            let item = item.trim().split("::").next().unwrap_or("").trim().to_string();
            if !item.is_empty() && item != "self" {
                let mut full = prefix.clone();
                full.push(item);
                candidates.push(full);
            }
        }
    }
    for caps in child_use.captures_iter(text) {
        let mut full = here.clone();
        full.push(caps[1].to_string());
        if !modules.contains(&full) {
            continue; // `use std::…`, `use crate::…` and the like, read above
        }
        full.extend(caps[2].split("::").filter(|s| !s.is_empty()).map(str::to_string));
        candidates.push(full);
    }
    for mut candidate in candidates {
        while !candidate.is_empty() && !modules.contains(&candidate) {
            candidate.pop();
        }
        if !candidate.is_empty() && candidate != me {
            found.insert(candidate);
        }
    }
    found
}

/// The import graph of `src/`: module → the modules it refers to.
fn import_graph() -> Result<BTreeMap<Vec<String>, BTreeSet<Vec<String>>>> {
    let files = source_files()?;
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(f)).filter(|m| !m.is_empty()).collect();
    let mut graph = BTreeMap::new();
    for file in &files {
        let mut text = fs::read_to_string(src().join(file))?;
        // Inside a file's own `mod tests`, `super` is the file itself.
        if let Some(at) = text.find("\nmod tests {") {
            let tests = text[at..].replace("super::", "self::");
            text.truncate(at);
            text.push_str(&tests);
        }
        let me = module_of(file);
        if me.is_empty() {
            continue; // main.rs declares the modules; it is the root, not a node
        }
        // A parent refers to its children when it uses them; a child that
        // then refers back to its parent makes a circle, so both count.
        graph.insert(me, references(file, &text, &modules));
    }
    Ok(graph)
}

/// A circle in the graph, as the modules along it, if there is one.
fn find_circle(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Option<Vec<String>> {
    fn visit(
        node: &Vec<String>,
        graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        state: &mut BTreeMap<Vec<String>, u8>,
        stack: &mut Vec<Vec<String>>,
    ) -> Option<Vec<String>> {
        state.insert(node.clone(), 1);
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next) {
                Some(1) => {
                    let from = stack.iter().position(|n| n == next).unwrap_or(0);
                    let mut circle: Vec<String> = stack[from..].iter().map(|m| m.join("::")).collect();
                    circle.push(next.join("::"));
                    return Some(circle);
                }
                Some(_) => {}
                None => {
                    if let Some(circle) = visit(next, graph, state, stack) {
                        return Some(circle);
                    }
                }
            }
        }
        stack.pop();
        state.insert(node.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if !state.contains_key(node) {
            if let Some(circle) = visit(node, graph, &mut state, &mut Vec::new()) {
                return Some(circle);
            }
        }
    }
    None
}

#[test]
fn no_module_imports_one_that_imports_it() -> Result<()> {
    let graph = import_graph()?;
    assert!(graph.len() > 30, "only {} modules found", graph.len());
    if let Some(circle) = find_circle(&graph) {
        panic!("import circle: {}", circle.join(" → "));
    }
    Ok(())
}

#[test]
fn no_stage_imports_another_stage() -> Result<()> {
    const STAGES: &[&str] = &["extract", "normalize", "publish"];
    let graph = import_graph()?;
    let mut crossings = Vec::new();
    for (module, refs) in &graph {
        let Some(stage) = STAGES.iter().find(|s| module[0] == **s) else { continue };
        for target in refs {
            if STAGES.contains(&target[0].as_str()) && target[0] != *stage {
                crossings.push(format!("{} uses {}", module.join("::"), target.join("::")));
            }
        }
    }
    assert!(crossings.is_empty(), "stages import each other:\n{}", crossings.join("\n"));
    Ok(())
}

#[test]
fn the_readme_tree_lists_src_file_for_file() -> Result<()> {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))?;
    let section = readme.split("## How it works").nth(1).expect("README has a How it works section");
    let block = section.split("```").nth(1).expect("the section has a code block");
    let mut listed = Vec::new();
    let mut dirs: Vec<(usize, String)> = Vec::new();
    let mut in_src = false;
    for line in block.lines() {
        let indent = line.len() - line.trim_start().len();
        let Some(token) = line.split_whitespace().next() else { continue };
        if token == "src/" {
            in_src = true;
            dirs.clear();
            continue;
        }
        if !in_src {
            continue;
        }
        if indent == 0 {
            break;
        }
        while dirs.last().is_some_and(|(i, _)| *i >= indent) {
            dirs.pop();
        }
        if let Some(dir) = token.strip_suffix('/') {
            dirs.push((indent, dir.to_string()));
        } else if token.ends_with(".rs") {
            let mut path: Vec<&str> = dirs.iter().map(|(_, d)| d.as_str()).collect();
            path.push(token);
            listed.push(path.join("/"));
        }
    }
    listed.sort();
    assert_eq!(listed, source_files()?, "README's tree and src/ differ");
    Ok(())
}


/// The fuzz targets compile tally's modules as a library, each by its path
/// (`fuzz/src/lib.rs`): a module the binary gains must be listed there too,
/// or `make fuzz` stops building.
#[test]
fn the_fuzz_library_lists_every_module_of_the_binary() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let main = fs::read_to_string(src().join("main.rs"))?;
    let fuzz = fs::read_to_string(root.join("fuzz/src/lib.rs"))?;
    let declared = Regex::new(r"(?m)^mod ([a-z_]+);").expect("a valid regex");
    let listed = Regex::new(r"(?m)^pub mod ([a-z_]+);").expect("a valid regex");
    let of = |re: &Regex, text: &str| -> BTreeSet<String> { re.captures_iter(text).map(|c| c[1].to_string()).collect() };
    let missing: Vec<String> = of(&declared, &main).difference(&of(&listed, &fuzz)).cloned().collect();
    assert!(missing.is_empty(), "fuzz/src/lib.rs does not list these modules of src/main.rs: {missing:?}");
    Ok(())
}
