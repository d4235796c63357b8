import { describe, expect, it } from 'vitest';
import { checkCsrf, expectedOrigins } from './csrf';

const origin = 'http://127.0.0.1:3000';

describe('CSRF origin check', () => {
  it.each([
    ['GET', null, null, true],
    ['POST', origin, 'same-origin', true],
    ['POST', origin, null, true],
    ['POST', null, 'same-origin', true],
    ['DELETE', 'https://evil.example', 'cross-site', false],
    ['POST', 'https://evil.example', null, false],
    ['POST', null, 'same-site', false],
    ['PATCH', 'null', null, false],
    ['POST', null, null, false],
  ])('%s Origin=%s Sec-Fetch-Site=%s → ok=%s', (method, o, site, ok) => {
    expect(checkCsrf({ method, expectedOrigins: [origin, 'http://localhost:3000'], origin: o, secFetchSite: site }).ok).toBe(ok);
  });
});

// Issue 20, finding 12: the expected origin came from the request's own Host / X-Forwarded-Host.
describe('expected origins come from configuration', () => {
  it.each([
    ['nothing set: where npm start listens', {}, ['http://127.0.0.1:3000', 'http://localhost:3000']],
    ['the test runner port', { PORT: '3217' }, ['http://127.0.0.1:3217', 'http://localhost:3217']],
    ['a named listener', { HOST: 'sightline.lan', PORT: '8080' }, ['http://sightline.lan:8080']],
    ['behind a proxy', { SIGHTLINE_ORIGIN: 'https://sightline.example.org/', PORT: '3000' }, ['https://sightline.example.org']],
    ['several names', { SIGHTLINE_ORIGIN: 'https://a.example, https://b.example:8443' }, ['https://a.example', 'https://b.example:8443']],
  ])('%s', (_name, env, want) => {
    expect(expectedOrigins(env)).toEqual(want);
  });

  it('a forged Host cannot make a foreign origin the expected one', () => {
    const verdict = checkCsrf({ method: 'POST', expectedOrigins: expectedOrigins({ PORT: '3000' }), origin: 'https://evil.example', secFetchSite: null });
    expect(verdict.ok).toBe(false);
  });
});
