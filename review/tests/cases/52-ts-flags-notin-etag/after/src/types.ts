export type AttributeValue = string | number | boolean;

export type Attributes = Record<string, AttributeValue | undefined>;

export interface User {
  key: string;
  attributes?: Attributes;
}

export interface Variant {
  key: string;
  value: unknown;
}

export interface Rollout {
  /** Share of users, 0-100, who get `variant`; the rest fall through to the default. */
  percentage: number;
  variant: string;
}

export interface Rule {
  attribute: string;
  operator: "equals" | "in" | "notIn" | "startsWith";
  values: AttributeValue[];
  variant: string;
}

export interface Flag {
  key: string;
  enabled: boolean;
  /** Mixed into the bucketing hash so that flags bucket users independently. */
  salt: string;
  variants: Variant[];
  defaultVariant: string;
  rules: Rule[];
  rollout?: Rollout;
}

export type Reason = "disabled" | "rule" | "rollout" | "default";

export interface Evaluation {
  flagKey: string;
  variant: string;
  value: unknown;
  reason: Reason;
}
