"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { test } = require("node:test");

const { loadPlugins, resolvePlugin } = require("../lib/loader");

function project(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sitegen-"));
  for (const [name, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), body);
  }
  return dir;
}

test("loads a local plugin factory with options", async () => {
  const dir = project({
    "plugins/banner.js": "module.exports = (o) => ({ transformPage: (html) => o.text + html });",
  });
  const registry = loadPlugins({ plugins: [["./plugins/banner.js", { text: "<b>hi</b>" }]] }, dir);
  assert.equal(await registry.run("transformPage", "<p>x</p>", {}), "<b>hi</b><p>x</p>");
});

test("rejects local paths outside the project", () => {
  const dir = project({});
  assert.throws(() => resolvePlugin("../elsewhere/evil.js", dir), /escapes the project directory/);
});

test("explains how to install a missing package plugin", () => {
  const dir = project({});
  assert.throws(() => resolvePlugin("sitemap", dir), /npm install --save-dev sitegen-plugin-sitemap/);
});

test("rejects unknown hooks", () => {
  const dir = project({ "p.js": "module.exports = { onDeploy() {} };" });
  assert.throws(() => loadPlugins({ plugins: ["./p.js"] }, dir), /unknown hook "onDeploy"/);
});
