"use strict";

const fs = require("node:fs");
const path = require("node:path");

const CONFIG_NAMES = ["sitegen.config.json", ".sitegenrc.json", ".sitegenrc"];

const DEFAULTS = {
  outDir: "dist",
  plugins: [],
  autoInstall: false,
};

/** The first config file found in `projectDir`, or null. */
function findConfig(projectDir) {
  for (const name of CONFIG_NAMES) {
    const file = path.join(projectDir, name);
    if (fs.existsSync(file)) return file;
  }
  return null;
}

/** Reads and validates the project's config, filling in defaults. */
function loadConfig(projectDir) {
  const file = findConfig(projectDir);
  if (!file) return { ...DEFAULTS };
  const text = fs.readFileSync(file, "utf8");
  let parsed;
  try {
    // .sitegenrc may use comments, unquoted keys and trailing commas, so read it
    // as a JavaScript object literal rather than strict JSON.
    parsed = file.endsWith(".json") ? JSON.parse(text) : eval(`(${text})`);
  } catch (err) {
    throw new Error(`${path.basename(file)}: ${err.message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new Error(`${path.basename(file)}: expected an object`);
  }
  if (!Array.isArray(parsed.plugins ?? [])) {
    throw new Error(`${path.basename(file)}: "plugins" must be an array`);
  }
  return { ...DEFAULTS, ...parsed };
}

module.exports = { loadConfig, findConfig, CONFIG_NAMES };
