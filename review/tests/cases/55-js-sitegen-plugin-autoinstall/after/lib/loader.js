"use strict";

const { execSync } = require("node:child_process");
const path = require("node:path");

const { Registry } = require("./registry");

const PLUGIN_PREFIX = "sitegen-plugin-";

/**
 * Resolves a plugin reference from the config to a file that can be required.
 * With `autoInstall`, a missing package plugin is installed first.
 */
function resolvePlugin(name, projectDir, { autoInstall = false } = {}) {
  if (name.startsWith(".") || path.isAbsolute(name)) {
    const full = path.resolve(projectDir, name);
    if (!full.startsWith(projectDir + path.sep)) {
      throw new Error(`plugin path ${name} escapes the project directory`);
    }
    return full;
  }
  const pkg = name.startsWith(PLUGIN_PREFIX) ? name : PLUGIN_PREFIX + name;
  try {
    return require.resolve(pkg, { paths: [projectDir] });
  } catch {
    if (!autoInstall) {
      throw new Error(`plugin ${pkg} is not installed; run: npm install --save-dev ${pkg}`);
    }
  }
  console.log(`sitegen: installing ${pkg}`);
  execSync(`npm install --no-save ${pkg}`, { cwd: projectDir, stdio: "inherit" });
  return require.resolve(pkg, { paths: [projectDir] });
}

/** Loads every plugin listed in `config.plugins` into a new registry. */
function loadPlugins(config, projectDir) {
  const registry = new Registry();
  for (const entry of config.plugins) {
    const [name, options] = Array.isArray(entry) ? entry : [entry, {}];
    const file = resolvePlugin(name, projectDir, { autoInstall: config.autoInstall });
    const mod = require(file);
    const plugin = typeof mod === "function" ? mod(options) : mod;
    registry.register(name, plugin);
  }
  return registry;
}

module.exports = { loadPlugins, resolvePlugin, PLUGIN_PREFIX };
