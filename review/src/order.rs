//! The reading order of a change's hunks, and the reason for each position.
//!
//! A hunk that defines, changes or removes a name comes before the hunks that use it; code comes
//! before its tests, and configuration, docs and generated files come last. Within those
//! constraints the next hunk is one related to the last one read (same file, or linked by a name),
//! so related hunks stay together; otherwise the one most others depend on, so that a story starts
//! at its definitions; otherwise the first in file order. Names that depend on each
//! other form cycles: each cycle (a strongly connected component) is read as one block, in an
//! order that breaks the fewest of its edges, and the reason says so. Low-entropy groups are pulled
//! together at their first member's position.

use crate::group::Group;
use crate::hunk::Symbols;
use crate::lang::Role;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What the order needs to know of one hunk.
#[derive(Clone, Copy, Debug)]
pub struct Node<'a> {
    pub path: &'a str,
    pub role: Role,
    pub symbols: &'a Symbols,
}

/// A dependency between two hunks: `from` provides `names` that `to` uses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub names: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Placement {
    /// Hunk indices in reading order.
    pub order: Vec<usize>,
    /// Per hunk (by index): why it sits where it does, most important first.
    pub reasons: Vec<Vec<String>>,
    /// Hunks that depend on each other in a circle, each cycle in reading order.
    pub cycles: Vec<Vec<usize>>,
    pub edges: Vec<Edge>,
}

/// The order's tier for a hunk: code, then tests, then the rest.
fn rank(node: &Node) -> u8 {
    match (node.role, node.symbols.in_test) {
        (Role::Code, false) => 0,
        (Role::Code, true) | (Role::Test, _) => 1,
        (Role::Config, _) => 2,
        (Role::Docs, _) => 3,
        (Role::Generated, _) => 4,
    }
}

