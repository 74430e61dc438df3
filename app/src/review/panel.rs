//! The review panel's view: a header (what changed, risk counts, the checkpoint's age, analysis
//! and scoring times, buttons) over the list of rows in reading order, and the panel's keys.

use std::cell::Cell;
use std::time::Duration;

use leptos::prelude::*;
use marble_review::hunk::Tier;
use marble_review::Review;
use wasm_bindgen::JsCast;

use super::card::{dom_id, members, GroupRow, HunkCard};
use super::checkpoint::{self, ago, clock_label};
use super::keys::{self, KeyAction};
use super::rows::Row;
use super::state::{visible_now, Scoring};
use super::{actions, scoring};
use crate::ide::state::{ide, Ide, ModelStatus, SideTab};

/// Hunks per tier (high, medium, low) by each hunk's highest risk, and hunks without one.
pub fn tier_counts(review: &Review) -> ([usize; 3], usize) {
    let mut counts = [0; 3];
    let mut calm = 0;
    for h in &review.hunks {
        match h.tier() {
            Some(Tier::High) => counts[0] += 1,
            Some(Tier::Medium) => counts[1] += 1,
            Some(Tier::Low) => counts[2] += 1,
            None => calm += 1,
        }
    }
    (counts, calm)
}

/// "3 hunks in 2 files".
pub fn summary(review: &Review) -> String {
    let plural = |n: usize, one: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {one}s") };
    format!("{} in {}", plural(review.hunks.len(), "hunk"), plural(review.files.len(), "file"))
}

/// The scoring line.
pub fn scoring_sentence(scoring: &Scoring, model_ready: bool) -> String {
    match scoring {
        _ if !model_ready && !matches!(scoring, Scoring::Done { .. }) => {
            "Surprisal needs a model: load one in the Model tab to underline the tokens it finds surprising."
                .into()
        }
        Scoring::Idle => "Surprisal: not scored yet.".into(),
        Scoring::Running { done, total } => format!("Scoring with the model: scored {done}/{total} hunks…"),
        Scoring::Done { scored: 0, cached, .. } => {
            format!("Surprisal of {cached} hunks, from earlier scoring.")
        }
        Scoring::Done { scored, cached, ms } => {
            let from_cache =
                if *cached > 0 { format!(" ({cached} more from earlier scoring)") } else { String::new() };
            format!(
                "Scored {scored}/{scored} hunks with the model in {:.1} s, {:.0} ms per hunk{from_cache}.",
                ms / 1000.0,
                ms / *scored as f64
            )
        }
        Scoring::Failed(why) => why.clone(),
    }
}

/// The rows shown now, with their keys.
pub fn current_rows(ide: Ide) -> Vec<(Row, String)> {
    let rs = ide.review;
    rs.unfolded
        .with_untracked(|u| rs.analysed.with_untracked(|a| a.as_ref().map(|a| a.rows(u)).unwrap_or_default()))
}

pub fn toggle_group(ide: Ide, key: &str) {
    ide.review.unfolded.update(|u| {
        if !u.remove(key) {
            u.insert(key.to_string());
        }
    });
}

thread_local! {
    /// The keyboard is working the list: when the focused row is re-rendered away (accepted,
    /// reverted, a new analysis), the selected row takes the focus back.
    static KEEP_FOCUS: Cell<bool> = const { Cell::new(false) };
}

/// Focuses the selected row (which scrolls it into view) once the list has rendered.
fn focus_selected(ide: Ide) {
    request_animation_frame(move || {
        let rows = current_rows(ide);
        let keys: Vec<String> = rows.into_iter().map(|(_, k)| k).collect();
        let Some(i) = ide.review.cursor.with_untracked(|c| c.resolve(&keys)) else { return };
        let el = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&dom_id(&keys[i])))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = el {
            let _ = el.focus();
        }
    });
}

