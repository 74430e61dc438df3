//! One row of the review list: a hunk's card (position, place, risk badges, why it is here, the
//! risks' sentences, the diff with changed words highlighted and surprising tokens underlined,
//! accept / revert / viewed), or a low-entropy group's folded line.

use std::collections::BTreeMap;

use leptos::prelude::*;
use marble_review::hunk::{Rule, Side, Tier};
use marble_review::FileStatus;
use marble_review::ReviewedHunk;

use super::actions;
use super::decorations::{surprise_title, tier_name};
use super::lines::{segments, Segment};
use super::rows::Row;
use crate::ide::state::ide;

/// Diff lines shown per side of a card; a longer hunk says how many more there are.
const MAX_LINES_SHOWN: usize = 60;

pub fn rule_label(rule: Rule) -> &'static str {
    match rule {
        Rule::ErrorHandling => "error handling",
        Rule::Unsafe => "unsafe",
        Rule::Panic => "panic",
        Rule::Boundary => "boundary",
        Rule::Security => "security",
        Rule::Injection => "injection",
        Rule::Concurrency => "concurrency",
        Rule::DeletedTest => "deleted test",
        Rule::Churn => "churn",
        Rule::Surprisal => "surprisal",
    }
}

/// A hunk's badges: one per rule, at that rule's highest tier, with every reason as the title;
/// highest tier first.
#[derive(Clone, Debug, PartialEq)]
pub struct Badge {
    pub rule: Rule,
    pub tier: Tier,
    pub title: String,
}

pub fn badges(h: &ReviewedHunk) -> Vec<Badge> {
    let mut by_rule: BTreeMap<Rule, (Tier, Vec<&str>)> = BTreeMap::new();
    for r in &h.risks {
        let e = by_rule.entry(r.rule).or_insert((r.tier, Vec::new()));
        e.0 = e.0.max(r.tier);
        e.1.push(&r.reason);
    }
    let mut out: Vec<Badge> = by_rule
        .into_iter()
        .map(|(rule, (tier, reasons))| Badge { rule, tier, title: reasons.join("\n") })
        .collect();
    out.sort_by_key(|b| std::cmp::Reverse(b.tier));
    out
}

/// The DOM id of a row, for focusing it.
pub fn dom_id(key: &str) -> String {
    format!("review-row-{}", key.replace(':', "-"))
}

fn badge_view(b: Badge) -> impl IntoView {
    view! {
        <span class="risk-badge" data-tier=tier_name(b.tier) data-rule=b.rule.id() title=b.title data-testid="risk-badge">
            {rule_label(b.rule)}
        </span>
    }
}

fn segment_view(s: Segment) -> AnyView {
    match s.surprisal {
        Some(n) => view! {
            <span class="surprise" class:word=s.changed title=surprise_title(n) data-surprisal=format!("{n:.1}")>
                {s.text}
            </span>
        }
        .into_any(),
        None if s.changed => view! { <span class="word">{s.text}</span> }.into_any(),
        None => s.text.into_any(),
    }
}

/// The diff lines of a hunk: removed then added, numbered in their own file.
fn diff_view(h: &ReviewedHunk) -> impl IntoView {
    let words = |side: Side, line: usize| -> Vec<std::ops::Range<usize>> {
        h.hunk
            .words
            .iter()
            .filter(|w| w.side == side && w.line as usize == line)
            .map(|w| w.start as usize..w.end as usize)
            .collect()
    };
    let marks = |line: usize| -> Vec<(std::ops::Range<usize>, f32)> {
        h.surprisal
            .iter()
            .flat_map(|s| &s.marks)
            .filter(|m| m.line as usize == line)
            .map(|m| (m.start as usize..m.end as usize, m.surprisal))
            .collect()
    };
    let mut lines = Vec::new();
    let sides = [
        (Side::Removed, &h.hunk.removed, h.hunk.before.start),
        (Side::Added, &h.hunk.added, h.hunk.after.start),
    ];
    for (side, text, first) in sides {
        let (class, sign) =
            if side == Side::Added { ("diff-line added", "+") } else { ("diff-line removed", "−") };
        for (i, line) in text.iter().enumerate().take(MAX_LINES_SHOWN) {
            let segs =
                segments(line, &words(side, i), &if side == Side::Added { marks(i) } else { Vec::new() });
            lines.push(
                view! {
                    <div class=class>
                        <span class="diff-num" aria-hidden="true">{first as usize + i + 1}</span>
                        <span class="diff-sign" aria-hidden="true">{sign}</span>
                        <span class="diff-text">{segs.into_iter().map(segment_view).collect_view()}</span>
                    </div>
                }
                .into_any(),
            );
        }
        if text.len() > MAX_LINES_SHOWN {
            let more = text.len() - MAX_LINES_SHOWN;
            lines.push(
                view! { <div class="diff-more muted">{format!("… {more} more lines")}</div> }.into_any(),
            );
        }
    }
    view! { <div class="hunk-diff" role="group" aria-label="Changed lines">{lines}</div> }
}