/// The dependency edges: a name the first hunk provides and the second one uses.
pub fn edges(nodes: &[Node]) -> Vec<Edge> {
    // name → hunks that provide it
    let mut providers: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, n) in nodes.iter().enumerate() {
        let s = n.symbols;
        let provided = s
            .defines
            .iter()
            .chain(&s.changes)
            .chain(&s.removes)
            .chain(s.scope.iter())
            .map(|sym| sym.name.as_str())
            .collect::<BTreeSet<_>>();
        for name in provided {
            providers.entry(name).or_default().push(i);
        }
    }
    // An export list provides its names to every file; an import only to its own file.
    let mut imported: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    // Definitions come first: a hunk that re-exports a name it does not define provides it only
    // when no hunk defines it (`pub use error::MatrixError` needs the hunk defining the enum).
    let defined: BTreeSet<&str> = providers.keys().copied().collect();
    for (i, n) in nodes.iter().enumerate() {
        for name in n.symbols.exports.iter().filter(|e| !defined.contains(e.as_str())) {
            let list = providers.entry(name.as_str()).or_default();
            if !list.contains(&i) {
                list.push(i);
            }
        }
        for name in &n.symbols.imports {
            imported.entry((n.path, name.as_str())).or_default().push(i);
        }
    }
    let mut out: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
    let mut cleanup: Vec<(usize, usize, &String)> = Vec::new();
    for (to, n) in nodes.iter().enumerate() {
        let own_scope = n.symbols.scope.as_ref().map(|s| s.name.as_str());
        // An import of a name depends on the hunk that defines it, like any use.
        for name in n.symbols.uses.iter().chain(&n.symbols.drops).chain(&n.symbols.imports) {
            // Recursion inside the function being changed is not a dependency on another hunk.
            if Some(name.as_str()) == own_scope {
                continue;
            }
            let local = imported.get(&(n.path, name.as_str()));
            let dropped = n.symbols.drops.contains(name) && !n.symbols.uses.contains(name);
            for &from in providers.get(name.as_str()).into_iter().flatten().chain(local.into_iter().flatten())
            {
                // Deleting a definition reads best after its last uses went: cleanup follows.
                let removed = nodes[from].symbols.removes.iter().any(|d| &d.name == name);
                if dropped && removed {
                    cleanup.push((to, from, name));
                    continue;
                }
                // A hunk in a later tier cannot hold up an earlier one: tests don't define code.
                if from != to && rank(&nodes[from]) <= rank(n) {
                    let names = out.entry((from, to)).or_default();
                    if !names.contains(name) {
                        names.push(name.clone());
                    }
                }
            }
        }
    }
    // Unless the pair is already linked the other way: a rename's definition removes the old
    // name and defines the new one its callers now use, so it comes first.
    for (a, b, name) in cleanup {
        if a != b && !out.contains_key(&(b, a)) && rank(&nodes[a]) <= rank(&nodes[b]) {
            let names = out.entry((a, b)).or_default();
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    out.into_iter().map(|((from, to), names)| Edge { from, to, names }).collect()
}

/// Orders `nodes` (given in file order) for reading.
pub fn reading_order(nodes: &[Node], groups: &[Group]) -> Placement {
    let n = nodes.len();
    let edges = edges(nodes);
    let mut succ = vec![Vec::new(); n];
    for e in &edges {
        succ[e.from].push(e.to);
    }
    let comps = strongly_connected(&succ);
    let mut comp_of = vec![0; n];
    for (c, members) in comps.iter().enumerate() {
        for &m in members {
            comp_of[m] = c;
        }
    }
    // Order each cycle inside itself: fewest unmet dependencies first.
    let mut comp_order: Vec<Vec<usize>> = comps.iter().map(|members| order_cycle(members, &edges)).collect();
    let mut indegree = vec![0usize; comps.len()];
    let mut comp_succ: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); comps.len()];
    for e in &edges {
        let (a, b) = (comp_of[e.from], comp_of[e.to]);
        if a != b && comp_succ[a].insert(b) {
            indegree[b] += 1;
        }
    }
    let linked: BTreeSet<(usize, usize)> =
        edges.iter().flat_map(|e| [(e.from, e.to), (e.to, e.from)]).collect();
    let comp_rank = |c: usize| comps[c].iter().map(|&m| rank(&nodes[m])).min().unwrap_or(0);
    let comp_first = |c: usize| comps[c].iter().copied().min().unwrap_or(0);

    let mut ready: BTreeSet<usize> = (0..comps.len()).filter(|&c| indegree[c] == 0).collect();
    let mut order = Vec::with_capacity(n);
    while !ready.is_empty() {
        let last = order.last().copied();
        let related = |c: usize| {
            last.is_some_and(|l: usize| {
                comps[c].iter().any(|&m| nodes[m].path == nodes[l].path || linked.contains(&(l, m)))
            })
        };
        // Within a tier: continue with something related to what was just read; otherwise start
        // where the most hunks depend on (definitions open a story), then file order.
        let next = *ready
            .iter()
            .min_by_key(|&&c| {
                (comp_rank(c), !related(c), std::cmp::Reverse(comp_succ[c].len()), comp_first(c))
            })
            .expect("ready is not empty");
        ready.remove(&next);
        order.extend(std::mem::take(&mut comp_order[next]));
        for &s in &comp_succ[next] {
            indegree[s] -= 1;
            if indegree[s] == 0 {
                ready.insert(s);
            }
        }
    }

    // Groups read as one block at their first member's position.
    let mut position = vec![0; n];
    for (p, &h) in order.iter().enumerate() {
        position[h] = p;
    }
    let mut grouped = vec![None; n];
    for (g, group) in groups.iter().enumerate() {
        for &h in &group.hunks {
            if h < n {
                grouped[h] = Some(g);
            }
        }
    }
    // A group goes where its first member was, unless a member still waits for a hunk outside the
    // group: then it goes right after the last such hunk.
    let mut preds = vec![Vec::new(); n];
    for e in &edges {
        preds[e.to].push(e.from);
    }
    let mut placed = vec![false; n];
    let mut final_order = Vec::with_capacity(n);
    let mut pending: Vec<usize> = Vec::new();
    let members_of = |g: usize| -> Vec<usize> {
        let mut m: Vec<usize> = groups[g].hunks.iter().copied().filter(|&m| m < n).collect();
        m.sort_by_key(|&x| position[x]);
        m
    };
    let ready = |g: usize, placed: &[bool]| {
        members_of(g).iter().all(|&m| preds[m].iter().all(|&p| placed[p] || grouped[p] == Some(g)))
    };
    for &h in &order {
        if placed[h] {
            continue;
        }
        match grouped[h] {
            Some(g) if !ready(g, &placed) => {
                if !pending.contains(&g) {
                    pending.push(g);
                }
                continue;
            }
            Some(g) => {
                for m in members_of(g) {
                    if !placed[m] {
                        placed[m] = true;
                        final_order.push(m);
                    }
                }
            }
            None => {
                placed[h] = true;
                final_order.push(h);
            }
        }
        // Placing this hunk may have released a waiting group.
        while let Some(i) = pending.iter().position(|&g| ready(g, &placed)) {
            let g = pending.remove(i);
            for m in members_of(g) {
                if !placed[m] {
                    placed[m] = true;
                    final_order.push(m);
                }
            }
        }
    }
    // Groups whose members wait on each other across groups (a cycle): in first-member order.
    for g in pending {
        for m in members_of(g) {
            if !placed[m] {
                placed[m] = true;
                final_order.push(m);
            }
        }
    }
    let cycles: Vec<Vec<usize>> = comps
        .iter()
        .filter(|c| c.len() > 1)
        .map(|c| {
            let mut c = c.clone();
            c.sort_by_key(|&m| final_order.iter().position(|&x| x == m));
            c
        })
        .collect();
    let reasons = explain(nodes, &edges, &final_order, &cycles, groups, &grouped);
    Placement { order: final_order, reasons, cycles, edges }
}