/// Does what a key (or a palette command) asks, on the selected row.
pub fn perform(ide: Ide, action: KeyAction) {
    let rs = ide.review;
    KEEP_FOCUS.set(true);
    let rows = current_rows(ide);
    let keys: Vec<String> = rows.iter().map(|(_, k)| k.clone()).collect();
    match action {
        KeyAction::Next | KeyAction::Previous => {
            let delta = if action == KeyAction::Next { 1 } else { -1 };
            rs.cursor.update(|c| c.step(&keys, delta));
            focus_selected(ide);
            return;
        }
        _ => {}
    }
    let Some(i) = rs.cursor.with_untracked(|c| c.resolve(&keys)) else { return };
    rs.cursor.update(|c| c.select(&keys, i));
    let (row, key) = rows[i].clone();
    let ids = members(ide, row);
    match action {
        KeyAction::Accept => actions::accept(ide, &ids),
        KeyAction::Revert => actions::revert(ide, &ids),
        KeyAction::ToggleViewed => {
            let fingerprints: Vec<String> = rs.analysed.with_untracked(|a| {
                a.as_ref()
                    .map(|a| {
                        ids.iter()
                            .filter_map(|&id| a.review.by_id(id).map(|h| h.fingerprint.clone()))
                            .collect()
                    })
                    .unwrap_or_default()
            });
            // A group is marked as a whole: viewed unless all of it already is.
            let all = rs.viewed.with_untracked(|v| fingerprints.iter().all(|f| v.contains(f)));
            for f in &fingerprints {
                if rs.viewed.with_untracked(|v| v.contains(f)) == all {
                    actions::toggle_viewed(ide, f);
                }
            }
        }
        KeyAction::Open => match row {
            Row::Hunk(id) => return actions::open(ide, id),
            Row::Group(_) => toggle_group(ide, &key),
        },
        KeyAction::Next | KeyAction::Previous => {}
    }
    focus_selected(ide);
}

/// Shows the review panel and puts the keyboard in its list.
pub fn open_panel(ide: Ide) {
    ide.side_open.set(true);
    ide.side_tab.set(SideTab::Review);
    crate::ide::prefs::set("sidetab", "review");
    request_animation_frame(move || {
        let list = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("[data-testid=review-list]").ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(list) = list {
            let _ = list.focus();
        }
    });
}

pub fn make_checkpoint(ide: Ide) {
    checkpoint::make(ide);
}

pub fn next_hunk(ide: Ide) {
    if !visible_now(ide) {
        open_panel(ide);
    }
    perform(ide, KeyAction::Next);
}

pub fn previous_hunk(ide: Ide) {
    if !visible_now(ide) {
        open_panel(ide);
    }
    perform(ide, KeyAction::Previous);
}

