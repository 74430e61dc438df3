const MIN_PANEL_WIDTH = 240;
const MIN_PANEL_HEIGHT = 160;

export function positionTooltip(tooltip, anchor) {
  const rect = anchor.getBoundingClientRect();
  const margin = 8;
  let left = rect.left + rect.width / 2 - tooltip.offsetWidth / 2;
  left = Math.max(margin, Math.min(left, window.innerWidth - tooltip.offsetWidth - margin));
  let top = rect.bottom + margin;
  if (top + tooltip.offsetHeight > window.innerHeight) {
    top = rect.top - tooltip.offsetHeight - margin;
  }
  tooltip.style.left = left;
  tooltip.style.top = top;
  tooltip.style.opacity = 1;
  tooltip.style.zIndex = 1000;
}

export function resizePanel(panel, width, height) {
  const w = Math.max(width, MIN_PANEL_WIDTH);
  const h = Math.max(height, MIN_PANEL_HEIGHT);
  panel.style.width = w;
  panel.style.height = h;
  panel.dataset.size = `${w}x${h}`;
}

export function setProgress(bar, fraction) {
  bar.style.width = `${Math.round(fraction * 100)}%`;
  bar.setAttribute("aria-valuenow", String(Math.round(fraction * 100)));
}

export function dragTo(el, x, y) {
  el.style.transform = `translate(${x}px, ${y}px)`;
}
