// Claim-value helpers shared by the principal builders.

/** Parsed claims of a verified ID token. */
export type Claims = Readonly<Record<string, unknown>>;

/**
 * A claim value as Go's `fmt.Sprintf("%v", v)` prints the decoded JSON value, with whole-number
 * floats printed as integers (fulcio `ciprovider.mapValuesToString`). Used for CI template data and
 * the `issuer-claim` value.
 */
export function goString(v: unknown, nested = false): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return nested ? goFloatV(v) : goTopLevelNumber(v);
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map((x) => goString(x, true)).join(' ')}]`;
  if (typeof v === 'object') {
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj).sort();
    return `map[${keys.map((k) => `${k}:${goString(obj[k], true)}`).join(' ')}]`;
  }
  return typeof v === 'bigint' ? v.toString() : ''; // JSON claims hold no other types
}

// Top level: whole numbers print without a fraction; others as strconv 'f' -1 (never an exponent).
function goTopLevelNumber(n: number): string {
  if (Number.isInteger(n)) return BigInt(n).toString();
  return expandExponent(String(n));
}

// Inside arrays/maps Go prints float64 with %v: shortest digits, exponent when exp < -4 || exp >= 21.
function goFloatV(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    const [mant, exp] = n.toExponential().split('e') as [string, string];
    const e = Number(exp);
    return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return expandExponent(String(n));
}

function expandExponent(s: string): string {
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign = '', int = '', frac = '', expStr] = m;
  const digits = int + frac;
  const exp = Number(expStr);
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const point = exp + 1;
  if (digits.length <= point) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** The flattened string map a CI template sees: every top-level claim through `goString`. */
export function claimsToStringMap(claims: Claims): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(claims)) out.set(k, goString(v));
  return out;
}

/** A required non-empty string claim, or undefined. */
export function stringClaim(claims: Claims, name: string): string | undefined {
  const v = Object.hasOwn(claims, name) ? claims[name] : undefined;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * `email_verified` as fulcio `oauthflow.stringAsBool` reads it: true / "true" / "True" are true,
 * false / "false" / "False" or absent are false, anything else is invalid (undefined).
 */
export function emailVerified(claims: Claims): boolean | undefined {
  const v = Object.hasOwn(claims, 'email_verified') ? claims['email_verified'] : false;
  if (v === true || v === 'true' || v === 'True') return true;
  if (v === false || v === 'false' || v === 'False' || v === undefined || v === null) return false;
  return undefined;
}

// Dot-atom local part and at least two hostname labels: close to govalidator.IsEmail (which fulcio
// uses) but ASCII only, because the address goes into an rfc822Name (IA5String) SAN.
const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export function isEmail(s: string): boolean {
  return s.length <= 254 && EMAIL.test(s);
}
