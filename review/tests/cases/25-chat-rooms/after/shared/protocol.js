// Message types exchanged between the chat server and the browser client.
// Every frame is a JSON object with a `type` field.
export const MessageType = Object.freeze({
  HELLO: 'hello',
  JOIN: 'join',
  SAY: 'say',
  SAID: 'said',
  JOINED: 'joined',
  LEFT: 'left',
  ERROR: 'error',
});

export const MAX_MESSAGE_LENGTH = 2000;
export const MAX_NAME_LENGTH = 32;
export const DEFAULT_ROOM = 'lobby';
export const ROOM_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;