#[component]
pub fn HunkCard(id: usize, row_key: String) -> impl IntoView {
    let ide = ide();
    let rs = ide.review;
    let found = rs.analysed.with_untracked(|a| {
        let a = a.as_ref()?;
        let h = a.review.by_id(id)?.clone();
        let position = a.review.position(id)? + 1;
        let status = a.review.files.iter().find(|f| f.path == h.hunk.path).map(|f| f.status);
        Some((h, position, a.review.hunks.len(), status))
    });
    let Some((h, position, total, status)) = found else { return ().into_any() };
    let fp = h.fingerprint.clone();
    let fp2 = fp.clone();
    let key = row_key.clone();
    let selected = Memo::new(move |_| rs.cursor.with(|c| c.key.as_deref() == Some(key.as_str())));
    let viewed = Memo::new(move |_| rs.viewed.with(|v| v.contains(&fp)));
    let line = h.hunk.after.start + 1;
    let place = format!("{}:{line}", h.hunk.path);
    let tier = h.tier().map(tier_name).unwrap_or("none");
    let status_tag = match status {
        Some(FileStatus::Added) => Some("new file"),
        Some(FileStatus::Deleted) => Some("deleted file"),
        _ => None,
    };
    let risks: Vec<(Tier, String)> = h.risks.iter().map(|r| (r.tier, r.reason.clone())).collect();
    let select = {
        let key = row_key.clone();
        move || {
            let keys: Vec<String> = super::panel::current_rows(ide).into_iter().map(|(_, k)| k).collect();
            if let Some(i) = keys.iter().position(|k| *k == key) {
                rs.cursor.update(|c| c.select(&keys, i));
            }
        }
    };
    let surprisal =
        h.surprisal.as_ref().map(|s| format!("model: {:.1} nats/token over {} tokens", s.mean, s.tokens));
    view! {
        <article
            class="hunk-card"
            class:selected=selected
            class:viewed=viewed
            class:low-entropy=h.group.is_some()
            id=dom_id(&row_key)
            tabindex=move || if selected.get() { "0" } else { "-1" }
            role="listitem"
            aria-label=format!("Hunk {position} of {total}: {place}")
            data-testid="hunk-card"
            data-path=h.hunk.path.clone()
            data-line=line.to_string()
            data-fingerprint=h.fingerprint.clone()
            data-tier=tier
            on:click=move |_| select()
        >
            <header class="hunk-head">
                <span class="hunk-pos" title="Position in reading order">{position}</span>
                <button class="link hunk-loc" data-testid="hunk-open" title="Open in the editor (Enter)" on:click=move |_| actions::open(ide, id)>
                    {place.clone()}
                </button>
                {status_tag.map(|t| view! { <span class="file-tag muted">{t}</span> })}
                <span class="badges">{badges(&h).into_iter().map(badge_view).collect_view()}</span>
                <span class="spacer"></span>
                <label class="viewed-toggle" title="Viewed (v): folds the hunk until it changes">
                    <input type="checkbox" data-testid="hunk-viewed" prop:checked=viewed on:change=move |_| actions::toggle_viewed(ide, &fp2) />
                    "Viewed"
                </label>
            </header>
            <div class="hunk-body" class:hidden=viewed>
                <ul class="hunk-reasons" aria-label="Why here">
                    {h.reasons.iter().map(|r| view! { <li data-testid="hunk-reason">{r.clone()}</li> }).collect_view()}
                </ul>
                {(!risks.is_empty()).then(|| view! {
                    <ul class="hunk-risks" aria-label="Risks">
                        {risks.into_iter().map(|(t, r)| view! { <li data-tier=tier_name(t)>{r}</li> }).collect_view()}
                    </ul>
                })}
                {diff_view(&h)}
                <div class="hunk-actions">
                    <button data-testid="hunk-accept" title="Accept (a): the checkpoint takes this change, and it leaves the review" on:click=move |_| actions::accept(ide, &[id])>
                        "Accept"
                    </button>
                    <button data-testid="hunk-revert" title="Revert (r): the file goes back to the checkpoint's lines here (undo in the editor)" on:click=move |_| actions::revert(ide, &[id])>
                        "Revert"
                    </button>
                    <span class="spacer"></span>
                    {surprisal.map(|s| view! { <span class="muted small" data-testid="hunk-surprisal">{s}</span> })}
                </div>
            </div>
        </article>
    }
    .into_any()
}

