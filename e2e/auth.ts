import path from 'node:path';

/** The account the global setup creates on the fresh server; all specs run signed in as it. */
export const E2E_USER = { username: 'soc-lead', password: 'e2e correct horse battery staple' };
export const storageStatePath = path.join(import.meta.dirname, '..', 'test-results', 'e2e-auth.json');
