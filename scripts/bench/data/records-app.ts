import type { Prng } from '../prng.js';

/** Application NDJSON lines as services write them to S3 (~0.6–1 KB): emails, IPs, URLs, bearer tokens, secrets in text. */

const MESSAGES = [
  'order created',
  'order fetched',
  'payment authorised',
  'upstream rejected request',
  'cache miss, reading through',
  'partner sync done',
  'user profile updated',
];

export function appLogLine(rng: Prng, timeMs: number, service: string): Record<string, unknown> {
  const status = rng.pick([200, 200, 200, 201, 204, 400, 401, 404, 500, 502]);
  const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
  const email = rng.email();
  const line: Record<string, unknown> = {
    ts: new Date(timeMs).toISOString(),
    level,
    service,
    msg: rng.pick(MESSAGES),
    trace_id: rng.hex(32),
    span_id: rng.hex(16),
    order_id: `ord_${rng.int(1000, 999999)}`,
    user: email,
    client_ip: rng.ip(),
    http: {
      method: rng.pick(['GET', 'POST', 'PUT', 'DELETE']),
      url: `https://api.example.com/v2/orders/${rng.int(1000, 99999)}?customer=${encodeURIComponent(email)}&session=${rng.alnum(24)}`,
      status,
      latency_ms: rng.int(1, status >= 500 ? 6000 : 400),
      user_agent: rng.pick(['okhttp/4.12.0', 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'curl/8.8.0']),
    },
    region: rng.pick(['eu-west-1', 'us-east-1']),
    pod: `${service}-${rng.hex(10)}-${rng.alnum(5).toLowerCase()}`,
  };
  if (rng.chance(0.3)) line['request_headers'] = { authorization: `Bearer ${rng.jwt()}`, 'x-forwarded-for': `${rng.ip()}, ${rng.ip()}` };
  if (rng.chance(0.05)) line['msg'] = `config reload picked up db password=${rng.alnum(14)} for ${email} from ${rng.ip()}`;
  return line;
}
