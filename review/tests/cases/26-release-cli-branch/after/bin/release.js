#!/usr/bin/env node
'use strict';

const { parseArgs, UsageError, USAGE } = require('../lib/args');
const git = require('../lib/git');

function main(argv) {
  let opts;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`release: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }

  const gitOpts = { dryRun: opts.dryRun };
  if (!git.isClean(gitOpts)) {
    console.error('release: the working tree has uncommitted changes');
    return 1;
  }
  git.checkoutAndPull(opts.branch, opts.remote, gitOpts);

  const tagName = `v${opts.version}`;
  if (git.tagExists(tagName, gitOpts)) {
    console.error(`release: tag ${tagName} already exists`);
    return 1;
  }

  git.tag(tagName, `Release ${tagName} from ${opts.branch}`, gitOpts);
  git.push(opts.remote, tagName, gitOpts);
  console.log(`released ${tagName}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
