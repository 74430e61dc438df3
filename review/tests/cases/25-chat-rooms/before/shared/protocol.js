// Message types exchanged between the chat server and the browser client.
// Every frame is a JSON object with a `type` field.
export const MessageType = Object.freeze({
  HELLO: 'hello',
  SAY: 'say',
  SAID: 'said',
  JOINED: 'joined',
  LEFT: 'left',
  ERROR: 'error',
});

export const MAX_MESSAGE_LENGTH = 2000;
export const MAX_NAME_LENGTH = 32;
