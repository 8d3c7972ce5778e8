/**
 * A bounded memo that keeps what repeats: two generations of at most `generation` entries each.
 * New entries go to the young one; when it is full it becomes the old one (the previous old one
 * is dropped), and a hit in the old one is carried into the young one. Entries that do not
 * repeat die within two generations, young enough for the scavenger, instead of piling up in
 * the old space until a full clear (which also dropped the values that do repeat).
 */
export class RecentCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();

  constructor(private readonly generation: number) {}

  get(key: string): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const older = this.old.get(key);
    if (older !== undefined) this.set(key, older);
    return older;
  }

  set(key: string, value: V): void {
    if (this.young.size >= this.generation) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
