export interface FeatureFlag {
  key: string;
  description: string;
  enabled: boolean;
  rolloutPercent: number;
  expiresAt: string | null;
}

export interface Settings {
  enabled: boolean;
  description: string;
}

export const DEFAULT_SETTINGS: Settings = {
  enabled: true,
  description: "defaults for new workspaces",
};

export const FLAGS: FeatureFlag[] = [
  {
    key: "new-checkout",
    description: "Single-page checkout flow",
    enabled: true,
    rolloutPercent: 25,
  },
  {
    key: "dark-mode",
    description: "Dark theme toggle in settings",
    enabled: true,
    rolloutPercent: 100,
  },
  {
    key: "ai-summaries",
    description: "Summaries of long threads",
    enabled: false,
    rolloutPercent: 0,
  },
];

function bucket(userId: string): number {
  let h = 0;
  for (const ch of userId) {
    h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  }
  return h % 100;
}

export function isOn(flagKey: string, userId: string): boolean {
  const flag = FLAGS.find((f) => f.key === flagKey);
  return !!flag && flag.enabled && bucket(userId) < flag.rolloutPercent;
}
