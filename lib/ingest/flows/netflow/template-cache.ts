// Exporter state that outlives one datagram (and, when shared, one file): templates, sampling
// rates announced by options records, and the exporter's boot time (IPFIX IE 160).
// RFC 7011 §8 / RFC 3954 §5: template ids are scoped by exporter and observation domain
// (v9: source id), so that is the key; the version is part of it because v9 and IPFIX
// exports from one box are separate transport sessions with their own id spaces.
import { type CompiledTemplate, templateBytes } from './template';

export interface TemplateCacheLimits {
  /** Most templates kept; beyond it the oldest definitions are forgotten. */
  maxTemplates: number;
  /**
   * Most bytes of compiled templates held for one exporter address (all its versions and
   * domains: a forger can vary the domain id freely). A template that would pass it is refused
   * with a located problem, and the data it describes is then reported as having no template.
   */
  maxBytesPerExporter: number;
  /** Most bytes of compiled templates held in all; the same refusal. */
  maxTotalBytes: number;
}

/**
 * Measured: the largest template set among the vendor fixtures (a Cisco ASA's 16 templates)
 * holds 2.9 KB compiled. 10 000 templates of 16 377 fields each took +1.8 GB before the
 * byte budget (issue 20, finding 6); 4 MiB per exporter and 64 MiB in all keep that bounded.
 */
export const DEFAULT_TEMPLATE_CACHE_LIMITS: TemplateCacheLimits = { maxTemplates: 65_536, maxBytesPerExporter: 4 * 1024 ** 2, maxTotalBytes: 64 * 1024 ** 2 };

/** Key of one template scope: exporter address (or '' when unknown), version, domain. */
export function domainKey(exporter: string | undefined, version: number, domain: number): string {
  return `${exporter ?? ''}|${version}|${domain}`;
}

function exporterOf(domain: string): string {
  return domain.slice(0, domain.indexOf('|'));
}

export class TemplateCache {
  private readonly templates = new Map<string, CompiledTemplate>();
  private readonly bytesByExporter = new Map<string, number>();
  private totalBytes = 0;
  private readonly samplers = new Map<string, Map<number, number>>();
  private readonly bootTimes = new Map<string, number>();

  constructor(private readonly limits: TemplateCacheLimits = DEFAULT_TEMPLATE_CACHE_LIMITS) {}

  get size(): number {
    return this.templates.size;
  }

  get(domain: string, id: number): CompiledTemplate | undefined {
    return this.templates.get(`${domain}|${id}`);
  }

  /**
   * Stores a (re)definition, or withdraws it when `template` is null. Returns the reason when
   * the definition is refused because it would pass a byte budget (the old one is then gone too:
   * the exporter redefined it, so keeping the old one would misread its data).
   */
  set(domain: string, id: number, template: CompiledTemplate | null): string | undefined {
    const key = `${domain}|${id}`;
    this.forget(key);
    if (template === null) return undefined;
    const exporter = exporterOf(domain);
    const bytes = templateBytes(template);
    const held = this.bytesByExporter.get(exporter) ?? 0;
    if (held + bytes > this.limits.maxBytesPerExporter) {
      return `template ${id} refused: the exporter's templates would hold more than ${this.limits.maxBytesPerExporter} bytes (limit maxBytesPerExporter)`;
    }
    if (this.totalBytes + bytes > this.limits.maxTotalBytes) {
      return `template ${id} refused: templates would hold more than ${this.limits.maxTotalBytes} bytes in all (limit maxTotalBytes)`;
    }
    this.templates.set(key, template);
    this.bytesByExporter.set(exporter, held + bytes);
    this.totalBytes += bytes;
    if (this.templates.size > this.limits.maxTemplates) {
      const oldest = this.templates.keys().next();
      if (!oldest.done) this.forget(oldest.value);
    }
    return undefined;
  }

  /** Bytes held by the templates of one exporter address ('' when unknown). */
  bytesHeld(exporter: string): number {
    return this.bytesByExporter.get(exporter) ?? 0;
  }

  private forget(key: string): void {
    const old = this.templates.get(key);
    if (old === undefined) return;
    this.templates.delete(key);
    const exporter = exporterOf(key);
    const bytes = templateBytes(old);
    const left = (this.bytesByExporter.get(exporter) ?? 0) - bytes;
    if (left > 0) this.bytesByExporter.set(exporter, left);
    else this.bytesByExporter.delete(exporter);
    this.totalBytes -= bytes;
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
