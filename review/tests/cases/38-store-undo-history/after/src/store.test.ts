import { describe, expect, it, vi } from 'vitest';
import { createStore } from './store';
import { canUndo, createHistory, redo, undo } from './history';

type Action = { type: 'add'; by: number } | { type: 'noop' };
const counter = (state: number, action: Action) => (action.type === 'add' ? state + action.by : state);

describe('createStore', () => {
  it('notifies listeners with the new and previous state', () => {
    const store = createStore(counter, 1);
    const listener = vi.fn();
    store.subscribe(listener);
    store.dispatch({ type: 'add', by: 2 });
    expect(store.getState()).toBe(3);
    expect(listener).toHaveBeenCalledWith(3, 1);
  });

  it('does not notify when the state is unchanged', () => {
    const store = createStore(counter, 1);
    const listener = vi.fn();
    store.subscribe(listener);
    store.dispatch({ type: 'noop' });
    expect(listener).not.toHaveBeenCalled();
  });

  it('stops notifying after unsubscribe', () => {
    const store = createStore(counter, 0);
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    unsubscribe();
    store.dispatch({ type: 'add', by: 1 });
    expect(listener).not.toHaveBeenCalled();
  });
});

describe('history', () => {
  it('undoes and redoes state changes', () => {
    const history = createHistory<number>();
    const store = createStore(counter, 0, { history });
    store.dispatch({ type: 'add', by: 1 });
    store.dispatch({ type: 'add', by: 10 });
    undo(history, store);
    expect(store.getState()).toBe(1);
    undo(history, store);
    expect(store.getState()).toBe(0);
    expect(canUndo(history)).toBe(false);
    redo(history, store);
    expect(store.getState()).toBe(1);
  });

  it('drops the redo stack on a new edit and respects the limit', () => {
    const history = createHistory<number>(2);
    const store = createStore(counter, 0, { history });
    for (let i = 0; i < 5; i++) store.dispatch({ type: 'add', by: 1 });
    expect(history.past).toEqual([3, 4]);
    undo(history, store);
    store.dispatch({ type: 'add', by: 100 });
    expect(history.future).toEqual([]);
  });
});
