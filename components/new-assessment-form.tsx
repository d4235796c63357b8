'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';

type Kind = 'logs' | 'flows' | 'inventory';
interface Picked {
  kind: Kind;
  file: File;
  sent: number;
  state: 'waiting' | 'uploading' | 'done' | 'failed';
  error?: string;
}

const MAX_BYTES = 10 * 1024 ** 3;
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
const FIELDS: { kind: Kind; label: string; hint: string; multiple: boolean }[] = [
  { kind: 'logs', label: 'Log bundle', hint: 'auth.log, syslog, audit.log — plain, .gz, .tar.gz or .zip', multiple: true },
  {
    kind: 'flows',
    label: 'Flow export',
    hint: 'nfdump CSV or nfcapd files, NetFlow/IPFIX pcap or IPFIX files, Suricata eve.json, Zeek conn.log and dns.log, VPC flow logs',
    multiple: true,
  },
  { kind: 'inventory', label: 'Inventory (optional)', hint: 'CSV hostname,ip[,role]', multiple: false },
];

function upload(assessmentId: string, p: Picked, onProgress: (sent: number) => void, track: (xhr: XMLHttpRequest) => void): Promise<void> {
  // XMLHttpRequest, not fetch: it reports upload progress. The body is the raw file.
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    track(xhr);
    xhr.onabort = () => reject(new Error('cancelled'));
    xhr.open('POST', `/api/assessments/${assessmentId}/uploads?kind=${p.kind}&name=${encodeURIComponent(p.file.name)}`);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      if (xhr.status < 300) resolve();
      else {
        let message = `upload failed (${xhr.status})`;
        try {
          message = JSON.parse(xhr.responseText).message ?? message;
        } catch {}
        reject(new Error(message));
      }
    };
    xhr.onerror = () => reject(new Error('network error while uploading'));
    xhr.send(p.file);
  });
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

