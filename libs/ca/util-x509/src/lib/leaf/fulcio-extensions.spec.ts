import { describe, expect, it } from 'vitest';
import {
  FULCIO_OID,
  encodeFulcioExtensionValue,
  encodeFulcioExtensions,
  fulcioIssuerExtensions,
} from './fulcio-extensions.js';
import { must } from '../../testdata/hierarchy.js';

const code = (c: string): unknown => expect.objectContaining({ name: 'X509Error', code: c });
const issuer = fulcioIssuerExtensions('https://token.actions.githubusercontent.com');

describe('fulcioIssuerExtensions', () => {
  it('emits the raw .1 and the UTF8String .8 issuer', () => {
    expect(issuer).toEqual([
      { oid: '1.3.6.1.4.1.57264.1.1', value: 'https://token.actions.githubusercontent.com' },
      { oid: '1.3.6.1.4.1.57264.1.8', value: 'https://token.actions.githubusercontent.com' },
    ]);
  });

  it('refuses an empty issuer', () => {
    expect(() => fulcioIssuerExtensions('')).toThrow(code('INVALID_PROFILE'));
  });
});

describe('encodeFulcioExtensionValue', () => {
  it.each([
    [FULCIO_OID.issuer, 'abc', '616263'],
    [FULCIO_OID.githubWorkflowRef, 'refs/x', '726566732f78'],
    [FULCIO_OID.issuerV2, 'abc', '0c03616263'],
    [FULCIO_OID.sourceRepositoryVisibilityAtSigning, 'public', '0c067075626c6963'],
    [FULCIO_OID.subject, 'é', '0c02c3a9'],
    ['1.3.6.1.4.1.57264.1.99', 'future', '0c06667574757265'],
  ])('encodes %s = %j as %s', (oid, value, hex) => {
    expect(encodeFulcioExtensionValue(oid, value).toString('hex')).toBe(hex);
  });

  it.each([
    ['the otherName type-id', FULCIO_OID.otherName],
    ['an OID outside the arc', '1.3.6.1.4.1.57264.2.1'],
    ['the arc itself', '1.3.6.1.4.1.57264.1'],
    ['a leading zero', '1.3.6.1.4.1.57264.1.08'],
  ])('refuses %s', (_name, oid) => {
    expect(() => encodeFulcioExtensionValue(oid, 'x')).toThrow(code('INVALID_PROFILE'));
  });

  it('refuses lone surrogates', () => {
    expect(() => encodeFulcioExtensionValue(FULCIO_OID.subject, '\ud800')).toThrow(
      code('INVALID_PROFILE'),
    );
  });
});

describe('encodeFulcioExtensions', () => {
  const oidsOf = (exts: Buffer[]): string[] => exts.map((e) => e.subarray(4, 14).toString('hex'));

  it('sorts by OID arc numerically, not as strings', () => {
    const exts = encodeFulcioExtensions([
      { oid: FULCIO_OID.subject, value: 's' },
      { oid: FULCIO_OID.buildSignerUri, value: 'u' },
      ...issuer,
      { oid: FULCIO_OID.githubWorkflowSha, value: 'sha' },
    ]);
    expect(oidsOf(exts)).toEqual([
      '2b0601040183bf300101',
      '2b0601040183bf300103',
      '2b0601040183bf300108',
      '2b0601040183bf300109',
      '2b0601040183bf300118',
    ]);
  });

  it('skips empty values, as Fulcio renders only claims that are set', () => {
    expect(
      encodeFulcioExtensions([...issuer, { oid: FULCIO_OID.deploymentEnvironment, value: '' }]),
    ).toHaveLength(2);
  });

  it('emits non-critical extensions', () => {
    const [first] = encodeFulcioExtensions(issuer);
    // SEQUENCE { OID, OCTET STRING } — no BOOLEAN.
    expect(must(first).subarray(14, 15).toString('hex')).toBe('04');
  });

  it('refuses a repeated OID', () => {
    expect(() =>
      encodeFulcioExtensions([...issuer, { oid: FULCIO_OID.issuer, value: 'again' }]),
    ).toThrow(code('INVALID_PROFILE'));
  });

  it('requires both issuer extensions', () => {
    expect(() => encodeFulcioExtensions([must(issuer[0])])).toThrow(code('INVALID_PROFILE'));
    expect(() =>
      encodeFulcioExtensions([{ ...must(issuer[0]), value: '' }, must(issuer[1])]),
    ).toThrow(code('INVALID_PROFILE'));
  });
});
