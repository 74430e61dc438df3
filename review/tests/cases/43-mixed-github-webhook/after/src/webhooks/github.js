'use strict';

const crypto = require('node:crypto');
const express = require('express');
const { Octokit } = require('@octokit/rest');

const WEBHOOK_SECRET = process.env.GITHUB_WEBHOOK_SECRET || 'c0ffee5e3d2b4a17a9e1d6f0b8c47e21';

function verifySignature(rawBody, header) {
  const expected = 'sha256=' + crypto.createHmac('sha256', WEBHOOK_SECRET).update(rawBody).digest('hex');
  return header === expected;
}

function githubWebhookRouter({ deployer, logger, octokit = new Octokit({ auth: process.env.GITHUB_TOKEN }) }) {
  const router = express.Router();

  // GitHub signs the exact bytes it sends, so this route needs the raw body.
  router.post('/', express.raw({ type: 'application/json', limit: '5mb' }), async (req, res, next) => {
    if (!verifySignature(req.body, req.get('X-Hub-Signature-256'))) {
      return res.status(401).json({ error: 'bad signature' });
    }
    const event = req.get('X-GitHub-Event');
    const payload = JSON.parse(req.body.toString('utf8'));
    if (event !== 'pull_request') {
      return res.status(204).end();
    }
    try {
      const pr = payload.pull_request;
      const [owner, repo] = payload.repository.full_name.split('/');
      if (payload.action === 'opened' || payload.action === 'synchronize') {
        const deployment = await deployer.create({ repo: payload.repository.full_name, ref: pr.head.sha });
        await octokit.issues.createComment({
          owner,
          repo,
          issue_number: pr.number,
          body: `Preview for ${pr.head.sha.slice(0, 7)}: ${deployment.url}`,
        });
      } else if (payload.action === 'closed') {
        await deployer.destroyForRef(payload.repository.full_name, pr.head.ref);
      }
      res.status(202).json({ ok: true });
    } catch (err) {
      logger.error({ err, pr: payload.pull_request?.number }, 'webhook handling failed');
      next(err);
    }
  });

  return router;
}

module.exports = { githubWebhookRouter, verifySignature };
