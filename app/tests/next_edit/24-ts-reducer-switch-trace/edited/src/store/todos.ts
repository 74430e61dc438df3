import { trace } from "./trace";

export interface Todo {
  id: number;
  title: string;
  done: boolean;
}

export interface State {
  todos: Todo[];
  nextId: number;
}

export type Action =
  | { type: "add"; title: string }
  | { type: "toggle"; id: number }
  | { type: "remove"; id: number }
  | { type: "clearCompleted" };

export const initialState: State = { todos: [], nextId: 1 };

function assertNever(x: never): never {
  throw new Error(`unexpected action: ${JSON.stringify(x)}`);
}

export function reducer(state: State, action: Action): State {
  switch (action.type) {
    case "add": {
      trace("todos/add");
      const todo: Todo = { id: state.nextId, title: action.title.trim(), done: false };
      return { todos: [...state.todos, todo], nextId: state.nextId + 1 };
    }
    case "toggle":
      return {
        ...state,
        todos: state.todos.map((t) => (t.id === action.id ? { ...t, done: !t.done } : t)),
      };
    case "remove":
      return { ...state, todos: state.todos.filter((t) => t.id !== action.id) };
    case "clearCompleted":
      return { ...state, todos: state.todos.filter((t) => !t.done) };
    default:
      return assertNever(action);
  }
}

export function hydrate(saved: string | null): State {
  trace("todos/hydrate");
  if (!saved) {
    return initialState;
  }
  const todos = JSON.parse(saved) as Todo[];
  return { todos, nextId: Math.max(0, ...todos.map((t) => t.id)) + 1 };
}
