import { describe, expect, it } from 'vitest';
import { silentHostSentence } from './silent-hosts';

describe('silentHostSentence', () => {
  it('names the activities, the first of the chain and the flows', () => {
    expect(silentHostSentence({ ip: '10.40.0.5', host: null, activities: 5, flows: 3576, firstOfChain: true })).toBe(
      '10.40.0.5 takes part in 5 activities, among them the first of the chain, and sends no logs (3,576 flows; no host is mapped to it).',
    );
  });

  it('says nothing of the chain when none of its activities opens it, and names a mapped host', () => {
    expect(silentHostSentence({ ip: '10.0.0.9', host: 'nolog01', activities: 1, flows: 1, firstOfChain: false })).toBe(
      '10.0.0.9 (nolog01) takes part in 1 activity and sends no logs (1 flow).',
    );
    expect(silentHostSentence({ ip: '10.0.0.9', host: null, activities: 1, flows: 2, firstOfChain: true })).toBe(
      '10.0.0.9 takes part in 1 activity, the first of the chain, and sends no logs (2 flows; no host is mapped to it).',
    );
  });

  it('says a host without activities only sends no logs', () => {
    expect(silentHostSentence({ ip: '10.0.0.7', host: null, activities: 0, flows: 12, firstOfChain: false })).toBe(
      '10.0.0.7 sends no logs; it sent or answered traffic in 12 flows and takes part in no activity (no host is mapped to it).',
    );
  });
});
