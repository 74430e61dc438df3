import { describe, expect, it, vi } from 'vitest';
import { createStore } from './store';

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
