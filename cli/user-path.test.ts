import { describe, expect, it } from 'vitest';
import { userPath } from './user-path';

describe('command-line paths', () => {
  it('are the folder npm was run in when `npm run sightline` started the CLI', () => {
    expect(userPath('logs/auth.log', { npm_lifecycle_event: 'sightline', INIT_CWD: '/home/soc/case-17' }, '/opt/sightline')).toBe(
      '/home/soc/case-17/logs/auth.log',
    );
    expect(userPath('/data/flows.csv', { npm_lifecycle_event: 'sightline', INIT_CWD: '/home/soc' }, '/opt/sightline')).toBe('/data/flows.csv');
  });

  it('are the working directory otherwise (node dist/sightline.mjs, or spawned under another npm script)', () => {
    expect(userPath('x.csv', {}, '/tmp/run')).toBe('/tmp/run/x.csv');
    expect(userPath('x.csv', { npm_lifecycle_event: 'test', INIT_CWD: '/work' }, '/tmp/run')).toBe('/tmp/run/x.csv');
  });
});
