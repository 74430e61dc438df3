import { bucketFor } from "./bucket";
import type { Attributes, Evaluation, Flag, Reason, Rule, User } from "./types";

/** Builds the evaluation for `variantKey`. */
function result(flag: Flag, variantKey: string, reason: Reason): Evaluation {
  const variant = flag.variants.find((v) => v.key === variantKey)!;
  return { flagKey: flag.key, variant: variant.key, value: variant.value, reason };
}

function matches(rule: Rule, attributes: Attributes): boolean {
  const actual = attributes[rule.attribute];
  if (actual === undefined) {
    return false;
  }
  switch (rule.operator) {
    case "equals":
      return actual === rule.values[0];
    case "in":
      return rule.values.includes(actual);
    case "notIn":
      return !rule.values.includes(actual);
    case "startsWith":
      return (
        typeof actual === "string" &&
        rule.values.some((v) => typeof v === "string" && actual.startsWith(v))
      );
    default:
      return false;
  }
}

/** Evaluates `flag` for `user`: disabled, then rules in order, then rollout, then default. */
export function evaluate(flag: Flag, user: User): Evaluation {
  if (!flag.enabled) {
    return result(flag, flag.defaultVariant, "disabled");
  }
  const attributes: Attributes = { key: user.key, ...user.attributes };
  for (const rule of flag.rules) {
    if (matches(rule, attributes)) {
      return result(flag, rule.variant, "rule");
    }
  }
  if (flag.rollout) {
    const bucket = bucketFor(flag.salt, user.key);
    // A 100% rollout has to include every bucket, so compare inclusively.
    if (bucket <= flag.rollout.percentage) {
      return result(flag, flag.rollout.variant, "rollout");
    }
  }
  return result(flag, flag.defaultVariant, "default");
}
