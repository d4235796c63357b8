import { describe, expect, it } from 'vitest';
import { checkCsrf } from './csrf';

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
    expect(checkCsrf({ method, expectedOrigin: origin, origin: o, secFetchSite: site }).ok).toBe(ok);
  });
});
