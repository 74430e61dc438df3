//! When to ask the model for a completion: after a pause in typing, measured against the user's own
//! rhythm, and early by the model's measured latency, so that the ghost text appears about when the
//! user notices they have paused rather than a latency later. A fixed debounce is too long for a
//! fast typist and fires mid-word for a slow one.
//!
//! Plus the places where a suggestion would only be in the way ([`skip_reason`]).

use crate::editor::Language;

/// Shortest wait after a keystroke: below this nearly every keystroke would start a request the
/// next one cancels.
pub const MIN_DELAY_MS: u32 = 40;

/// Longest wait: beyond this the suggestion feels late even to a slow typist.
pub const MAX_DELAY_MS: u32 = 400;

/// The interval assumed before any has been measured: about 80 words a minute.
const DEFAULT_INTERVAL_MS: f64 = 150.0;

/// A gap this many typical intervals long reads as a pause rather than the next keystroke.
const PAUSE_FACTOR: f64 = 2.0;

/// Weight of each new interval in the average: about the last ten keystrokes count.
const INTERVAL_ALPHA: f64 = 0.2;

/// Weight of each new latency in the average: latency moves with the prompt's length, so it
/// follows faster than the typing rhythm.
const LATENCY_ALPHA: f64 = 0.3;

/// A gap longer than this is the user stopping (to read, to think), not their typing speed.
const IDLE_GAP_MS: f64 = 1500.0;

/// Intervals are clamped to this range before averaging: key repeat and chords give near-zero
/// gaps, hesitations long ones, and neither is the rhythm.
const INTERVAL_RANGE_MS: (f64, f64) = (20.0, 600.0);

/// Latencies beyond this are a stalled or cold model, not what the next request will see.
const MAX_LATENCY_MS: f64 = 2000.0;

/// The user's typing rhythm and the model's latency, learned as they come.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Trigger {
    /// Exponential moving average of keystroke intervals, once one has been seen.
    interval_ms: Option<f64>,
    /// Exponential moving average of request-to-first-ghost-character times.
    latency_ms: Option<f64>,
    last_key_ms: Option<f64>,
}

impl Trigger {
    /// Nothing learned yet: the delay starts from an average typist and no latency.
    pub fn new() -> Trigger {
        Trigger::default()
    }

    /// A keystroke that edits text, at `now_ms` (a monotonic clock such as `performance.now()`).
    pub fn on_key(&mut self, now_ms: f64) {
        if !now_ms.is_finite() {
            return;
        }
        let gap = self.last_key_ms.map(|last| now_ms - last);
        self.last_key_ms = Some(now_ms);
        // The first key of a burst, or a clock that went back, says nothing about the rhythm.
        let Some(gap) = gap.filter(|&g| (0.0..=IDLE_GAP_MS).contains(&g)) else {
            return;
        };
        let gap = gap.clamp(INTERVAL_RANGE_MS.0, INTERVAL_RANGE_MS.1);
        self.interval_ms = Some(ema(self.interval_ms, gap, INTERVAL_ALPHA));
    }

    /// The time from a request to its first ghost character on screen.
    pub fn on_latency(&mut self, ms: f64) {
        if !ms.is_finite() || ms < 0.0 {
            return;
        }
        self.latency_ms = Some(ema(self.latency_ms, ms.min(MAX_LATENCY_MS), LATENCY_ALPHA));
    }

    /// The typical keystroke interval learned so far.
    pub fn interval_ms(&self) -> f64 {
        self.interval_ms.unwrap_or(DEFAULT_INTERVAL_MS)
    }

    /// The typical latency learned so far (0 before the first completion).
    pub fn latency_ms(&self) -> f64 {
        self.latency_ms.unwrap_or(0.0)
    }

    /// How long after the last keystroke to send an automatic request: the pause the user will
    /// perceive, less the time the model takes to show something, within
    /// [`MIN_DELAY_MS`]..=[`MAX_DELAY_MS`]. A manual request does not wait.
    pub fn delay_ms(&self) -> u32 {
        let delay = PAUSE_FACTOR * self.interval_ms() - self.latency_ms();
        delay.clamp(f64::from(MIN_DELAY_MS), f64::from(MAX_DELAY_MS)).round() as u32
    }
}

