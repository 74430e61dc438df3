// A small static server for dist/ on 127.0.0.1: correct MIME types (application/wasm for
// streaming compilation), the same Content-Security-Policy as the page's meta tag (so the engine
// worker, which the meta tag does not cover, is held to it too), and an optional throttle on
// model downloads for tests that watch the progress bar.
//
//   node scripts/serve.mjs [--root dist] [--port 8080]
// or, from a test: `import { serve } from "../scripts/serve.mjs"`.
import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, resolve } from "node:path";
import { Transform } from "node:stream";

export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; " +
  "manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".gguf": "application/octet-stream",
};

/// Limits a stream to `bytesPerSecond`.
function throttle(bytesPerSecond) {
  const start = Date.now();
  let sent = 0;
  return new Transform({
    transform(chunk, _enc, done) {
      sent += chunk.length;
      const due = start + (sent / bytesPerSecond) * 1000;
      setTimeout(() => done(null, chunk), Math.max(0, due - Date.now()));
    },
  });
}

/**
 * Serves `root` on 127.0.0.1. Options: `port` (0 picks one), `modelBytesPerSecond` (throttle
 * .gguf responses), `onRequest(req)` (sees every request). Resolves to `{server, url}`.
 */
export function serve({ root = "dist", port = 0, modelBytesPerSecond = 0, onRequest } = {}) {
  const base = resolve(root);
  const server = createServer((req, res) => {
    onRequest?.(req);
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = normalize(join(base, path));
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    let stat;
    try {
      stat = statSync(file);
      if (stat.isDirectory()) {
        file = join(file, "index.html");
        stat = statSync(file);
      }
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const ext = extname(file);
    res.writeHead(200, {
      "content-type": TYPES[ext] ?? "application/octet-stream",
      "content-length": stat.size,
      "content-security-policy": CSP,
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
    });
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    const body = createReadStream(file);
    if (ext === ".gguf" && modelBytesPerSecond > 0) body.pipe(throttle(modelBytesPerSecond)).pipe(res);
    else body.pipe(res);
  });
  return new Promise((ok) =>
    server.listen(port, "127.0.0.1", () => ok({ server, url: `http://127.0.0.1:${server.address().port}/` })),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const { url } = await serve({ root: arg("--root", "dist"), port: Number(arg("--port", 8080)) });
  console.log(`Marble is at ${url} (Ctrl+C stops it)`);
}
