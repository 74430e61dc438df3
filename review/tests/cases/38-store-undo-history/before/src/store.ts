export type Listener<S> = (state: S, previous: S) => void;
export type Reducer<S, A> = (state: S, action: A) => S;

export interface Store<S, A> {
  getState(): S;
  dispatch(action: A): void;
  subscribe(listener: Listener<S>): () => void;
}

export function createStore<S, A>(reducer: Reducer<S, A>, initial: S): Store<S, A> {
  let state = initial;
  const listeners = new Set<Listener<S>>();
  let dispatching = false;

  function notify(previous: S): void {
    // Copy first: a listener may unsubscribe itself while we iterate.
    for (const listener of [...listeners]) {
      listener(state, previous);
    }
  }

  return {
    getState: () => state,

    dispatch(action) {
      if (dispatching) {
        throw new Error('reducers may not dispatch actions');
      }
      const previous = state;
      dispatching = true;
      try {
        state = reducer(state, action);
      } finally {
        dispatching = false;
      }
      if (state !== previous) {
        notify(previous);
      }
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
