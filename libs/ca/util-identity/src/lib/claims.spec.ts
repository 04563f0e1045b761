import { describe, expect, it } from 'vitest';
import { emailVerified, goString, isEmail } from './claims.js';
import { evaluateJsonPath, parseJsonPath } from './jsonpath.js';

describe('goString (claims as fulcio flattens them for CI templates)', () => {
  // Top-level cases from sigstore/fulcio ciprovider principal_test.go TestGetTokenClaims.
  it.each([
    ['a string unchanged', 'bar', 'bar'],
    ['an empty string unchanged', '', ''],
    ['a bool', true, 'true'],
    ['an integer', 1, '1'],
    ['a whole float as an integer', 1.0, '1'],
    ['a fraction without rounding', 1.4, '1.4'],
    ['a large whole number in decimal form', 1_000_000, '1000000'],
    ['a timestamp in decimal form', 1_753_000_000, '1753000000'],
    ['a huge whole number without an exponent', 1e21, '1000000000000000000000'],
    ['a tiny fraction without an exponent', 1e-7, '0.0000001'],
    ['null as Go prints nil', null, '<nil>'],
    ['an array as Go prints a slice', ['a', 1, true], '[a 1 true]'],
    ['an object as Go prints a map, keys sorted', { b: 1, a: 'x' }, 'map[a:x b:1]'],
    ['a nested huge float with an exponent', [1e21], '[1e+21]'],
  ])('prints %s', (_name, value, expected) => {
    expect(goString(value)).toBe(expected);
  });
});

describe('emailVerified', () => {
  it.each([
    [true, true],
    ['true', true],
    ['True', true],
    [false, false],
    ['false', false],
    ['False', false],
    [undefined, false],
    ['yes', undefined],
    [1, undefined],
  ])('reads %j as %j', (value, expected) => {
    expect(emailVerified(value === undefined ? {} : { email_verified: value })).toBe(expected);
  });
});

describe('isEmail', () => {
  it.each(['alice@corp.example', 'a.b+tag@sub.corp.example', "o'neil@x.io"])('accepts %s', (e) => {
    expect(isEmail(e)).toBe(true);
  });
  it.each([
    'alice',
    'alice@localhost',
    '@corp.example',
    'a@@corp.example',
    'a b@corp.example',
    'a@-corp.example',
    'ü@corp.example',
    '.a@corp.example',
  ])('rejects %s', (e) => {
    expect(isEmail(e)).toBe(false);
  });
});

describe('issuer-claim JSONPath subset', () => {
  const claims = {
    federated_claims: { connector_id: 'https://github.com/login/oauth', 'odd.key': 7 },
  };
  it.each([
    ['$.federated_claims.connector_id', 'https://github.com/login/oauth'],
    ['$["federated_claims"][\'odd.key\']', 7],
    ['$.federated_claims.missing', undefined],
    ['$.federated_claims.connector_id.deeper', undefined],
  ])('%s evaluates to %j', (path, expected) => {
    expect(evaluateJsonPath(parseJsonPath(path), claims)).toEqual(expected);
  });
  it.each(['federated_claims', '$', '$..a', '$.a[0]', '$.a.*'])('rejects %s', (path) => {
    expect(() => parseJsonPath(path)).toThrow();
  });
});
