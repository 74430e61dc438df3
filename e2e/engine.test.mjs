// The engine in headless Chromium: the wasm build (e2e/engine-probe) must see a WebGPU adapter and
// produce the same greedy tokens as the native engine and llama.cpp's reference, on its CPU path
// and on its GPU backend through WebGPU (one token per submission, and four chained).
//
// Run through scripts/e2e-engine.sh, which builds the probe and the native CLI first. Environment:
//   MARBLE_MODEL       the GGUF file (default models/SmolLM2-135M-Instruct.Q4_1.gguf)
//   E2E_TOKENS         how many tokens the CPU path generates (default 16, at most 32)
//   E2E_GPU_TOKENS     how many the GPU backend generates (default 8, at most 32; SwiftShader is slow)
//   CHROMIUM           the browser binary (default /usr/bin/chromium)
//   E2E_CHROMIUM_ARGS  extra Chromium switches, space-separated

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
const N_GPU_TOKENS = Number(process.env.E2E_GPU_TOKENS || 8);
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
  // Extra switches, e.g. --enable-dawn-features=disable_robustness to time SwiftShader without
  // Tint's bounds checks (the browser default keeps them, as the test does).
  ...(process.env.E2E_CHROMIUM_ARGS || "").split(/\s+/).filter(Boolean),
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

/** The reference prompt and llama.cpp's greedy continuation of it. */
function reference() {
  const file = path.join(ROOT, "engine/tests/fixtures/smollm2/reference.json");
  const p = JSON.parse(readFileSync(file, "utf8")).prompts.find((p) => p.name === PROMPT);
  for (const n of [N_TOKENS, N_GPU_TOKENS]) {
    assert.ok(n <= p.greedy.ids.length, `the reference has only ${p.greedy.ids.length} tokens, not ${n}`);
  }
  return { text: p.text, promptIds: p.token_ids, want: p.greedy.ids };
}

let native = null;
/**
 * The native engine's greedy continuation of the reference prompt through the `marble` CLI (on
 * the CPU), as many tokens as any test needs; checked against llama.cpp's reference once.
 */
function nativeGreedy() {
  if (!native) {
    const { text, want } = reference();
    const n = Math.max(N_TOKENS, N_GPU_TOKENS);
    assert.ok(existsSync(NATIVE), `${NATIVE} is missing: cargo build -p marble-engine --release`);
    const file = path.join(mkdtempSync(path.join(tmpdir(), "marble-e2e-")), "prompt.txt");
    writeFileSync(file, text);
    const args = ["complete", "--model", MODEL, "--file", file, "--max-tokens", String(n)];
    const t = performance.now();
    const flags = ["--ignore-eos", "--json", "--threads", "1"];
    const out = execFileSync(NATIVE, [...args, ...flags], { encoding: "utf8" });
    native = JSON.parse(out).ids;
    console.log(`native: ${JSON.stringify(native)} in ${(performance.now() - t).toFixed(0)} ms (incl. load)`);
    assert.deepEqual(native, want.slice(0, n), "the native engine reproduces llama.cpp's reference");
  }
  return native;
}

const ms = (x) => `${x.toFixed(0)} ms`;

/** One line of timings from a probe report. */
function timings(r) {
  const load = r.reused_gpu ? "GPU session reused" : `parse ${ms(r.parse_ms)}`;
  const gpu = r.load_ms === undefined ? "" : `, GPU load ${ms(r.load_ms)}`;
  return (
    `${load}${gpu}, prefill ${r.prompt_computed} tokens (${r.prompt_reused} cached) + ` +
    `first ${r.first_burst} in ${ms(r.prefill_ms)}, ${r.decode_tokens} more in ${ms(r.decode_ms)} ` +
    `(${r.decode_tok_s.toFixed(2)} tokens/s); call ${ms(r.ms)}`
  );
}

/**
 * Runs greedy generation on WebGPU and checks it against the native engine. The probe keeps the
 * GPU session between calls, so after the first only the chained decoding is new (the prompt
 * stays cached, and only its last position's logits are recomputed).
 */
