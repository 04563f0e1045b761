import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  clientGuide,
  clientVariables,
  printableUrl,
  shellExports,
  shellQuote,
} from './client-setup.js';

const endpoints = {
  tuf: 'http://localhost:8080',
  rootFile: "/home/o'brien/my data/root.json",
  tufCache: '/tmp/tuf',
  fulcio: 'http://localhost:5555',
  rekor: 'http://localhost:3000',
  issuer: 'http://localhost:5556',
  devIssuer: true,
};

describe('shell exports', () => {
  it('quotes only what needs quoting, and a POSIX shell reads the values back exactly', () => {
    expect(shellQuote('http://localhost:8080')).toBe('http://localhost:8080');
    expect(shellQuote('a b')).toBe("'a b'");
    const script = [...shellExports(endpoints), 'printf "%s\\n" "$SIGSTEAD_ROOT" "$TUF_ROOT"'];
    const out = execFileSync('sh', ['-c', script.join('\n')], { encoding: 'utf8' });
    expect(out).toBe(`${endpoints.rootFile}\n/tmp/tuf\n`);
  });

  it('leaves out services the instance does not run', () => {
    const names = clientVariables({ tuf: 'http://t', rootFile: '/r', tufCache: '/c' }).map(
      ([n]) => n,
    );
    expect(names).toEqual(['SIGSTEAD_TUF_URL', 'SIGSTEAD_ROOT', 'TUF_ROOT']);
  });
});

describe('client guide', () => {
  it('covers every client, bootstrapping from the TUF root', () => {
    const guide = clientGuide(endpoints, 'ci@corp.example').join('\n');
    expect(guide).toContain(
      'cosign initialize --mirror "$SIGSTEAD_TUF_URL" --root "$SIGSTEAD_ROOT"',
    );
    expect(guide).toContain('sigstore --instance "$SIGSTEAD_TUF_URL" trust-instance');
    expect(guide).toContain('--certificate-identity ci@corp.example');
    expect(guide).toContain('npx sigstead token --email ci@corp.example');
    expect(guide).toContain('certificateIdentityEmail: "^ci@corp\\\\.example$"');
    expect(guide).not.toMatch(/insecure/);
  });

  it('does not offer the development issuer when the instance has none', () => {
    const guide = clientGuide({ ...endpoints, devIssuer: false }).join('\n');
    expect(guide).not.toContain('sigstead token');
    expect(guide).toContain('your identity provider');
  });
});

describe('what reaches a shell', () => {
  it('refuses service URLs that are not plain http(s)', () => {
    expect(printableUrl('https://fulcio.corp.example/', 'caUrls')).toBe(
      'https://fulcio.corp.example',
    );
    for (const bad of [
      'http://evil\necho PWNED',
      'ftp://x',
      'http://user:pw@host',
      "http://host/'$(id)'",
      'not a url',
    ]) {
      expect(() => printableUrl(bad, 'caUrls')).toThrow(/caUrls/);
    }
  });

  it('keeps every guide line one line, and quotes identities', () => {
    const guide = clientGuide(
      { ...endpoints, rootFile: "/tmp/a'b\nc/root.json" },
      "o'brien+ci@example.com",
    );
    expect(guide.every((l) => !/[\n\r]/.test(l))).toBe(true);
    expect(guide.join('\n')).toContain(`--certificate-identity 'o'\\''brien+ci@example.com'`);
    // A JavaScript string literal that evaluates to the anchored, escaped address.
    const line = guide.find((l) => l.includes('certificateIdentityEmail:'))!;
    const literal = line.match(/certificateIdentityEmail: ("(?:[^"\\]|\\.)*")/)![1]!;
    const pattern = new RegExp(JSON.parse(literal) as string);
    expect(pattern.test("o'brien+ci@example.com")).toBe(true);
    expect(pattern.test("xo'brien+ci@example.com")).toBe(false);
  });

  it('exports the development issuer for `sigstead token` only when there is one', () => {
    expect(clientVariables(endpoints).map(([n]) => n)).toContain('SIGSTEAD_DEV_ISSUER');
    expect(clientVariables({ ...endpoints, devIssuer: false }).map(([n]) => n)).not.toContain(
      'SIGSTEAD_DEV_ISSUER',
    );
  });
});
