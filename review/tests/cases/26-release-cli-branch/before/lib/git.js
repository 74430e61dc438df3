'use strict';

const { execFileSync } = require('node:child_process');

function git(args, { cwd = process.cwd(), dryRun = false } = {}) {
  if (dryRun) {
    console.log(`[dry-run] git ${args.join(' ')}`);
    return '';
  }
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

function currentBranch(opts) {
  return git(['rev-parse', '--abbrev-ref', 'HEAD'], { ...opts, dryRun: false });
}

function isClean(opts) {
  return git(['status', '--porcelain'], { ...opts, dryRun: false }) === '';
}

function tagExists(name, opts) {
  return git(['tag', '--list', name], { ...opts, dryRun: false }) !== '';
}

function tag(name, message, opts) {
  git(['tag', '-a', name, '-m', message], opts);
}

function push(remote, ref, opts) {
  git(['push', remote, ref], opts);
}

module.exports = { git, currentBranch, isClean, tagExists, tag, push };
