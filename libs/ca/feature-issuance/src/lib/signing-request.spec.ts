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
