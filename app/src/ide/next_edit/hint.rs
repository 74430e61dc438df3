//! The floating hint over the editor: where the marked place is and what Tab does ("Tab ⇥ jump"
//! at the end of its line when it is on screen, "↓ line 42 · Tab" at the edge when it is not,
//! "→ main.rs line 12 · Tab" for another file), with a card on hover that gives the proposal's
//! reason, its risks as the review panel's badges, and how long the marker took. A click does
//! what Tab does.

use leptos::prelude::*;

use super::marker::Placement;
use super::{stats, Hint};
use crate::ide::state::ide;

/// The hint's position inside the editor area (CSS).
fn style(placement: Placement) -> String {
    match placement {
        Placement::Here { top, left: Some(left) } => format!("top: {top:.0}px; left: {left:.0}px"),
        Placement::Here { top, left: None } => format!("top: {top:.0}px; right: 16px"),
        // Centred at the edge, clear of the notices in the window's corner.
        Placement::Above => "top: 8px; left: 50%; transform: translateX(-50%)".to_string(),
        Placement::Below | Placement::OtherFile => {
            "bottom: 12px; left: 50%; transform: translateX(-50%)".to_string()
        }
    }
}

/// A sentence's `backticked` names as code.
fn with_code(text: &str) -> impl IntoView {
    code_spans(text)
        .into_iter()
        .map(|(code, part)| if code { view! { <code>{part}</code> }.into_any() } else { part.into_any() })
        .collect_view()
}

/// `text` cut at its backticks: (is code, the part), empty parts left out. An unclosed backtick
/// is text.
fn code_spans(text: &str) -> Vec<(bool, String)> {
    let parts: Vec<&str> = text.split('`').collect();
    let closed = parts.len() % 2 == 1;
    parts
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.is_empty())
        .map(|(i, p)| {
            let code = i % 2 == 1 && (closed || i + 1 < parts.len());
            (code, if code || closed || i + 1 < parts.len() { p.to_string() } else { format!("`{p}") })
        })
        .collect()
}

#[component]
pub fn NextEditHint() -> impl IntoView {
    let ide = ide();
    let st = stats();
    let card = move |h: &Hint| {
        let latency = st
            .edit_to_marker_ms
            .get_untracked()
            .map(|ms| format!("Edit to marker {ms:.0} ms ({})", st.stages.get_untracked()));
        view! {
            <div class="ne-card" role="tooltip" id="next-edit-card">
                <p class="ne-reason" data-testid="next-edit-reason">{with_code(&h.reason)}</p>
                {h.risks
                    .iter()
                    .map(|r| {
                        view! {
                            <p class="ne-risk">
                                <span class="risk-badge" data-tier=r.tier data-testid="risk-badge">{r.label}</span>
                                " "
                                {r.reason.clone()}
                            </p>
                        }
                    })
                    .collect_view()}
                <p class="muted ne-keys">
                    {format!("Place {} of {} · Tab jumps, Tab again applies · Esc ends", h.step.0, h.step.1)}
                </p>
                {latency.map(|l| view! { <p class="muted ne-latency">{l}</p> })}
            </div>
        }
    };
    move || {
        st.hint.get().map(|h| {
            let top_tier = h.risks.first().map(|r| r.tier);
            view! {
                <div
                    class="ne-hint"
                    data-testid="next-edit-hint"
                    data-placement=h.placement.as_str()
                    data-phase=if h.phase == super::chain::Phase::AtPlace { "at-place" } else { "marked" }
                    data-path=h.path.clone()
                    data-line=h.line.to_string()
                    data-step=format!("{}/{}", h.step.0, h.step.1)
                    data-tier=top_tier
                    aria-describedby="next-edit-card"
                    aria-label=h.tooltip.clone()
                    style=style(h.placement)
                    // Keep the editor's focus (and its cursor) when the hint is clicked.
                    on:mousedown=|ev: web_sys::MouseEvent| ev.prevent_default()
                    on:click=move |_| {
                        super::on_key(ide, st, "Tab");
                    }
                >
                    <span class="ne-hint-label">{h.label.clone()}</span>
                    {(h.step.1 > 1).then(|| view! { <span class="ne-hint-step">{format!("{}/{}", h.step.0, h.step.1)}</span> })}
                    {card(&h)}
                </div>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::code_spans;

    #[test]
    fn backticked_names_are_code() {
        let spans = code_spans("`discount_percent` was removed from `Invoice`");
        assert_eq!(
            spans,
            [
                (true, "discount_percent".to_string()),
                (false, " was removed from ".to_string()),
                (true, "Invoice".to_string())
            ]
        );
        assert_eq!(code_spans("plain"), [(false, "plain".to_string())]);
        assert_eq!(code_spans("a `b"), [(false, "a ".to_string()), (false, "`b".to_string())]);
    }
}
