const counters = new Map();

export const metrics = {
  increment(name, by = 1) {
    counters.set(name, (counters.get(name) ?? 0) + by);
  },
  snapshot() {
    return Object.fromEntries(counters);
  },
};
