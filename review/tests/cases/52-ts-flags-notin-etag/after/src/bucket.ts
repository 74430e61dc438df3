import { createHash } from "node:crypto";

/**
 * Deterministically maps a user to a bucket in [0, 100) with two decimals.
 * The same user always lands in the same bucket for a given flag salt, so
 * raising a rollout percentage only ever adds users.
 */
export function bucketFor(salt: string, userKey: string): number {
  const digest = createHash("sha1").update(`${salt}:${userKey}`).digest();
  const n = digest.readUInt32BE(0);
  return (n % 10000) / 100;
}

/**
 * Share of `userKeys` that a rollout of `percentage` would include, as a
 * fraction in [0, 1]. The admin UI uses this to preview a rollout change
 * against a sample of recent users before saving it.
 */
export function previewCoverage(salt: string, userKeys: readonly string[], percentage: number): number {
  if (userKeys.length === 0) {
    return 0;
  }
  let included = 0;
  for (const key of userKeys) {
    if (bucketFor(salt, key) < percentage) {
      included++;
    }
  }
  return included / userKeys.length;
}
