/** `…[TRUNCATED <n> chars]`, where n counts the characters cut off. */
export function truncationMarker(removed: number): string {
  return `…[TRUNCATED ${removed} chars]`;
}

/**
 * Cuts `s` so that what is kept plus the marker fits in `max` characters (a second pass then
 * leaves it alone), never splitting a surrogate pair.
 */
export function truncate(s: string, max: number): string {
  let keep = max;
  while (keep > 0) {
    const marker = truncationMarker(s.length - keep);
    const c = s.charCodeAt(keep - 1);
    const splitsPair = c >= 0xd800 && c <= 0xdbff;
    if (keep + marker.length <= max && !splitsPair) return s.slice(0, keep) + marker;
    keep = Math.min(keep - 1, max - marker.length);
  }
  return truncationMarker(s.length);
}
