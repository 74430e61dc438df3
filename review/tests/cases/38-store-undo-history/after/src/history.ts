import type { Store } from './store';

export interface History<S> {
  past: S[];
  future: S[];
  limit: number;
}

export function createHistory<S>(limit = 100): History<S> {
  return { past: [], future: [], limit };
}

/** Called by the store after every state change caused by an action. */
export function recordSnapshot<S>(history: History<S>, previous: S): void {
  history.past.push(previous);
  if (history.past.length > history.limit) {
    history.past.shift();
  }
  // A new edit makes the redo stack meaningless.
  history.future.length = 0;
}

export function canUndo(history: History<unknown>): boolean {
  return history.past.length > 0;
}

export function canRedo(history: History<unknown>): boolean {
  return history.future.length > 0;
}

export function undo<S, A>(history: History<S>, store: Store<S, A>): void {
  const previous = history.past.pop()!;
  history.future.push(store.getState());
  store.replaceState(previous);
}

export function redo<S, A>(history: History<S>, store: Store<S, A>): void {
  const next = history.future.pop();
  if (next === undefined) return;
  history.past.push(store.getState());
  store.replaceState(next);
}
