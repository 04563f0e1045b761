import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ecSpki, uncompressedEcSpki } from './ec-spki.js';

function spki(curve: string): Buffer {
  return generateKeyPairSync('ec', { namedCurve: curve }).publicKey.export({
    type: 'spki',
    format: 'der',
  });
}

describe('uncompressedEcSpki', () => {
  it.each([
    ['P-256', 'prime256v1', 32],
    ['P-384', 'secp384r1', 48],
    ['P-521', 'secp521r1', 66],
  ])('finds the %s curve and point in the SPKI OpenSSL writes', (name, curve, size) => {
    const der = spki(name);
    const ec = uncompressedEcSpki(der);
    expect(ec).toEqual({ curve, size, point: der.subarray(der.length - 1 - 2 * size) });
    expect(ec?.point[0]).toBe(0x04);
    expect(ecSpki(ec!.curve, ec!.point)).toEqual(der);
    expect(() => ecSpki(ec!.curve, ec!.point.subarray(1))).toThrow(RangeError);
  });

  it('leaves other keys, compressed points and trailing bytes alone', () => {
    const p256 = spki('P-256');
    const compressed = Buffer.from(p256);
    compressed[compressed.length - 65] = 0x02;
    expect(uncompressedEcSpki(compressed)).toBeUndefined();
    expect(uncompressedEcSpki(Buffer.concat([p256, Buffer.from([0])]))).toBeUndefined();
    expect(uncompressedEcSpki(p256.subarray(0, p256.length - 1))).toBeUndefined();
    const ed = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' });
    expect(uncompressedEcSpki(ed)).toBeUndefined();
    const secp256k1 = spki('secp256k1');
    expect(uncompressedEcSpki(secp256k1)).toBeUndefined();
  });
});
