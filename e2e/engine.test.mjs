// The engine in headless Chromium: the wasm build (e2e/engine-probe) must see a WebGPU adapter and
// produce the same greedy tokens as the native engine and llama.cpp's reference.
//
// Run through scripts/e2e-engine.sh, which builds the probe and the native CLI first. Environment:
//   MARBLE_MODEL   the GGUF file (default models/SmolLM2-135M-Instruct.Q4_1.gguf)
//   E2E_TOKENS     how many tokens to generate (default 16)
//   CHROMIUM       the browser binary (default /usr/bin/chromium)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync, mkdtempSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PAGE_DIR = path.join(ROOT, "e2e/engine-probe");
const MODEL = process.env.MARBLE_MODEL || path.join(ROOT, "models/SmolLM2-135M-Instruct.Q4_1.gguf");
const NATIVE = path.join(ROOT, "target/release/marble");
const N_TOKENS = Number(process.env.E2E_TOKENS || 16);
// rust_fn is the reference prompt whose 32-token greedy continuation llama.cpp and exact math agree
// on, with a top-2 margin of at least 0.55 over its first 16 steps: a choice that rounding
// differences between builds cannot flip.
const PROMPT = "rust_fn";

// Chromium needs only --enable-unsafe-webgpu for a (SwiftShader) WebGPU adapter on this Linux;
// the rest keep it from phoning home.
const CHROMIUM_ARGS = [
  "--enable-unsafe-webgpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".ts": "text/plain; charset=utf-8",
};

/** Serves `dir` and the model at /model.gguf; resolves to the listening server. */
function serve(dir) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    let file;
    if (url.pathname === "/model.gguf") {
      file = MODEL;
    } else {
      file = path.join(dir, decodeURIComponent(url.pathname === "/" ? "/index.html" : url.pathname));
      if (!file.startsWith(dir + path.sep)) file = null;
    }
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const type = MIME[path.extname(file)] || "application/octet-stream";
    res.writeHead(200, {
      "content-type": type,
      "content-length": statSync(file).size,
      "cache-control": "no-store",
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function reference() {
  const file = path.join(ROOT, "engine/tests/fixtures/smollm2/reference.json");
  const p = JSON.parse(readFileSync(file, "utf8")).prompts.find((p) => p.name === PROMPT);
  assert.ok(N_TOKENS <= p.greedy.ids.length, `the reference has only ${p.greedy.ids.length} tokens`);
  return { text: p.text, promptIds: p.token_ids, want: p.greedy.ids.slice(0, N_TOKENS) };
}

/** The native engine's greedy continuation of the same text, through the `marble` CLI. */
function nativeGreedy(text) {
  assert.ok(existsSync(NATIVE), `${NATIVE} is missing: cargo build -p marble-engine --release`);
  const file = path.join(mkdtempSync(path.join(tmpdir(), "marble-e2e-")), "prompt.txt");
  writeFileSync(file, text);
  const args = ["complete", "--model", MODEL, "--file", file, "--max-tokens", String(N_TOKENS)];
  const out = execFileSync(NATIVE, [...args, "--ignore-eos", "--json", "--threads", "1"], { encoding: "utf8" });
  return JSON.parse(out).ids;
}

let server, origin, browser, page;
const requests = [];
const pageErrors = [];

before(async () => {
  assert.ok(existsSync(MODEL), `${MODEL} is missing: run scripts/fetch-model.sh`);
  assert.ok(
    existsSync(path.join(PAGE_DIR, "pkg/marble_engine_probe.js")),
    "e2e/engine-probe/pkg is missing: run scripts/e2e-engine.sh",
  );
  server = await serve(PAGE_DIR);
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  console.log(`chromium ${browser.version()} with ${CHROMIUM_ARGS.join(" ")}`);
  const context = await browser.newContext();
  // Record every request (workers included); anything not for our server is also cut off.
  context.on("request", (r) => requests.push(r.url()));
  await context.route("**/*", (route) => {
    const u = new URL(route.request().url());
    return u.origin === origin ? route.continue() : route.abort("blockedbyclient");
  });
  page = await context.newPage();
  page.on("console", (m) => console.log(`  [page ${m.type()}] ${m.text()}`));
  page.on("pageerror", (e) => pageErrors.push(e));
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => window.probe, null, { timeout: 60_000 });
});

after(async () => {
  await browser?.close();
  server?.close();
});

test("WebGPU adapter and device through wgpu", async () => {
  const t = performance.now();
  const { wgpu: info, browser } = await page.evaluate(() => window.probe.adapterInfo());
  console.log(`adapter (${(performance.now() - t).toFixed(0)} ms): ${JSON.stringify(info, null, 2)}`);
  console.log(`adapter as the browser reports it: ${JSON.stringify(browser)}`);
  assert.equal(info.backend, "webgpu");
  assert.ok(info.max_storage_buffer_binding_size >= 128 << 20, "WebGPU's minimum storage binding size");
  assert.deepEqual(info.roundtrip, [2, 4, 6, 8], "a compute shader ran on the device");
});

test(`greedy tokens on the wasm CPU path equal the native engine's (${PROMPT}, ${N_TOKENS} tokens)`, async () => {
  const { text, promptIds, want } = reference();
  let t = performance.now();
  const native = nativeGreedy(text);
  console.log(`native: ${JSON.stringify(native)} in ${(performance.now() - t).toFixed(0)} ms (incl. load)`);
  assert.deepEqual(native, want, "the native engine reproduces llama.cpp's reference");

  t = performance.now();
  const got = await page.evaluate(([ids, n]) => window.probe.greedyCpu(ids, n), [promptIds, N_TOKENS]);
  console.log(`wasm:   ${JSON.stringify(got.ids)} in ${(performance.now() - t).toFixed(0)} ms (incl. fetch)`);
  assert.deepEqual(got.ids, native);
});

test("the page made no requests beyond 127.0.0.1", () => {
  assert.deepEqual(pageErrors, []);
  const outside = requests.filter((u) => {
    const { protocol, hostname } = new URL(u);
    return !["data:", "blob:"].includes(protocol) && hostname !== "127.0.0.1";
  });
  console.log(`requests: ${requests.length}, outside 127.0.0.1: ${outside.length}`);
  assert.deepEqual(outside, []);
});
