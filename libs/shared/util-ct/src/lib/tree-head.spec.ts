import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { signSth, sthSignedData, verifySth } from './tree-head.js';
import { decodeDigitallySigned, encodeDigitallySigned } from './digitally-signed.js';

describe('signed tree head', () => {
  const head = { timestamp: 1700000000123n, treeSize: 42n, rootHash: Buffer.alloc(32, 0x5a) };

  it('signs u8 0 | u8 1 | u64 timestamp | u64 tree_size | root hash', () => {
    const data = sthSignedData(head);
    expect(data).toHaveLength(50);
    expect(data.toString('hex')).toBe(
      '0001' + '0000018bcfe5687b' + '000000000000002a' + '5a'.repeat(32),
    );
  });

  it('verifies its own signature and nothing else', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const sig = decodeDigitallySigned(encodeDigitallySigned(await signSth(head, privateKey)));
    expect(verifySth(head, sig, publicKey)).toBe(true);
    expect(verifySth({ ...head, treeSize: 43n }, sig, publicKey)).toBe(false);
  });

  it('rejects a root hash that is not 32 bytes', () => {
    expect(() => sthSignedData({ ...head, rootHash: Buffer.alloc(31) })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
