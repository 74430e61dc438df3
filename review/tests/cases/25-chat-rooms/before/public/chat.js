import { MessageType } from '../shared/protocol.js';

const log = document.querySelector('#log');
const form = document.querySelector('#compose');
const input = form.querySelector('input[name="text"]');
const status = document.querySelector('#status');

function appendLine(className, parts) {
  const li = document.createElement('li');
  li.className = className;
  for (const part of parts) {
    const span = document.createElement('span');
    span.className = part.className;
    span.textContent = part.text;
    li.append(span);
  }
  log.append(li);
  log.scrollTop = log.scrollHeight;
}

function formatTime(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function connect(url, name) {
  const socket = new WebSocket(url);

  socket.addEventListener('open', () => {
    status.textContent = 'connected';
    socket.send(JSON.stringify({ type: MessageType.HELLO, name }));
  });

  socket.addEventListener('message', (event) => {
    const msg = JSON.parse(event.data);
    switch (msg.type) {
      case MessageType.SAID:
        appendLine('said', [
          { className: 'time', text: formatTime(msg.at) },
          { className: 'user', text: msg.user },
          { className: 'text', text: msg.text },
        ]);
        break;
      case MessageType.JOINED:
        appendLine('event', [{ className: 'text', text: `${msg.user} joined` }]);
        break;
      case MessageType.LEFT:
        appendLine('event', [{ className: 'text', text: `${msg.user} left` }]);
        break;
      case MessageType.ERROR:
        status.textContent = msg.error;
        break;
      default:
        break;
    }
  });

  socket.addEventListener('close', () => {
    status.textContent = 'disconnected';
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    socket.send(JSON.stringify({ type: MessageType.SAY, text }));
    input.value = '';
  });

  return socket;
}