/// Orders the members of one strongly connected component: repeatedly take the member with the
/// fewest dependencies on members not yet taken (ties: file order).
fn order_cycle(members: &[usize], edges: &[Edge]) -> Vec<usize> {
    let mut left: Vec<usize> = members.to_vec();
    left.sort_unstable();
    let mut out = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let unmet = |m: usize, left: &[usize]| {
            edges.iter().filter(|e| e.to == m && e.from != m && left.contains(&e.from)).count()
        };
        let (pos, _) =
            left.iter().enumerate().min_by_key(|&(_, &m)| (unmet(m, &left), m)).expect("left is not empty");
        out.push(left.remove(pos));
    }
    out
}

/// Tarjan's strongly connected components, iteratively (a long chain must not overflow the
/// stack). Components come out in reverse topological order; the order is recomputed anyway.
fn strongly_connected(succ: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = succ.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comps = Vec::new();
    let mut next = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // (node, next successor to visit)
        let mut work = vec![(root, 0usize)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            if let Some(&w) = succ[v].get(*i) {
                *i += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut comp = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp.push(w);
                        if w == v {
                            break;
                        }
                    }
                    comps.push(comp);
                }
            }
        }
    }
    comps
}

fn quote_names(names: &[&str], max: usize) -> String {
    let shown: Vec<String> = names.iter().take(max).map(|n| format!("`{n}`")).collect();
    let mut s = match shown.len() {
        0 => String::new(),
        1 => shown[0].clone(),
        _ => format!("{} and {}", shown[..shown.len() - 1].join(", "), shown[shown.len() - 1]),
    };
    if names.len() > max {
        s.push_str(&format!(" (+{} more)", names.len() - max));
    }
    s
}

fn hunks(n: usize) -> String {
    if n == 1 {
        "1 hunk".into()
    } else {
        format!("{n} hunks")
    }
}

