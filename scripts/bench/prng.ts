/**
 * A small seeded PRNG (mulberry32) and the value helpers the data generators draw from.
 * Deterministic: the same seed gives the same bytes on every machine and run.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += ((this.next() * 0x100000000) >>> 0).toString(16).padStart(8, '0');
    return out.slice(0, length);
  }

  digits(length: number): string {
    let out = String(this.int(1, 9));
    while (out.length < length) out += String(this.int(0, 9));
    return out;
  }

  alnum(length: number): string {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let i = 0; i < length; i++) out += chars[Math.floor(this.next() * chars.length)];
    return out;
  }

  base64url(length: number): string {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let out = '';
    for (let i = 0; i < length; i++) out += chars[Math.floor(this.next() * chars.length)];
    return out;
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** A documentation-range public IPv4 (RFC 5737) or a private one. */
  ip(): string {
    const nets = ['203.0.113', '198.51.100', '192.0.2', '10.0.1', '10.0.2', '172.16.4'];
    return `${this.pick(nets)}.${this.int(1, 254)}`;
  }

  email(): string {
    const first = ['jane', 'john', 'ana', 'li', 'omar', 'sara', 'ken', 'maria', 'yuki', 'pat', 'alex', 'noah'];
    const last = ['doe', 'smith', 'garcia', 'chen', 'haddad', 'berg', 'ito', 'rossi', 'novak', 'okafor'];
    const domains = ['example.com', 'example.org', 'corp.example.net', 'contoso.example'];
    return `${this.pick(first)}.${this.pick(last)}${this.int(1, 99)}@${this.pick(domains)}`;
  }

  /** A JWT-shaped bearer token (three base64url segments; fake, never a real credential). */
  jwt(): string {
    return `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${this.base64url(this.int(80, 140))}.${this.base64url(43)}`;
  }
}

/** A stable 32-bit seed from a label, so each shape gets its own stream. */
export function seedOf(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
