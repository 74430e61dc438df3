export interface TaskMessage<I> {
  kind: 'task';
  id: number;
  input: I;
}

/** Sent once to every worker after it starts. */
export interface InitMessage {
  kind: 'init';
  /** Int32Array view: [0] = bytes processed by all workers together. */
  progress: SharedArrayBuffer;
}

export type ResultMessage<O> =
  | { kind: 'result'; id: number; output: O }
  | { kind: 'failure'; id: number; error: string };