#[component]
pub fn GroupRow(group: usize, row_key: String) -> impl IntoView {
    let ide = ide();
    let rs = ide.review;
    let found = rs.analysed.with_untracked(|a| {
        let a = a.as_ref()?;
        let g = a.review.groups.get(group)?;
        Some((g.summary.clone(), format!("{:?}", g.kind).to_lowercase(), g.hunks.clone()))
    });
    let Some((summary, kind, members)) = found else { return ().into_any() };
    let key = row_key.clone();
    let selected = Memo::new(move |_| rs.cursor.with(|c| c.key.as_deref() == Some(key.as_str())));
    let key = row_key.clone();
    let open = Memo::new(move |_| rs.unfolded.with(|u| u.contains(&key)));
    let toggle = {
        let key = row_key.clone();
        move || super::panel::toggle_group(ide, &key)
    };
    let toggle2 = toggle.clone();
    let select = {
        let key = row_key.clone();
        move || {
            let keys: Vec<String> = super::panel::current_rows(ide).into_iter().map(|(_, k)| k).collect();
            if let Some(i) = keys.iter().position(|k| *k == key) {
                rs.cursor.update(|c| c.select(&keys, i));
            }
        }
    };
    let n = members.len();
    view! {
        <div
            class="review-group"
            class:selected=selected
            id=dom_id(&row_key)
            tabindex=move || if selected.get() { "0" } else { "-1" }
            role="listitem"
            aria-label=format!("Low-entropy group: {summary}")
            data-testid="review-group"
            data-kind=kind
            on:click=move |_| select()
        >
            <button class="ghost twisty" aria-expanded=move || open.get().to_string() title="Show its hunks (Enter)" on:click=move |_| toggle()>
                {move || if open.get() { "▾" } else { "▸" }}
            </button>
            <span class="group-summary" on:dblclick=move |_| toggle2()>{summary.clone()}</span>
            <span class="spacer"></span>
            <span class="muted small">{format!("{n} hunks")}</span>
            <button class="small" data-testid="group-accept" title="Accept every hunk of the group (a)" on:click=move |_| actions::accept(ide, &members)>
                "Accept all"
            </button>
        </div>
    }
    .into_any()
}

/// The hunk ids a row stands for.
pub fn members(ide: crate::ide::state::Ide, row: Row) -> Vec<usize> {
    match row {
        Row::Hunk(id) => vec![id],
        Row::Group(g) => ide
            .review
            .analysed
            .with_untracked(|a| a.as_ref().and_then(|a| a.review.groups.get(g).map(|g| g.hunks.clone())))
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marble_review::{analyze, FileChange};

    #[test]
    fn badges_are_one_per_rule_highest_tier_first() {
        let review = analyze(&[FileChange {
            path: "src/lib.rs".into(),
            before: Some("pub fn f(v: &[u8]) -> u8 {\n    0\n}\n".into()),
            after: Some("pub fn f(v: &[u8]) -> u8 {\n    let x = v.first().unwrap();\n    let y = v.get(1).unwrap();\n    unsafe { *v.as_ptr() }\n}\n".into()),
        }]);
        let h = &review.hunks[0];
        let b = badges(h);
        let mut rules: Vec<Rule> = b.iter().map(|b| b.rule).collect();
        rules.dedup();
        assert_eq!(rules.len(), b.len(), "one badge per rule: {b:?}");
        assert!(b.windows(2).all(|w| w[0].tier >= w[1].tier), "{b:?}");
        if let Some(panic) = b.iter().find(|b| b.rule == Rule::Panic) {
            let count = h.risks.iter().filter(|r| r.rule == Rule::Panic).count();
            assert_eq!(panic.title.lines().count(), count, "every reason in the title");
        }
        assert!(!b.is_empty(), "unwrap and unsafe in library code are risks: {:?}", h.risks);
    }

    #[test]
    fn dom_ids_have_no_colons() {
        assert_eq!(dom_id("g:Rename:00ff"), "review-row-g-Rename-00ff");
    }
}