export function NewAssessmentForm() {
  const router = useRouter();
  const [name, setName] = useState('');
  const [timeZone, setTimeZone] = useState('UTC');
  const [files, setFiles] = useState<Picked[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [over, setOver] = useState<Kind | null>(null);
  const inputs = useRef<Record<Kind, HTMLInputElement | null>>({ logs: null, flows: null, inventory: null });
  const current = useRef<{ xhr?: XMLHttpRequest; assessmentId?: string; cancelled: boolean }>({ cancelled: false });

  const cancel = async () => {
    current.current.cancelled = true;
    current.current.xhr?.abort();
    const id = current.current.assessmentId;
    // Nothing half-made stays behind: the assessment and what was uploaded so far go.
    if (id) await fetch(`/api/assessments/${id}`, { method: 'DELETE' }).catch(() => {});
    current.current = { cancelled: false };
    setFiles((prev) => prev.map((f) => ({ ...f, state: 'waiting', sent: 0, error: undefined })));
    setBusy(false);
    setError('Cancelled: nothing was kept.');
  };

  const add = (kind: Kind, list: FileList | null) => {
    if (!list) return;
    const picked: Picked[] = [];
    const problems: string[] = [];
    for (const file of Array.from(list)) {
      if (file.size === 0) problems.push(`${file.name} is empty.`);
      else if (file.size > MAX_BYTES) problems.push(`${file.name} is ${formatBytes(file.size)}, above the ${formatBytes(MAX_BYTES)} limit.`);
      else picked.push({ kind, file, sent: 0, state: 'waiting' });
    }
    setError(problems.length ? problems.join(' ') : null);
    setFiles((prev) => (kind === 'inventory' ? [...prev.filter((f) => f.kind !== 'inventory'), ...picked.slice(0, 1)] : [...prev, ...picked]));
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!files.some((f) => f.kind !== 'inventory')) {
      setError('Add a log bundle or a flow export (or both).');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await fetch('/api/assessments', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: name.trim() || `Assessment ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`, timeZone }),
      });
      const body = await res.json();
      if (!res.ok) throw new Error(body.message);
      current.current = { assessmentId: body.id, cancelled: false };
      for (let i = 0; i < files.length; i++) {
        if (current.current.cancelled) return;
        const p = files[i] as Picked;
        const set = (patch: Partial<Picked>) => setFiles((prev) => prev.map((f, j) => (j === i ? { ...f, ...patch } : f)));
        set({ state: 'uploading' });
        try {
          await upload(
            body.id,
            p,
            (sent) => set({ sent }),
            (xhr) => {
              current.current.xhr = xhr;
            },
          );
          set({ state: 'done', sent: p.file.size });
        } catch (err) {
          if (current.current.cancelled) return;
          set({ state: 'failed', error: (err as Error).message });
          throw err;
        }
      }
      const started = await fetch(`/api/assessments/${body.id}/start`, { method: 'POST' });
      if (!started.ok) throw new Error((await started.json()).message);
      router.push(`/assessments/${body.id}`);
    } catch (err) {
      if (current.current.cancelled) return;
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="mt-3 space-y-4" aria-label="New assessment">
      <label className="block text-sm">
        <span className="font-medium">Name</span>
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={200}
          placeholder="e.g. DMZ review March"
          className="mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-800"
        />
      </label>
      <label className="block text-sm">
        <span className="font-medium">Time zone of zone-less timestamps</span>
        <select
          value={timeZone}
          onChange={(e) => setTimeZone(e.target.value)}
          className="mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-800"
        >
          {ZONES.map((z) => (
            <option key={z}>{z}</option>
          ))}
        </select>
        <span className="mt-1 block text-xs text-slate-500">Used for syslog (RFC 3164) and nfdump times, which carry no zone.</span>
      </label>
      {FIELDS.map((f) => (
        <fieldset
          key={f.kind}
          aria-label={`Drop ${f.kind} files here`}
          onDragOver={(e) => {
            e.preventDefault();
            setOver(f.kind);
          }}
          onDragLeave={() => setOver(null)}
          onDrop={(e) => {
            e.preventDefault();
            setOver(null);
            add(f.kind, e.dataTransfer.files);
          }}
          className={`rounded-md border-2 border-dashed p-3 text-sm transition-colors ${over === f.kind ? 'border-sky-500 bg-sky-50 dark:bg-sky-950' : 'border-slate-300 dark:border-slate-700'}`}
        >
          <label className="block">
            <span className="font-medium">{f.label}</span>
            <span className="block text-xs text-slate-500">{f.hint}. Drop files here or choose.</span>
            <input
              ref={(el) => {
                inputs.current[f.kind] = el;
              }}
              type="file"
              multiple={f.multiple}
              aria-label={f.label}
              className="mt-2 block w-full text-xs file:mr-3 file:rounded file:border-0 file:bg-slate-200 file:px-2 file:py-1 dark:file:bg-slate-700"
              onChange={(e) => {
                add(f.kind, e.target.files);
                e.target.value = '';
              }}
            />
          </label>
          <ul className="mt-2 space-y-1">
            {files.map(
              (p, i) =>
                p.kind === f.kind && (
                  // biome-ignore lint/suspicious/noArrayIndexKey: two picked files may share a name; the index tells them apart
                  <li key={`${p.file.name}-${i}`} className="text-xs">
                    <div className="flex justify-between gap-2">
                      <span className="truncate" title={p.file.name}>
                        {p.file.name}
                      </span>
                      <span className="shrink-0 tabular-nums text-slate-500">{formatBytes(p.file.size)}</span>
                      {!busy && (
                        <button
                          type="button"
                          className="text-red-700 hover:underline"
                          aria-label={`Remove ${p.file.name}`}
                          onClick={() => setFiles((prev) => prev.filter((_, j) => j !== i))}
                        >
                          remove
                        </button>
                      )}
                    </div>
                    {p.state !== 'waiting' && <progress className="h-1.5 w-full" max={p.file.size} value={p.sent} aria-label={`Upload of ${p.file.name}`} />}
                    {p.error && <p className="text-red-700 dark:text-red-400">{p.error}</p>}
                  </li>
                ),
            )}
          </ul>
        </fieldset>
      ))}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <div className="flex gap-2">
        <button type="submit" className="btn btn-primary flex-1 justify-center" disabled={busy}>
          {busy ? 'Uploading…' : 'Upload and analyze'}
        </button>
        {busy && (
          <button type="button" className="btn btn-secondary" onClick={() => void cancel()}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
