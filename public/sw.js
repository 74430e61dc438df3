// Marble's service worker: after the first visit the IDE opens offline.
//
// App files are fetched network-first (an update shows up on the next load) and kept in a cache
// for when the network is gone. Models are not touched here: the engine worker keeps them in
// their own cache ("marble-models-v1"), so each is stored once.
const APP_CACHE = "marble-app-v1";
const MODEL_CACHE_PREFIX = "marble-models-";
const SHELL = [
  "./",
  "index.html",
  "init.js",
  "editor.js",
  "style.css",
  "icon.svg",
  "marble-app.js",
  "marble-app_bg.wasm",
  "marble-worker.js",
  "marble-worker_bg.wasm",
  "marble-worker_loader.js",
  "models/default.json",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(APP_CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((k) => k !== APP_CACHE && !k.startsWith(MODEL_CACHE_PREFIX))
            .map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.includes("/models/") && url.pathname.endsWith(".gguf")) return;
  event.respondWith(networkFirst(request));
});

async function networkFirst(request) {
  const cache = await caches.open(APP_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) cache.put(request, response.clone());
    return response;
  } catch (offline) {
    const hit = await cache.match(request, { ignoreSearch: true });
    if (hit) return hit;
    if (request.mode === "navigate") {
      const shell = await cache.match("index.html");
      if (shell) return shell;
    }
    throw offline;
  }
}
