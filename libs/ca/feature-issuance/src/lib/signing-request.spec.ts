import { describe, expect, it } from 'vitest';
import { parseV1Request, parseV2Request } from './signing-request.js';

describe('the token of a signing request', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer  abc.def.ghi ', 'abc.def.ghi'],
    // Upstream's gateway strips a "Bearer " prefix when there is one, so a bare token works too.
    ['abc.def.ghi', 'abc.def.ghi'],
    ['Basic dXNlcjpwYXNz', undefined],
    ['', undefined],
  ])('reads %j from the Authorization header as %j', (header, token) => {
    expect(parseV1Request({}, header).token).toBe(token);
    expect(parseV2Request({}, header).token).toBe(token);
  });

  it('prefers the body’s token to the header’s on the v2 API', () => {
    const body = { credentials: { oidcIdentityToken: 'from.the.body' } };
    expect(parseV2Request(body, 'Bearer from.the.header').token).toBe('from.the.body');
    expect(parseV2Request({}, 'Bearer from.the.header').token).toBe('from.the.header');
  });
});

describe('the key of a v2 signing request', () => {
  it('refuses both members of the key oneof, as protojson does, naming the second', () => {
    const both = {
      publicKeyRequest: { publicKey: { content: 'x' } },
      certificateSigningRequest: '',
    };
    expect(() => parseV2Request(both)).toThrow(
      'proto: error parsing "certificateSigningRequest", oneof dev.sigstore.fulcio.v2.CreateSigningCertificateRequest.key is already set',
    );
    expect(() =>
      parseV2Request({ certificate_signing_request: 'AAAA', public_key_request: {} }),
    ).toThrow(/error parsing "public_key_request"/);
  });

  it('takes a null member as absent', () => {
    expect(
      parseV2Request({ publicKeyRequest: null, certificateSigningRequest: 'AAAA' }).csr,
    ).toEqual(Buffer.from('AAAA', 'base64'));
  });
});
