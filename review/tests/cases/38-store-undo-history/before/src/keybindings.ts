import type { Store } from './store';
import type { EditorAction, EditorState } from './editor';

type Binding = (store: Store<EditorState, EditorAction>, event: KeyboardEvent) => void;

// Chords are written as produced by chordOf(): modifiers in a fixed order,
// then the lower-cased key. "mod" is Cmd on Apple platforms, Ctrl elsewhere.
const bindings: Record<string, Binding> = {
  'mod+s': (store) => store.dispatch({ type: 'save' }),
  'mod+b': (store) => store.dispatch({ type: 'toggle-mark', mark: 'bold' }),
  'mod+i': (store) => store.dispatch({ type: 'toggle-mark', mark: 'italic' }),
  escape: (store) => store.dispatch({ type: 'clear-selection' }),
};

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function chordOf(event: KeyboardEvent): string {
  const parts: string[] = [];
  if (isMac ? event.metaKey : event.ctrlKey) parts.push('mod');
  if (event.altKey) parts.push('alt');
  if (event.shiftKey) parts.push('shift');
  parts.push(event.key.toLowerCase());
  return parts.join('+');
}

export function installKeybindings(target: HTMLElement, store: Store<EditorState, EditorAction>): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    const binding = bindings[chordOf(event)];
    if (!binding) return;
    event.preventDefault();
    binding(store, event);
  };
  target.addEventListener('keydown', onKeyDown);
  return () => target.removeEventListener('keydown', onKeyDown);
}
