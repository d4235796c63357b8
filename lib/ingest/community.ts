// Community ID of a flow's 5-tuple, so flows join with Zeek/Suricata/Elastic records by string.
import type { FlowRecord } from './types';

type CommunityFn = (f: FlowRecord) => string | undefined;
let impl: CommunityFn = () => undefined;

export function setCommunityIdImpl(fn: CommunityFn): void {
  impl = fn;
}

export function communityIdFor(f: FlowRecord): string | undefined {
  return impl(f);
}
