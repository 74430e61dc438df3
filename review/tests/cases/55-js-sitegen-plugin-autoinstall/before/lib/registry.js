"use strict";

const HOOKS = ["beforeBuild", "transformPage", "afterBuild"];

/** Collects plugin hooks and runs them in registration order. */
class Registry {
  constructor() {
    this.hooks = new Map(HOOKS.map((name) => [name, []]));
    this.names = [];
  }

  register(name, plugin) {
    if (plugin === null || typeof plugin !== "object") {
      throw new Error(`plugin ${name} must export an object or a factory returning one`);
    }
    for (const [hook, fn] of Object.entries(plugin)) {
      if (hook === "name") continue;
      if (!this.hooks.has(hook)) {
        throw new Error(`plugin ${name} uses unknown hook "${hook}"`);
      }
      if (typeof fn !== "function") {
        throw new Error(`plugin ${name}: hook "${hook}" is not a function`);
      }
      this.hooks.get(hook).push({ plugin: name, fn });
    }
    this.names.push(name);
  }

  async run(hook, value, context) {
    let current = value;
    for (const { plugin, fn } of this.hooks.get(hook)) {
      try {
        const next = await fn(current, context);
        if (next !== undefined) current = next;
      } catch (err) {
        err.message = `[${plugin}] ${hook}: ${err.message}`;
        throw err;
      }
    }
    return current;
  }
}

module.exports = { Registry, HOOKS };
