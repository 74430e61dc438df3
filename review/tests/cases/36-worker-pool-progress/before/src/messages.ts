export interface TaskMessage<I> {
  kind: 'task';
  id: number;
  input: I;
}

export type ResultMessage<O> =
  | { kind: 'result'; id: number; output: O }
  | { kind: 'failure'; id: number; error: string };