fn ema(old: Option<f64>, new: f64, alpha: f64) -> f64 {
    match old {
        Some(old) => old + alpha * (new - old),
        None => new,
    }
}

/// The user's completion settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerSettings {
    /// Inline completion at all.
    pub enabled: bool,
    /// Languages where it is off (prose, say, where ghost text distracts more than it helps).
    pub off_for: Vec<Language>,
}

impl Default for TriggerSettings {
    fn default() -> Self {
        TriggerSettings { enabled: true, off_for: Vec::new() }
    }
}

/// The editor's state beyond the text around the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Situation {
    /// The focused file's language, for [`TriggerSettings::off_for`].
    pub language: Language,
    /// A non-empty selection: typing would replace it, so there is nothing to continue.
    pub has_selection: bool,
    /// Asked for with the shortcut rather than by pausing: the typing heuristics are skipped.
    pub manual: bool,
}

/// Why no completion is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// Inline completion is switched off.
    Disabled,
    /// Switched off for this file's language.
    LanguageOff,
    /// Text is selected: typing would replace it.
    Selection,
    /// `fooˇbar`: the suggestion would have to join two halves of a word, which models rarely do
    /// well, and the user is likely fixing a typo.
    MidWord,
    /// `}ˇ` at the end of the file: a block was just closed, and what follows is a new item the
    /// user has not begun; Enter gives the next chance.
    ClosedAtEnd,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Why not to ask for a completion here, if there is a reason. `prefix_tail` is the text right
/// before the cursor (a line is enough); `suffix_head` the text right after it, up to at least its
/// first non-blank line, or all of it when the file ends first.
pub fn skip_reason(
    prefix_tail: &str,
    suffix_head: &str,
    at: &Situation,
    settings: &TriggerSettings,
) -> Option<Skip> {
    if !settings.enabled {
        return Some(Skip::Disabled);
    }
    if settings.off_for.contains(&at.language) {
        return Some(Skip::LanguageOff);
    }
    if at.has_selection {
        return Some(Skip::Selection);
    }
    if at.manual {
        return None;
    }
    let before = prefix_tail.chars().next_back();
    let after = suffix_head.chars().next();
    if before.is_some_and(is_word) && after.is_some_and(is_word) {
        return Some(Skip::MidWord);
    }
    if matches!(before, Some('}' | ')' | ']')) && suffix_head.trim().is_empty() {
        return Some(Skip::ClosedAtEnd);
    }
    None
}

