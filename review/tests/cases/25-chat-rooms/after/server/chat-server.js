import { WebSocketServer } from 'ws';
import {
  DEFAULT_ROOM,
  MAX_MESSAGE_LENGTH,
  MAX_NAME_LENGTH,
  MessageType,
  ROOM_NAME,
} from '../shared/protocol.js';

export function createChatServer({ port, logger = console }) {
  const wss = new WebSocketServer({ port, maxPayload: 64 * 1024 });
  const clients = new Map(); // socket -> { name, room }

  function send(socket, payload) {
    if (socket.readyState === socket.OPEN) {
      socket.send(JSON.stringify(payload));
    }
  }

  function broadcast(room, payload, except) {
    for (const [socket, client] of clients) {
      if (client.room === room && socket !== except) send(socket, payload);
    }
  }

  function handleMessage(socket, raw) {
    const msg = JSON.parse(raw);
    const client = clients.get(socket);

    switch (msg.type) {
      case MessageType.HELLO: {
        const name = String(msg.name ?? '').trim().slice(0, MAX_NAME_LENGTH);
        if (!name) {
          send(socket, { type: MessageType.ERROR, error: 'name required' });
          return;
        }
        client.name = name;
        broadcast(client.room, { type: MessageType.JOINED, user: name, room: client.room }, socket);
        break;
      }
      case MessageType.JOIN: {
        if (!client.name) return;
        const room = String(msg.room ?? '').trim().toLowerCase();
        if (!ROOM_NAME.test(room)) {
          send(socket, { type: MessageType.ERROR, error: 'invalid room name' });
          return;
        }
        if (room === client.room) return;
        broadcast(client.room, { type: MessageType.LEFT, user: client.name, room: client.room }, socket);
        client.room = room;
        broadcast(room, { type: MessageType.JOINED, user: client.name, room }, socket);
        break;
      }
      case MessageType.SAY: {
        if (!client.name) return;
        const text = String(msg.text ?? '');
        if (text.length === 0 || text.length > MAX_MESSAGE_LENGTH) return;
        broadcast(client.room, { type: MessageType.SAID, user: client.name, room: client.room, text, at: Date.now() });
        break;
      }
      default:
        logger.warn(`unknown message type ${msg.type}`);
    }
  }

  wss.on('connection', (socket) => {
    clients.set(socket, { name: null, room: DEFAULT_ROOM });
    socket.on('message', (raw) => handleMessage(socket, raw));
    socket.on('close', () => {
      const client = clients.get(socket);
      clients.delete(socket);
      if (client?.name) broadcast(client.room, { type: MessageType.LEFT, user: client.name, room: client.room });
    });
  });

  return wss;
}
