/**
 * Personal data used as an object key sometimes reaches the redactor after a parser turned its
 * punctuation into `_` (`alice@mail.example.com` → `alice_mail_example_com`, `10.0.0.1` →
 * `10_0_0_1`). These shapes are recognised in keys only (values keep their punctuation).
 */
const SNAKE_IPV4 = /^(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:_(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const SNAKE_EMAIL = /^[a-z0-9][a-z0-9-]{0,63}(?:_[a-z0-9-]{1,63}){2,8}_(?:com|org|net|edu|gov|mil|io|co|uk|de|fr|nl|jp|es|it|se|ch|be|at|au|ca|info|biz|dev|me|us|eu)$/i;
/** Service domains that name an API, not a person (`compute_googleapis_com`). */
const SERVICE_WORD = /(?:^|_)(?:googleapis|amazonaws|azure|windows|microsoft|microsoftonline|kubernetes|k8s|gserviceaccount|cloudfront|github|gitlab|docker|svc|cluster|local|internal|api|www|cdn|app|apps)(?:_|$)/i;

export function keyLooksPersonal(key: string): boolean {
  const n = key.length;
  const first = key.charCodeAt(0);
  if (first >= 48 && first <= 57) return n <= 15 && SNAKE_IPV4.test(key);
  if (n < 9 || n > 200) return false;
  const u = key.lastIndexOf('_');
  if (u < n - 5 || u > n - 3) return false; // a 2–4 letter top-level domain after the last `_`
  return SNAKE_EMAIL.test(key) && !SERVICE_WORD.test(key);
}
