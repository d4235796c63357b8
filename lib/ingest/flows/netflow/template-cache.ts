// Exporter state that outlives one datagram (and, when shared, one file): templates, sampling
// rates announced by options records, and the exporter's boot time (IPFIX IE 160).
// RFC 7011 §8 / RFC 3954 §5: template ids are scoped by exporter and observation domain
// (v9: source id), so that is the key; the version is part of it because v9 and IPFIX
// exports from one box are separate transport sessions with their own id spaces.
import type { CompiledTemplate } from './template';

export interface TemplateCacheLimits {
  /** Most templates kept; beyond it the oldest definitions are forgotten. */
  maxTemplates: number;
}

export const DEFAULT_TEMPLATE_CACHE_LIMITS: TemplateCacheLimits = { maxTemplates: 65_536 };

/** Key of one template scope: exporter address (or '' when unknown), version, domain. */
export function domainKey(exporter: string | undefined, version: number, domain: number): string {
  return `${exporter ?? ''}|${version}|${domain}`;
}

export class TemplateCache {
  private readonly templates = new Map<string, CompiledTemplate>();
  private readonly samplers = new Map<string, Map<number, number>>();
  private readonly bootTimes = new Map<string, number>();

  constructor(private readonly limits: TemplateCacheLimits = DEFAULT_TEMPLATE_CACHE_LIMITS) {}

  get size(): number {
    return this.templates.size;
  }

  get(domain: string, id: number): CompiledTemplate | undefined {
    return this.templates.get(`${domain}|${id}`);
  }

  /** Stores a (re)definition, or withdraws it when `template` is null. */
  set(domain: string, id: number, template: CompiledTemplate | null): void {
    const key = `${domain}|${id}`;
    this.templates.delete(key);
    if (template === null) return;
    this.templates.set(key, template);
    if (this.templates.size > this.limits.maxTemplates) {
      const oldest = this.templates.keys().next();
      if (!oldest.done) this.templates.delete(oldest.value);
    }
  }

  /** Records a sampling rate (packets per sampled packet) for one sampler of a domain. */
  setSamplingRate(domain: string, samplerId: number, rate: number): void {
    let byId = this.samplers.get(domain);
    if (byId === undefined) {
      byId = new Map();
      this.samplers.set(domain, byId);
    }
    byId.set(samplerId, rate);
  }

  /**
   * The rate for a data record: its sampler's (samplerId −1 = the record names none, which
   * Cisco and Juniper use with a single sampler announced under id 0 or some other id), or 1.
   */
  samplingRate(domain: string, samplerId: number): number {
    const byId = this.samplers.get(domain);
    if (byId === undefined) return 1;
    const exact = byId.get(Math.max(samplerId, 0));
    if (exact !== undefined) return exact;
    if (byId.size === 1) {
      for (const rate of byId.values()) return rate;
    }
    return 1;
  }

  setBootTime(domain: string, ms: number): void {
    this.bootTimes.set(domain, ms);
  }

  /** systemInitTimeMilliseconds announced for the domain (NaN when unknown). */
  bootTime(domain: string): number {
    return this.bootTimes.get(domain) ?? Number.NaN;
  }
}
