import { metrics } from "./metrics.js";
import { Rooms } from "./rooms.js";

const rooms = new Rooms();

function send(socket, payload) {
  socket.send(JSON.stringify(payload));
}

export function handleMessage(socket, raw) {
  let msg;
  try {
    msg = JSON.parse(raw);
  } catch {
    metrics.increment("ws.invalid_json");
    send(socket, { type: "error", error: "invalid JSON" });
    return;
  }

  switch (msg.type) {
    case "join":
      metrics.increment("ws.join");
      rooms.join(msg.room, socket);
      rooms.broadcast(msg.room, { type: "joined", user: socket.user });
      break;
    case "leave":
      rooms.leave(msg.room, socket);
      rooms.broadcast(msg.room, { type: "left", user: socket.user });
      break;
    case "chat":
      if (!rooms.isMember(msg.room, socket)) {
        send(socket, { type: "error", error: "not in room" });
        break;
      }
      rooms.broadcast(msg.room, { type: "chat", user: socket.user, text: String(msg.text).slice(0, 2000) });
      break;
    case "typing":
      rooms.broadcast(msg.room, { type: "typing", user: socket.user }, socket);
      break;
    default:
      send(socket, { type: "error", error: `unknown message type: ${msg.type}` });
  }
}