async function gpuGreedy(chain) {
  const { promptIds } = reference();
  const want = nativeGreedy().slice(0, N_GPU_TOKENS);
  const args = [promptIds, N_GPU_TOKENS, chain];
  const r = await page.evaluate(([ids, n, c]) => window.probe.greedyGpu(ids, n, c), args);
  console.log(`gpu (chain ${chain}): ${JSON.stringify(r.tokens)}`);
  console.log(`  ${timings(r)}`);
  console.log(`  adapter: ${JSON.stringify(r.adapter)}`);
  const s = r.stats;
  console.log(
    `  ${s.dispatches} dispatches, ${s.submissions} submissions, ${s.read_bytes} bytes read back ` +
      `(${s.dispatches_per_token.toFixed(1)} dispatches, ${s.submissions_per_token.toFixed(2)} submissions ` +
      `per token, the prompt's included)`,
  );
  assert.equal(r.adapter.backend, "BrowserWebGpu");
  assert.deepEqual(r.tokens, want);
  rates[`webgpu chain ${chain}`] = r.decode_tok_s;
  return r;
}

let server, origin, browser, page;
const requests = [];
const pageErrors = [];
// Console errors and warnings: where Chromium reports WGSL compilation messages, WebGPU
// validation errors and the probe's panics.
const consoleProblems = [];
// Decode tokens/s per path, for the summary.
const rates = {};

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
  page.on("console", (m) => {
    console.log(`  [page ${m.type()}] ${m.text()}`);
    if (["error", "warning"].includes(m.type())) consoleProblems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => pageErrors.push(e));
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => window.probe, null, { timeout: 60_000 });
});

after(async () => {
  const summary = Object.entries(rates).map(([k, v]) => `${k} ${v.toFixed(2)}`);
  if (summary.length) console.log(`decode tokens/s: ${summary.join(", ")}`);
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

// Generous limits: a hung GPU read-back should fail the run, not stall it.
const CPU_LIMIT = { timeout: 120_000 };
const GPU_LIMIT = { timeout: 300_000 };

const CPU_TEST = `greedy tokens on wasm's CPU path equal the native engine's (${PROMPT}, ${N_TOKENS} tokens)`;
test(CPU_TEST, CPU_LIMIT, async () => {
  const { promptIds } = reference();
  const want = nativeGreedy().slice(0, N_TOKENS);
  const t = performance.now();
  const r = await page.evaluate(([ids, n]) => window.probe.greedyCpu(ids, n), [promptIds, N_TOKENS]);
  console.log(`wasm cpu: ${JSON.stringify(r.tokens)} in ${ms(performance.now() - t)} (incl. fetch)`);
  console.log(`  ${timings(r)}`);
  assert.deepEqual(r.tokens, want);
  rates["wasm cpu"] = r.decode_tok_s;
});

// SwiftShader spends about a minute on the 42-token prompt and 1-3 s on each token after it; the
// second test reuses the first one's session, prompt included (see gpuGreedy).
const GPU_TEST = `greedy tokens on WebGPU equal the native engine's (${PROMPT}, ${N_GPU_TOKENS} tokens)`;
test(GPU_TEST, GPU_LIMIT, async () => {
  const r = await gpuGreedy(1);
  assert.equal(r.stats.submissions, 1 + N_GPU_TOKENS, "the prompt, then one submission per token");
});

const CHAIN_TEST = `WebGPU, 4 tokens per submission: the same greedy tokens (${N_GPU_TOKENS} tokens)`;
test(CHAIN_TEST, GPU_LIMIT, async () => {
  const r = await gpuGreedy(4);
  // The prompt (or, reused, its last position's logits), then one submission per 4 tokens.
  assert.equal(r.stats.submissions, 1 + Math.ceil(N_GPU_TOKENS / 4), "4 tokens per submission");
});

test("the page made no requests beyond 127.0.0.1, and logged no errors or warnings", () => {
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleProblems, []);
  const outside = requests.filter((u) => {
    const { protocol, hostname } = new URL(u);
    return !["data:", "blob:"].includes(protocol) && hostname !== "127.0.0.1";
  });
  console.log(`requests: ${requests.length}, outside 127.0.0.1: ${outside.length}`);
  assert.deepEqual(outside, []);
});
