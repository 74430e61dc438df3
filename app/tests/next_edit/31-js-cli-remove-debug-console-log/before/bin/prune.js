#!/usr/bin/env node
"use strict";

const fs = require("node:fs/promises");
const path = require("node:path");

function printUsage() {
  console.log("usage: prune <dir> [--days N] [--dry-run]");
  console.log("Deletes files older than N days (default 30).");
}

function parseArgs(argv) {
  const options = { dir: null, days: 30, dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--days") {
      options.days = Number(argv[++i]);
    } else if (arg === "--dry-run") {
      options.dryRun = true;
    } else {
      options.dir = arg;
    }
  }
  console.log("DEBUG options", options);
  return options;
}

async function findOldFiles(dir, cutoff) {
  const result = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      result.push(...(await findOldFiles(full, cutoff)));
      continue;
    }
    const stat = await fs.stat(full);
    console.log("DEBUG", full, stat.mtimeMs);
    if (stat.mtimeMs < cutoff) {
      result.push(full);
    }
  }
  return result;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!options.dir || Number.isNaN(options.days)) {
    printUsage();
    process.exitCode = 2;
    return;
  }
  const cutoff = Date.now() - options.days * 24 * 60 * 60 * 1000;
  const files = await findOldFiles(options.dir, cutoff);
  console.log("DEBUG found", files.length, "files");
  if (!options.dryRun) {
    await Promise.all(files.map((f) => fs.unlink(f)));
  }
  console.log(`${options.dryRun ? "Would delete" : "Deleted"} ${files.length} file(s)`);
}

main().catch((err) => {
  console.error(err.message);
  process.exitCode = 1;
});
