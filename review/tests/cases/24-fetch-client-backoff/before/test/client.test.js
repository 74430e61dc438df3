import { describe, expect, it, vi } from 'vitest';
import { createClient, HttpError } from '../src/http/client.js';

function jsonResponse(status, body, headers = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

describe('createClient', () => {
  it('sends JSON and parses the reply', async () => {
    const fetchImpl = vi.fn().mockResolvedValue(jsonResponse(200, { ok: true }));
    const client = createClient({ baseUrl: 'https://api.test/', fetchImpl });
    await expect(client.post('/items', { name: 'a' })).resolves.toEqual({ ok: true });
    const [url, init] = fetchImpl.mock.calls[0];
    expect(String(url)).toBe('https://api.test/items');
    expect(init.body).toBe('{"name":"a"}');
  });

  it('does not retry a 404', async () => {
    const fetchImpl = vi.fn().mockResolvedValue(jsonResponse(404, { error: 'nope' }));
    const client = createClient({ baseUrl: 'https://api.test/', fetchImpl });
    await expect(client.get('/missing')).rejects.toBeInstanceOf(HttpError);
    expect(fetchImpl).toHaveBeenCalledTimes(1);
  });

  it('retries a 503 and then succeeds', async () => {
    vi.useFakeTimers();
    const fetchImpl = vi.fn()
      .mockResolvedValueOnce(jsonResponse(503, { error: 'busy' }))
      .mockResolvedValueOnce(jsonResponse(200, { id: 7 }));
    const client = createClient({ baseUrl: 'https://api.test/', fetchImpl });
    const pending = client.get('/items/7');
    await vi.runAllTimersAsync();
    await expect(pending).resolves.toEqual({ id: 7 });
    expect(fetchImpl).toHaveBeenCalledTimes(2);
    vi.useRealTimers();
  });
});
