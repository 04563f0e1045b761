// The machine's own speed, printed before the rows: a shared 2-core VM runs the same work ~1.5×
// slower in some hours than in others, and every row scales with it. P-256 signatures are most of
// what an append and an issuance compute; fdatasync is what a durable commit waits for.
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What the targets were set against (Node 20 / OpenSSL 3.0 on this class of machine): one core's
 * P-256 verifies and signatures per second, and 8 KiB fdatasyncs per second.
 */
export const REFERENCE = { verify: 21_700, sign: 54_600, fdatasync: 10_900 };

/** Median of `rounds` rates of `op`, each over about `ms` milliseconds. */
function rate(op, { rounds = 3, ms = 400 } = {}) {
  const rates = [];
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      for (let i = 0; i < 32; i++) op();
      n += 32;
      elapsed = performance.now() - start;
    } while (elapsed < ms);
    rates.push((n * 1000) / elapsed);
  }
  return rates.sort((a, b) => a - b)[Math.floor(rates.length / 2)];
}

/** One core's P-256 verify and sign rates, and the fdatasync rate of an 8 KiB write in `dir`. */
export function measureMachine(dir = tmpdir()) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const message = createHash('sha256').update('sigstead bench').digest();
  const signature = sign('sha256', message, privateKey);
  const verifies = rate(() => verify('sha256', message, publicKey, signature));
  const signs = rate(() => sign('sha256', message, privateKey));
  const scratch = mkdtempSync(join(dir, 'sigstead-fsync-'));
  const fd = openSync(join(scratch, 'wal'), 'w');
  const page = Buffer.alloc(8192, 1);
  try {
    const syncs = rate(() => {
      writeSync(fd, page, 0, page.length, 0);
      fdatasyncSync(fd);
    });
    return { verify: verifies, sign: signs, fdatasync: syncs, dir };
  } finally {
    closeSync(fd);
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function benchMachine(when) {
  const m = measureMachine();
  const k = (n) => `${(n / 1000).toFixed(1)}k`;
  const ratio = (n, ref) => `${(n / ref).toFixed(2)}×`;
  console.log(`\n# this machine, ${when} (one core; the rows scale with it)`);
  console.log(
    `P-256 verify ${k(m.verify)}/s (${ratio(m.verify, REFERENCE.verify)} the targets' reference), ` +
      `sign ${k(m.sign)}/s (${ratio(m.sign, REFERENCE.sign)}); ` +
      `8 KiB write + fdatasync ${k(m.fdatasync)}/s in ${m.dir} (${ratio(m.fdatasync, REFERENCE.fdatasync)})`,
  );
}
