'use strict';

const VERSION_RE = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

class UsageError extends Error {}

const USAGE = `usage: release <version> [--remote <name>] [--branch <name>] [--dry-run]

  <version>        semantic version to tag, e.g. 1.4.0
  --remote <name>  remote to push the tag to (default: origin)
  --branch <name>  branch to release from (default: $RELEASE_BRANCH, $GITHUB_REF_NAME or main)
  --dry-run        print the git commands instead of running them`;

function parseArgs(argv) {
  const opts = {
    remote: 'origin',
    branch: process.env.RELEASE_BRANCH || process.env.GITHUB_REF_NAME || 'main',
    dryRun: false,
    version: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--dry-run':
        opts.dryRun = true;
        break;
      case '--remote':
        opts.remote = argv[++i];
        if (!opts.remote) throw new UsageError('--remote needs a value');
        break;
      case '--branch':
        opts.branch = argv[++i];
        if (!opts.branch) throw new UsageError('--branch needs a value');
        break;
      case '-h':
      case '--help':
        opts.help = true;
        break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        if (opts.version) throw new UsageError('only one version may be given');
        opts.version = arg.replace(/^v/, '');
    }
  }
  if (opts.help) return opts;
  if (!opts.version) throw new UsageError('missing <version>');
  if (!VERSION_RE.test(opts.version)) {
    throw new UsageError(`not a semantic version: ${opts.version}`);
  }
  return opts;
}

module.exports = { parseArgs, UsageError, USAGE };
