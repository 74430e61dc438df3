import { backoffDelay, parseRetryAfter } from './backoff.js';

const DEFAULT_RETRIES = 2;
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

export class HttpError extends Error {
  constructor(response, body) {
    super(`HTTP ${response.status} ${response.statusText}`);
    this.name = 'HttpError';
    this.status = response.status;
    this.body = body;
  }
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

export function createClient({
  baseUrl,
  fetchImpl = globalThis.fetch,
  retries = DEFAULT_RETRIES,
  headers = {},
  backoff = {},
} = {}) {
  async function request(method, path, { body, signal, query } = {}) {
    const url = new URL(path, baseUrl);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const init = {
      method,
      signal,
      headers: { Accept: 'application/json', ...headers },
    };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }

    let lastError;
    let retryAfterMs;
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) {
        // A server-provided Retry-After wins over our own schedule.
        const delay = retryAfterMs ?? backoffDelay(attempt, backoff);
        retryAfterMs = undefined;
        await sleep(delay, signal);
      }
      let response;
      try {
        response = await fetchImpl(url, init);
      } catch (err) {
        if (err.name === 'AbortError') throw err;
        lastError = err;
        continue;
      }
      if (response.ok) {
        return response.status === 204 ? null : response.json();
      }
      const text = await response.text();
      lastError = new HttpError(response, text);
      if (!RETRYABLE_STATUS.has(response.status)) {
        throw lastError;
      }
      if (response.status === 429 || response.status === 503) {
        retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
      }
    }
    throw lastError;
  }

  return {
    get: (path, opts) => request('GET', path, opts),
    post: (path, body, opts) => request('POST', path, { ...opts, body }),
    put: (path, body, opts) => request('PUT', path, { ...opts, body }),
    delete: (path, opts) => request('DELETE', path, opts),
  };
}