/// The sentences that justify each position.
fn explain(
    nodes: &[Node],
    edges: &[Edge],
    order: &[usize],
    cycles: &[Vec<usize>],
    groups: &[Group],
    grouped: &[Option<usize>],
) -> Vec<Vec<String>> {
    let n = nodes.len();
    let mut position = vec![0; n];
    for (p, &h) in order.iter().enumerate() {
        position[h] = p;
    }
    let mut reasons = vec![Vec::new(); n];
    for (i, node) in nodes.iter().enumerate() {
        let r = &mut reasons[i];
        let s = node.symbols;
        // What this hunk provides to later hunks.
        let out: Vec<&Edge> = edges.iter().filter(|e| e.from == i).collect();
        if !out.is_empty() {
            let mut names: Vec<&str> = out.iter().flat_map(|e| e.names.iter().map(String::as_str)).collect();
            names.sort_unstable();
            names.dedup();
            let verb = |name: &str| {
                if s.defines.iter().any(|d| d.name == name) {
                    "defines"
                } else if s.removes.iter().any(|d| d.name == name) {
                    "removes"
                } else {
                    "changes"
                }
            };
            let verb = verb(names[0]);
            let below = out.iter().filter(|e| position[e.to] > position[i]).count();
            let above = out.len() - below;
            let mut sentence = format!("{verb} {}", quote_names(&names, 3));
            if below > 0 {
                sentence.push_str(&format!(", used by {} below", hunks(below)));
            }
            if above > 0 {
                sentence.push_str(&format!(
                    "{} {} above",
                    if below > 0 { " and" } else { ", used by" },
                    hunks(above)
                ));
            }
            r.push(sentence);
        }
        // What it takes from earlier hunks.
        let inc: Vec<&Edge> = edges.iter().filter(|e| e.to == i).collect();
        if !inc.is_empty() {
            let mut names: Vec<&str> = inc.iter().flat_map(|e| e.names.iter().map(String::as_str)).collect();
            names.sort_unstable();
            names.dedup();
            let mut files: Vec<&str> = inc.iter().map(|e| nodes[e.from].path).collect();
            files.sort_unstable();
            files.dedup();
            let where_ = if files == [node.path] {
                "in this file".to_string()
            } else {
                format!(
                    "in {}",
                    files.iter().take(2).map(|f| format!("`{f}`")).collect::<Vec<_>>().join(" and ")
                )
            };
            let verb = if rank(node) == 1 { "tests" } else { "uses" };
            let when = if inc.iter().all(|e| position[e.from] < position[i]) {
                "changed above"
            } else {
                "changed nearby"
            };
            r.push(format!("{verb} {} ({when}, {where_})", quote_names(&names, 3)));
        }
        if let Some(cycle) = cycles.iter().find(|c| c.contains(&i)) {
            let others: Vec<String> =
                cycle.iter().filter(|&&m| m != i).map(|&m| format!("#{}", position[m] + 1)).collect();
            r.push(format!(
                "depends in a circle with {}: read together, in the order that breaks the fewest uses",
                others.join(", ")
            ));
        }
        match rank(node) {
            1 if inc.is_empty() => r.push("test code: read after the code it tests".into()),
            2 => r.push(format!("{}: read after the code", node.role.describe())),
            3 => r.push("documentation: read after the code it describes".into()),
            4 => r.push("generated file: read last, it follows from the rest".into()),
            _ => {}
        }
        if let Some(g) = grouped[i] {
            r.push(format!("low-entropy: {}", lowercase_first(&groups[g].summary)));
        }
        if r.is_empty() {
            let p = position[i];
            let same_file_before = p > 0 && nodes[order[p - 1]].path == node.path;
            r.push(if same_file_before {
                format!("next change in `{}`", node.path)
            } else {
                "independent change: file order".into()
            });
        }
    }
    reasons
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::group::GroupKind;
    use crate::hunk::{Symbol, SymbolKind};

    fn sym(name: &str) -> Symbol {
        Symbol { name: name.into(), kind: SymbolKind::Function }
    }

    fn symbols(defines: &[&str], uses: &[&str]) -> Symbols {
        Symbols {
            defines: defines.iter().map(|d| sym(d)).collect(),
            uses: uses.iter().map(|u| u.to_string()).collect(),
            ..Symbols::default()
        }
    }

    fn order_of(items: &[(&str, Role, Symbols)], groups: &[Group]) -> Placement {
        let nodes: Vec<Node> = items.iter().map(|(p, r, s)| Node { path: p, role: *r, symbols: s }).collect();
        reading_order(&nodes, groups)
    }

    #[test]
    fn definitions_come_before_uses_across_files() {
        let items = [
            ("src/a_main.rs", Role::Code, symbols(&[], &["parse_header"])),
            ("src/b_cli.rs", Role::Code, symbols(&[], &["parse_header"])),
            ("src/header.rs", Role::Code, symbols(&["parse_header"], &[])),
        ];
        let p = order_of(&items, &[]);
        assert_eq!(p.order, vec![2, 0, 1]);
        assert_eq!(p.reasons[2][0], "defines `parse_header`, used by 2 hunks below");
        assert_eq!(p.reasons[0][0], "uses `parse_header` (changed above, in `src/header.rs`)");
    }

    #[test]
    fn changed_body_counts_as_provider() {
        let changed = Symbols { scope: Some(sym("total")), ..Symbols::default() };
        let items = [("a.rs", Role::Code, symbols(&[], &["total"])), ("b.rs", Role::Code, changed)];
        let p = order_of(&items, &[]);
        assert_eq!(p.order, vec![1, 0]);
        assert!(p.reasons[1][0].starts_with("changes `total`"));
    }

    #[test]
    fn tests_config_docs_generated_come_last_in_that_order() {
        let items = [
            ("Cargo.lock", Role::Generated, Symbols::default()),
            ("README.md", Role::Docs, Symbols::default()),
            ("Cargo.toml", Role::Config, Symbols::default()),
            ("tests/t.rs", Role::Test, symbols(&[], &["run"])),
            ("src/lib.rs", Role::Code, symbols(&["run"], &[])),
        ];
        let p = order_of(&items, &[]);
        assert_eq!(p.order, vec![4, 3, 2, 1, 0]);
        assert_eq!(p.reasons[3][0], "tests `run` (changed above, in `src/lib.rs`)");
        assert_eq!(p.reasons[2][0], "configuration: read after the code");
        assert_eq!(p.reasons[0][0], "generated file: read last, it follows from the rest");
    }

    #[test]
    fn in_file_tests_count_as_tests() {
        let mut t = symbols(&["checks_totals"], &["total"]);
        t.in_test = true;
        let items = [
            ("src/lib.rs", Role::Code, t),
            ("src/other.rs", Role::Code, symbols(&[], &[])),
            ("src/total.rs", Role::Code, symbols(&["total"], &[])),
        ];
        let p = order_of(&items, &[]);
        // The definition opens the story (something depends on it); the test comes last.
        assert_eq!(p.order, vec![2, 1, 0]);
    }

    #[test]
    fn cycles_are_read_together_and_explained() {
        let items = [
            ("a.rs", Role::Code, symbols(&["is_even"], &["is_odd"])),
            ("b.rs", Role::Code, symbols(&["is_odd"], &["is_even"])),
            ("c.rs", Role::Code, symbols(&[], &["is_odd"])),
        ];
        let p = order_of(&items, &[]);
        assert_eq!(p.cycles, vec![vec![0, 1]]);
        assert_eq!(p.order, vec![0, 1, 2]);
        assert!(p.reasons[0].iter().any(|r| r.starts_with("depends in a circle with #2")));
        assert_eq!(p.reasons[0][0], "defines `is_even`, used by 1 hunk below");
        assert_eq!(p.reasons[1][0], "defines `is_odd`, used by 1 hunk below and 1 hunk above");
    }

    #[test]
    fn related_hunks_stay_together() {
        // Two independent stories: a.rs defines f used in z.rs; b.rs is unrelated. After a.rs,
        // its user z.rs comes next rather than b.rs, which is first in file order.
        let items = [
            ("a.rs", Role::Code, symbols(&["f"], &[])),
            ("b.rs", Role::Code, symbols(&[], &[])),
            ("z.rs", Role::Code, symbols(&[], &["f"])),
        ];
        let p = order_of(&items, &[]);
        assert_eq!(p.order, vec![0, 2, 1]);
        assert_eq!(p.reasons[1], vec!["independent change: file order".to_string()]);
    }

    #[test]
    fn groups_are_pulled_together() {
        let items = [
            ("a.rs", Role::Code, symbols(&[], &[])),
            ("b.rs", Role::Code, symbols(&[], &[])),
            ("c.rs", Role::Code, symbols(&[], &[])),
        ];
        let group = Group {
            kind: GroupKind::Rename,
            summary: "Rename `a` → `b` in 2 hunks".into(),
            hunks: vec![0, 2],
        };
        let p = order_of(&items, &[group]);
        assert_eq!(p.order, vec![0, 2, 1]);
        assert!(p.reasons[2].iter().any(|r| r == "low-entropy: rename `a` → `b` in 2 hunks"));
    }

    #[test]
    fn long_chains_do_not_overflow() {
        let names: Vec<String> = (0..5000).map(|i| format!("f{i}")).collect();
        let items: Vec<(&str, Role, Symbols)> = (0..5000)
            .map(|i| {
                let uses: Vec<&str> = if i + 1 < 5000 { vec![names[i + 1].as_str()] } else { vec![] };
                ("a.rs", Role::Code, symbols(&[names[i].as_str()], &uses))
            })
            .collect();
        let p = order_of(&items, &[]);
        assert_eq!(p.order.first(), Some(&4999));
        assert_eq!(p.order.last(), Some(&0));
    }
}
