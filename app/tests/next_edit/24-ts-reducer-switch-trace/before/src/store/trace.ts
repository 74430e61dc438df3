const enabled = typeof localStorage !== "undefined" && localStorage.getItem("trace") === "1";

export function trace(event: string): void {
  if (enabled) {
    console.debug(`[trace] ${event} @ ${performance.now().toFixed(1)}ms`);
  }
}
