'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { STAGE_LABELS, STAGES } from '@/lib/stages';

const SOURCE_LABELS: Record<string, string> = { 'network-only': 'Network only', 'logs-only': 'Logs only', both: 'Both', unknown: 'Unknown' };
const ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'Asia/Tokyo',
  'Asia/Singapore',
  'Australia/Sydney',
];

export interface FilterOptions {
  hosts: string[];
  techniques: string[];
  /** The data's time range (ISO), for presets. */
  dataStart: string | null;
  dataEnd: string | null;
}

function toLocalInput(iso: string | null): string {
  return iso ? iso.slice(0, 16) : '';
}

/** Filters as removable chips, reflected in the URL (bookmarkable, survive a reload). */
export function FilterBar({ options }: { options: FilterOptions }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [subnet, setSubnet] = useState(params.get('subnet') ?? '');
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    next.delete('page');
    router.push(`${pathname}?${next.toString()}`, { scroll: false });
  };
  const preset = (hours: number | null) => {
    if (hours === null || !options.dataEnd) return set({ from: null, to: null });
    const end = new Date(options.dataEnd);
    set({ from: new Date(end.getTime() - hours * 3600_000).toISOString(), to: end.toISOString() });
  };
  const chips: { key: string; label: string }[] = [];
  const from = params.get('from');
  const to = params.get('to');
  if (from) chips.push({ key: 'from', label: `from ${from.slice(0, 16).replace('T', ' ')} UTC` });
  if (to) chips.push({ key: 'to', label: `to ${to.slice(0, 16).replace('T', ' ')} UTC` });
  for (const k of ['host', 'subnet', 'technique'] as const) {
    const v = params.get(k);
    if (v) chips.push({ key: k, label: `${k}: ${v}` });
  }
  const stage = params.get('stage');
  if (stage && stage in STAGE_LABELS) chips.push({ key: 'stage', label: `stage: ${STAGE_LABELS[stage as keyof typeof STAGE_LABELS]}` });
  const source = params.get('source');
  if (source) chips.push({ key: 'source', label: `seen by: ${SOURCE_LABELS[source] ?? source}` });
  const select = 'rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-800';

  return (
    <section aria-label="Filters" className="card no-print space-y-3">
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <fieldset className="flex items-center gap-1">
          <legend className="sr-only">Time range presets</legend>
          {[
            ['All', null],
            ['Last 24 h of data', 24],
            ['Last 6 h of data', 6],
            ['Last 1 h of data', 1],
          ].map(([label, h]) => (
            <button key={String(label)} type="button" className="btn btn-secondary px-2 py-1 text-xs" onClick={() => preset(h as number | null)}>
              {label}
            </button>
          ))}
        </fieldset>
        <div className="flex flex-col text-xs">
          <label htmlFor="f-from">From (UTC)</label>
          <input
            id="f-from"
            type="datetime-local"
            className={select}
            defaultValue={toLocalInput(from)}
            key={`f-${from}`}
            onChange={(e) => set({ from: e.target.value ? `${e.target.value}:00Z` : null })}
          />
        </div>
        <div className="flex flex-col text-xs">
          <label htmlFor="f-to">To (UTC)</label>
          <input
            id="f-to"
            type="datetime-local"
            className={select}
            defaultValue={toLocalInput(to)}
            key={`t-${to}`}
            onChange={(e) => set({ to: e.target.value ? `${e.target.value}:59Z` : null })}
          />
        </div>
        <div className="flex flex-col text-xs">
          <label htmlFor="f-host">Host</label>
          <select id="f-host" className={select} value={params.get('host') ?? ''} onChange={(e) => set({ host: e.target.value })}>
            <option value="">any</option>
            {options.hosts.map((h) => (
              <option key={h}>{h}</option>
            ))}
          </select>
        </div>
        <form
          className="flex flex-col text-xs"
          onSubmit={(e) => {
            e.preventDefault();
            set({ subnet: subnet.trim() });
          }}
        >
          <label htmlFor="subnet-filter">Subnet</label>
          <input
            id="subnet-filter"
            className={`${select} w-36`}
            placeholder="10.20.1.0/24"
            value={subnet}
            onChange={(e) => setSubnet(e.target.value)}
            onBlur={() => set({ subnet: subnet.trim() })}
          />
        </form>
        <div className="flex flex-col text-xs">
          <label htmlFor="f-stage">Stage</label>
          <select id="f-stage" className={select} value={stage ?? ''} onChange={(e) => set({ stage: e.target.value })}>
            <option value="">any</option>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {STAGE_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col text-xs">
          <label htmlFor="f-source">Seen by</label>
          <select id="f-source" className={select} value={source ?? ''} onChange={(e) => set({ source: e.target.value })}>
            <option value="">any</option>
            {Object.entries(SOURCE_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col text-xs">
          <label htmlFor="f-technique">Technique</label>
          <select id="f-technique" className={select} value={params.get('technique') ?? ''} onChange={(e) => set({ technique: e.target.value })}>
            <option value="">any</option>
            {options.techniques.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </div>
        <div className="ml-auto flex flex-col text-xs">
          <label htmlFor="f-tz">Time zone</label>
          <select
            id="f-tz"
            className={select}
            value={params.get('tz') ?? 'UTC'}
            onChange={(e) => set({ tz: e.target.value === 'UTC' ? null : e.target.value })}
          >
            {ZONES.map((z) => (
              <option key={z}>{z}</option>
            ))}
          </select>
        </div>
      </div>
      {chips.length > 0 && (
        <ul className="flex flex-wrap gap-2" aria-label="Active filters">
          {chips.map((c) => (
            <li key={c.key}>
              <button
                type="button"
                onClick={() => set({ [c.key]: null })}
                aria-label={`Remove filter ${c.label}`}
                className="inline-flex items-center gap-1 rounded-full bg-sky-100 px-2.5 py-0.5 text-xs text-sky-900 hover:bg-sky-200 dark:bg-sky-900/50 dark:text-sky-100"
              >
                {c.label} <span aria-hidden>×</span>
              </button>
            </li>
          ))}
          <li>
            <button
              type="button"
              className="text-xs text-slate-600 underline dark:text-slate-400"
              onClick={() => set({ from: null, to: null, host: null, subnet: null, stage: null, source: null, technique: null })}
            >
              Clear all
            </button>
          </li>
        </ul>
      )}
    </section>
  );
}