/// Whether to ask for a completion here; see [`skip_reason`].
pub fn should_trigger(
    prefix_tail: &str,
    suffix_head: &str,
    at: &Situation,
    settings: &TriggerSettings,
) -> bool {
    skip_reason(prefix_tail, suffix_head, at, settings).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assist::marked;

    /// Keystrokes at the given times.
    fn typed(times: &[f64]) -> Trigger {
        let mut t = Trigger::new();
        for &ms in times {
            t.on_key(ms);
        }
        t
    }

    #[test]
    fn before_learning_the_pause_is_twice_the_default_interval() {
        assert_eq!(Trigger::new().delay_ms(), 300);
        assert_eq!(typed(&[1000.0]).delay_ms(), 300);
    }

    #[test]
    fn a_steady_typist_gets_twice_their_interval() {
        let t = typed(&[0.0, 100.0, 200.0, 300.0, 400.0]);
        assert_eq!(t.interval_ms(), 100.0);
        assert_eq!(t.delay_ms(), 200);
    }

    #[test]
    fn the_average_follows_a_change_of_pace() {
        // 100 ms, then 200 ms: 100 + 0.2 × (200 − 100) = 120.
        let t = typed(&[0.0, 100.0, 300.0]);
        assert!((t.interval_ms() - 120.0).abs() < 1e-9, "{}", t.interval_ms());
        assert_eq!(t.delay_ms(), 240);
    }

    #[test]
    fn the_models_latency_is_sent_ahead() {
        let mut t = typed(&[0.0, 100.0, 200.0]);
        t.on_latency(80.0);
        assert_eq!(t.delay_ms(), 120);
        // 80 + 0.3 × (180 − 80) = 110.
        t.on_latency(180.0);
        assert_eq!(t.delay_ms(), 90);
    }

    #[test]
    fn the_delay_stays_within_its_floor_and_ceiling() {
        let mut fast = typed(&[0.0, 30.0, 60.0, 90.0]);
        fast.on_latency(300.0);
        assert_eq!(fast.delay_ms(), MIN_DELAY_MS);
        let slow = typed(&[0.0, 500.0, 1000.0, 1500.0]);
        assert_eq!(slow.delay_ms(), MAX_DELAY_MS);
    }

    #[test]
    fn idle_gaps_and_a_clock_going_back_are_not_the_rhythm() {
        let t = typed(&[0.0, 100.0, 200.0, 9000.0, 9100.0, 50.0, 150.0]);
        assert_eq!(t.interval_ms(), 100.0);
    }

    #[test]
    fn key_repeat_and_hesitations_are_clamped() {
        assert_eq!(typed(&[0.0, 2.0]).interval_ms(), 20.0);
        assert_eq!(typed(&[0.0, 1000.0]).interval_ms(), 600.0);
    }

    #[test]
    fn nonsense_times_are_ignored() {
        let mut t = typed(&[0.0, 100.0, f64::NAN, f64::INFINITY, 200.0]);
        assert_eq!(t.interval_ms(), 100.0);
        t.on_latency(-5.0);
        t.on_latency(f64::NAN);
        assert_eq!(t.latency_ms(), 0.0);
        t.on_latency(1e9);
        assert_eq!(t.latency_ms(), 2000.0);
    }

    /// The skip reason at the cursor `ˇ` of marked text.
    fn skip(text: &str, at: Situation, settings: &TriggerSettings) -> Option<Skip> {
        let (before, after) = marked::split(text);
        skip_reason(before, after, &at, settings)
    }

    #[test]
    fn typing_positions() {
        let (at, on) = (Situation::default(), TriggerSettings::default());
        assert_eq!(skip("let fooˇbar = 1;", at, &on), Some(Skip::MidWord));
        assert_eq!(skip("let x_ˇ9", at, &on), Some(Skip::MidWord));
        assert_eq!(skip("let fooˇ = 1;", at, &on), None);
        assert_eq!(skip("call(fooˇ)", at, &on), None);
        assert_eq!(skip("call(ˇfoo)", at, &on), None);
        assert_eq!(skip("items.ˇ", at, &on), None);
        assert_eq!(skip("ˇ", at, &on), None);
        assert_eq!(skip("fn main() {\n}ˇ\n\n", at, &on), Some(Skip::ClosedAtEnd));
        assert_eq!(skip("print(x)ˇ", at, &on), Some(Skip::ClosedAtEnd));
        assert_eq!(skip("fn a() {\n}ˇ\nfn b() {}\n", at, &on), None);
        assert_eq!(skip("fn a() {\n}\nˇ", at, &on), None);
    }

    #[test]
    fn settings_and_selection_win_even_over_a_manual_request() {
        let manual = Situation { language: Language::Rust, has_selection: false, manual: true };
        let off = TriggerSettings { enabled: false, ..TriggerSettings::default() };
        assert_eq!(skip("fooˇ", manual, &off), Some(Skip::Disabled));
        let rust_off = TriggerSettings { enabled: true, off_for: vec![Language::Plain, Language::Rust] };
        assert_eq!(skip("fooˇ", manual, &rust_off), Some(Skip::LanguageOff));
        let python = Situation { language: Language::Python, ..manual };
        assert_eq!(skip("fooˇ", python, &rust_off), None);
        let selected = Situation { has_selection: true, ..manual };
        assert_eq!(skip("fooˇ", selected, &TriggerSettings::default()), Some(Skip::Selection));
    }

    #[test]
    fn a_manual_request_skips_the_typing_heuristics() {
        let manual = Situation { manual: true, ..Situation::default() };
        let on = TriggerSettings::default();
        assert!(should_trigger("foo", "bar", &manual, &on));
        assert!(should_trigger("}", "", &manual, &on));
        assert!(!should_trigger("foo", "bar", &Situation::default(), &on));
    }
}
