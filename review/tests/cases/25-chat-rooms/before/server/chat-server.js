import { WebSocketServer } from 'ws';
import { MAX_MESSAGE_LENGTH, MAX_NAME_LENGTH, MessageType } from '../shared/protocol.js';

export function createChatServer({ port, logger = console }) {
  const wss = new WebSocketServer({ port, maxPayload: 64 * 1024 });
  const clients = new Map(); // socket -> { name }

  function send(socket, payload) {
    if (socket.readyState === socket.OPEN) {
      socket.send(JSON.stringify(payload));
    }
  }

  function broadcast(payload, except) {
    for (const socket of clients.keys()) {
      if (socket !== except) send(socket, payload);
    }
  }

  function handleMessage(socket, raw) {
    let msg;
    try {
      msg = JSON.parse(raw);
    } catch {
      send(socket, { type: MessageType.ERROR, error: 'malformed message' });
      return;
    }
    const client = clients.get(socket);

    switch (msg.type) {
      case MessageType.HELLO: {
        const name = String(msg.name ?? '').trim().slice(0, MAX_NAME_LENGTH);
        if (!name) {
          send(socket, { type: MessageType.ERROR, error: 'name required' });
          return;
        }
        client.name = name;
        broadcast({ type: MessageType.JOINED, user: name }, socket);
        break;
      }
      case MessageType.SAY: {
        if (!client.name) return;
        const text = String(msg.text ?? '');
        if (text.length === 0 || text.length > MAX_MESSAGE_LENGTH) return;
        broadcast({ type: MessageType.SAID, user: client.name, text, at: Date.now() });
        break;
      }
      default:
        logger.warn(`unknown message type ${msg.type}`);
    }
  }

  wss.on('connection', (socket) => {
    clients.set(socket, { name: null });
    socket.on('message', (raw) => handleMessage(socket, raw));
    socket.on('close', () => {
      const client = clients.get(socket);
      clients.delete(socket);
      if (client?.name) broadcast({ type: MessageType.LEFT, user: client.name });
    });
  });

  return wss;
}