#[component]
pub fn ReviewPanel() -> impl IntoView {
    let ide = ide();
    let rs = ide.review;
    let now = RwSignal::new(js_sys::Date::now());
    if let Ok(tick) = set_interval_with_handle(move || now.set(js_sys::Date::now()), Duration::from_secs(20))
    {
        on_cleanup(move || tick.clear());
    }
    let rows = Memo::new(move |_| {
        let unfolded = rs.unfolded.get();
        rs.analysed.with(|a| {
            a.as_ref()
                .map(|a| a.rows(&unfolded).into_iter().map(|(r, k)| (r, k, a.version)).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let model_ready = move || matches!(ide.model.get(), ModelStatus::Ready(_));
    let header = move || {
        rs.analysed.with(|a| {
            let a = a.as_ref()?;
            let (counts, calm) = tier_counts(&a.review);
            Some((summary(&a.review), counts, calm, a.ms, a.skipped.clone()))
        })
    };
    let made = move || {
        rs.made_ms
            .get()
            .map(|ms| format!("Checkpoint made {} ({})", clock_label(ms, now.get()), ago(now.get(), ms)))
    };
    // After a re-render took the focused row away, the focus is on the page's body.
    Effect::new(move |_| {
        rows.track();
        if KEEP_FOCUS.get() && visible_now(ide) {
            let lost = document().active_element().is_none_or(|e| e.tag_name() == "BODY");
            if lost {
                focus_selected(ide);
            }
        }
    });
    let on_focus_out = move |ev: web_sys::FocusEvent| {
        // Focus going elsewhere on purpose (not to nothing, as when a row is removed).
        let inside = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .zip(ev.current_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()))
            .map(|(to, list)| list.contains(Some(&to)));
        if inside == Some(false) {
            KEEP_FOCUS.set(false);
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let tag = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).map(|e| e.tag_name());
        let on_control = matches!(tag.as_deref(), Some("BUTTON" | "INPUT" | "LABEL" | "A"));
        if let Some(action) = keys::action(&ev.key(), ev.ctrl_key(), ev.alt_key(), ev.meta_key(), on_control)
        {
            ev.prevent_default();
            perform(ide, action);
        }
    };
    view! {
        <section class="panel-section review-panel" aria-labelledby="review-heading">
            <h2 id="review-heading" class="visually-hidden">"Review"</h2>
            <div class="review-header">
                {move || match header() {
                    None => view! { <p class="review-summary muted" data-testid="review-summary">"Reading the checkpoint…"</p> }.into_any(),
                    Some((text, counts, calm, ms, skipped)) => view! {
                        <p class="review-summary" data-testid="review-summary">
                            <strong>{text}</strong>
                            <span class="tier-counts">
                                {[(Tier::High, counts[0]), (Tier::Medium, counts[1]), (Tier::Low, counts[2])]
                                    .into_iter()
                                    .filter(|(_, n)| *n > 0)
                                    .map(|(t, n)| {
                                        let name = super::decorations::tier_name(t);
                                        view! { <span class="risk-badge" data-tier=name title=format!("{n} hunks whose highest risk is {name}")>{format!("{n} {name}")}</span> }
                                    })
                                    .collect_view()}
                                {(calm > 0).then(|| view! { <span class="muted small">{format!("{calm} without risk")}</span> })}
                            </span>
                        </p>
                        <p class="muted small" data-testid="review-timing" data-ms=format!("{ms:.2}")>
                            {format!("Analysed in {ms:.1} ms")}
                        </p>
                        {(!skipped.is_empty()).then(|| {
                            let list: Vec<String> = skipped.iter().map(|(p, why)| format!("{p} ({why})")).collect();
                            view! { <p class="muted small">{format!("Not read: {}.", list.join(", "))}</p> }
                        })}
                    }.into_any(),
                }}
                <p class="muted small" data-testid="review-checkpoint">{made}</p>
                <div class="row review-buttons">
                    <button data-testid="make-checkpoint" title="Take everything as reviewed: the review starts again from the files as they are now" on:click=move |_| checkpoint::make(ide)>
                        "Make checkpoint"
                    </button>
                    <button data-testid="score-review" disabled=move || !model_ready() title="Ask the model how surprising each new token is" on:click=move |_| scoring::run(ide)>
                        "Score with model"
                    </button>
                </div>
                <p class="muted small" data-testid="review-scoring" data-state=move || match rs.scoring.get() {
                    Scoring::Idle => "idle",
                    Scoring::Running { .. } => "running",
                    Scoring::Done { .. } => "done",
                    Scoring::Failed(_) => "failed",
                }>
                    {move || scoring_sentence(&rs.scoring.get(), model_ready())}
                </p>
            </div>
            <div class="review-list" role="list" aria-label="Hunks in reading order" tabindex="0" data-testid="review-list" on:keydown=on_key on:focusout=on_focus_out>
                <For
                    each=move || rows.get()
                    key=|(_, k, v)| (k.clone(), *v)
                    children=move |(row, key, _)| match row {
                        Row::Hunk(id) => view! { <HunkCard id=id row_key=key /> }.into_any(),
                        Row::Group(g) => view! { <GroupRow group=g row_key=key /> }.into_any(),
                    }
                />
                {move || {
                    let empty = rs.analysed.with(|a| a.as_ref().is_some_and(|a| a.review.hunks.is_empty()));
                    empty.then(|| view! {
                        <p class="review-empty muted" data-testid="review-empty">
                            "No changes since the checkpoint. Edit a file and its changes appear here, in the order to read them."
                        </p>
                    })
                }}
            </div>
            <p class="muted small review-keys">{keys::HELP}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marble_review::{analyze, FileChange};

    #[test]
    fn summary_and_counts() {
        let review = analyze(&[
            FileChange { path: "a.py".into(), before: Some("x = 1\n".into()), after: Some("x = 2\n".into()) },
            FileChange { path: "b.py".into(), before: None, after: Some("y = 1\n".into()) },
        ]);
        assert_eq!(summary(&review), "2 hunks in 2 files");
        let (counts, calm) = tier_counts(&review);
        assert_eq!(counts.iter().sum::<usize>() + calm, 2);
        assert_eq!(summary(&Review::default()), "0 hunks in 0 files");
    }

    #[test]
    fn scoring_sentences() {
        assert!(scoring_sentence(&Scoring::Idle, false).starts_with("Surprisal needs a model"));
        assert_eq!(
            scoring_sentence(&Scoring::Running { done: 2, total: 5 }, true),
            "Scoring with the model: scored 2/5 hunks…"
        );
        assert_eq!(
            scoring_sentence(&Scoring::Done { scored: 4, cached: 0, ms: 2000.0 }, true),
            "Scored 4/4 hunks with the model in 2.0 s, 500 ms per hunk."
        );
        // Scores already made stay shown after the model goes away.
        assert!(
            scoring_sentence(&Scoring::Done { scored: 4, cached: 1, ms: 100.0 }, false).contains("1 more")
        );
    }
}
