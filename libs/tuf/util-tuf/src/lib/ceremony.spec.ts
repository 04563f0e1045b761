import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  addDetachedSignature,
  addSignatures,
  canonicalBytes,
  draftRoot,
  keyIdOf,
  signEnvelope,
  thresholdProgress,
  tufKeyOf,
  verifyRootUpdate,
  type MetadataSigner,
} from '../index.js';

function holder(type: 'ed25519' | 'p256'): MetadataSigner & { privateKey: KeyObject } {
  const { privateKey, publicKey } =
    type === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const digest = type === 'ed25519' ? null : 'sha256';
  return { privateKey, publicKey, sign: (d) => Promise.resolve(sign(digest, d, privateKey)) };
}

const key = (s: MetadataSigner) => tufKeyOf(s.publicKey);
const id = (s: MetadataSigner) => keyIdOf(key(s));
const expires = new Date('2027-11-22T00:00:00Z');

describe('root drafts', () => {
  const [r1, r2, r3, r4] = [holder('ed25519'), holder('p256'), holder('ed25519'), holder('p256')];
  const [t1, t2, t3] = [holder('ed25519'), holder('ed25519'), holder('ed25519')];
  const online = holder('ed25519');
  const first = draftRoot(undefined, {
    expires,
    changes: {
      root: { add: [key(r1), key(r2), key(r3)] },
      targets: { add: [key(t1), key(t2), key(t3)] },
      snapshot: { add: [key(online)] },
      timestamp: { add: [key(online)] },
    },
  });

  it('starts at version 1 with a majority threshold for the offline roles', () => {
    expect(first.version).toBe(1);
    expect(first.expires).toBe('2027-11-22T00:00:00Z');
    expect(first.roles.root.threshold).toBe(2);
    expect(first.roles.targets.threshold).toBe(2);
    expect(first.roles.snapshot).toEqual({ keyids: [id(online)], threshold: 1 });
  });

  it('needs keys for every role of a first root', () => {
    expect(() => draftRoot(undefined, { expires, changes: { root: { add: [key(r1)] } } })).toThrow(
      /targets: a first root needs at least one targets key/,
    );
  });

  it('derives the next version, swapping keys and keeping unchanged roles as they were', async () => {
    const next = draftRoot(first, {
      expires,
      changes: { root: { add: [key(r4)], remove: [id(r3)] } },
    });
    expect(next.version).toBe(2);
    expect(next.roles.root.keyids).toEqual([id(r1), id(r2), id(r4)].sort());
    expect(next.roles.targets).toEqual(first.roles.targets);
    expect(next.keys[id(r3)]).toBeUndefined();

    // r1 counts for both roots, r3 only for the old one, r4 only for the new one.
    let envelope = await signEnvelope(next, [r1, r4]);
    expect(thresholdProgress(first, 'root', envelope)).toMatchObject({
      under: 'root v1',
      signed: [id(r1)],
      met: false,
    });
    expect(thresholdProgress(next, 'root', envelope).met).toBe(true);
    expect(() => verifyRootUpdate(first, envelope)).toThrow();
    envelope = await addSignatures(envelope, [r3]);
    expect(thresholdProgress(first, 'root', envelope).met).toBe(true);
    verifyRootUpdate(first, envelope);
  });

  it('refuses to remove the last key of a role or set a threshold above its keys', () => {
    expect(() =>
      draftRoot(first, { expires, changes: { snapshot: { remove: [id(online)] } } }),
    ).toThrow(/leaves the role with none/);
    expect(() => draftRoot(first, { expires, changes: { root: { threshold: 4 } } })).toThrow(
      /threshold 4 needs between 1 and 3 keys/,
    );
  });
});

describe('signatures made elsewhere', () => {
  const [a, b] = [holder('p256'), holder('ed25519')];
  const root = draftRoot(undefined, {
    expires,
    changes: {
      root: { add: [key(a), key(b)], threshold: 2 },
      targets: { add: [key(a)] },
      snapshot: { add: [key(b)] },
      timestamp: { add: [key(b)] },
    },
  });

  it('adds DER ECDSA and raw Ed25519 signatures over the canonical bytes once they verify', () => {
    const bytes = canonicalBytes(root);
    let envelope = addDetachedSignature(
      { signed: root, signatures: [] },
      key(a),
      sign('sha256', bytes, a.privateKey),
    );
    envelope = addDetachedSignature(envelope, key(b), sign(null, bytes, b.privateKey));
    expect(thresholdProgress(root, 'root', envelope)).toMatchObject({ met: true, missing: [] });
  });

  it('refuses a signature over other bytes, or by another key', () => {
    const other = sign('sha256', Buffer.from('something else'), a.privateKey);
    expect(() => addDetachedSignature({ signed: root, signatures: [] }, key(a), other)).toThrow(
      expect.objectContaining({ code: 'SIGNATURE' }),
    );
    const byB = sign(null, canonicalBytes(root), b.privateKey);
    expect(() => addDetachedSignature({ signed: root, signatures: [] }, key(a), byB)).toThrow(
      /does not verify/,
    );
  });

  it('does not count a signature that fails to verify', () => {
    const forged = { signed: root, signatures: [{ keyid: id(a), sig: '30'.repeat(35) }] };
    expect(thresholdProgress(root, 'root', forged).signed).toEqual([]);
  });
});
