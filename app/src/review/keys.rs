//! The review panel's keys, when the panel has focus: j/↓ next, k/↑ previous, a accept, r revert,
//! v viewed, Enter open in the editor (or unfold a group). Keys with Ctrl, Alt or Meta are left to
//! the IDE's shortcuts.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyAction {
    Next,
    Previous,
    Accept,
    Revert,
    ToggleViewed,
    Open,
}

/// The action for `key` (a `KeyboardEvent.key`) pressed with these modifiers.
/// `on_control` is true when the key went to a button or checkbox inside the panel, where Enter
/// and Space already mean "press this".
pub fn action(key: &str, ctrl: bool, alt: bool, meta: bool, on_control: bool) -> Option<KeyAction> {
    if ctrl || alt || meta {
        return None;
    }
    Some(match key {
        "j" | "ArrowDown" => KeyAction::Next,
        "k" | "ArrowUp" => KeyAction::Previous,
        "a" => KeyAction::Accept,
        "r" => KeyAction::Revert,
        "v" => KeyAction::ToggleViewed,
        "Enter" if !on_control => KeyAction::Open,
        _ => return None,
    })
}

/// For the palette and the help line: each key and what it does.
pub const HELP: &str = "j/↓ next · k/↑ previous · a accept · r revert · v viewed · Enter open";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_arrows_map_to_actions() {
        let plain = |k| action(k, false, false, false, false);
        assert_eq!(plain("j"), Some(KeyAction::Next));
        assert_eq!(plain("ArrowDown"), Some(KeyAction::Next));
        assert_eq!(plain("k"), Some(KeyAction::Previous));
        assert_eq!(plain("ArrowUp"), Some(KeyAction::Previous));
        assert_eq!(plain("a"), Some(KeyAction::Accept));
        assert_eq!(plain("r"), Some(KeyAction::Revert));
        assert_eq!(plain("v"), Some(KeyAction::ToggleViewed));
        assert_eq!(plain("Enter"), Some(KeyAction::Open));
        assert_eq!(plain("x"), None);
        // Shifted letters are other keys (and leave room for later commands).
        assert_eq!(plain("A"), None);
    }

    #[test]
    fn modifiers_and_controls_keep_their_own_meaning() {
        assert_eq!(action("r", true, false, false, false), None, "Ctrl+R reloads");
        assert_eq!(action("a", false, true, false, false), None);
        assert_eq!(action("k", false, false, true, false), None, "Cmd+K opens the palette");
        assert_eq!(action("Enter", false, false, false, true), None, "Enter presses the button");
        assert_eq!(action("j", false, false, false, true), Some(KeyAction::Next));
    }
}
