import { describe, expect, it } from "vitest";

import { evaluate } from "../src/evaluate";
import type { Flag } from "../src/types";

function flag(overrides: Partial<Flag> = {}): Flag {
  return {
    key: "new-checkout",
    enabled: true,
    salt: "s1",
    variants: [
      { key: "on", value: true },
      { key: "off", value: false },
    ],
    defaultVariant: "off",
    rules: [],
    ...overrides,
  };
}

describe("evaluate", () => {
  it("returns the default when disabled", () => {
    const e = evaluate(flag({ enabled: false }), { key: "u1" });
    expect(e).toMatchObject({ variant: "off", reason: "disabled" });
  });

  it("falls back to the default for a deleted variant", () => {
    const f = flag({ rules: [{ attribute: "key", operator: "equals", values: ["u1"], variant: "gone" }] });
    expect(evaluate(f, { key: "u1" })).toMatchObject({ variant: "off", value: false });
  });

  it("applies the first matching rule", () => {
    const f = flag({
      rules: [{ attribute: "country", operator: "in", values: ["NZ", "AU"], variant: "on" }],
    });
    expect(evaluate(f, { key: "u1", attributes: { country: "NZ" } }).reason).toBe("rule");
    expect(evaluate(f, { key: "u1", attributes: { country: "FR" } }).reason).toBe("default");
  });

  it("rolls out to nobody at 0% and everybody at 100%", () => {
    for (let i = 0; i < 500; i++) {
      const user = { key: `user-${i}` };
      expect(evaluate(flag({ rollout: { percentage: 0, variant: "on" } }), user).variant).toBe("off");
      expect(evaluate(flag({ rollout: { percentage: 100, variant: "on" } }), user).variant).toBe("on");
    }
  });
});
