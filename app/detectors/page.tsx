import type { Metadata } from 'next';
import { requireSession } from '@/app/_lib/auth';
import { detectors } from '@/lib/detect/registry';
import { STAGE_LABELS } from '@/lib/stages';

export const metadata: Metadata = { title: 'Detectors' };

export default async function DetectorsPage() {
  await requireSession();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Detectors</h1>
      <p className="max-w-3xl text-sm text-slate-600 dark:text-slate-400">
        Each detector looks at one source for one kill-chain stage. Defaults come from public tools (cited); every threshold can be changed per assessment and
        re-run without re-uploading.
      </p>
      <div className="card overflow-x-auto p-0">
        <table className="w-full text-sm">
          <caption className="sr-only">Detectors</caption>
          <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800">
            <tr>
              <th scope="col" className="px-4 py-2">
                Detector
              </th>
              <th scope="col" className="px-4 py-2">
                Source
              </th>
              <th scope="col" className="px-4 py-2">
                Stage
              </th>
              <th scope="col" className="px-4 py-2">
                ATT&amp;CK
              </th>
              <th scope="col" className="px-4 py-2">
                Thresholds (default — source)
              </th>
            </tr>
          </thead>
          <tbody>
            {detectors.map((d) => (
              <tr key={d.id} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
                <td className="px-4 py-2">
                  <div className="font-medium">{d.title}</div>
                  <div className="text-xs text-slate-500">{d.description}</div>
                </td>
                <td className="px-4 py-2">{d.source}</td>
                <td className="px-4 py-2 whitespace-nowrap">{STAGE_LABELS[d.stage]}</td>
                <td className="px-4 py-2 font-mono text-xs">{d.techniques.join(', ')}</td>
                <td className="px-4 py-2">
                  <ul className="space-y-0.5 text-xs">
                    {Object.entries(d.thresholds).map(([k, t]) => (
                      <li key={k}>
                        <span className="font-medium">{t.label}</span>: {t.default}
                        {t.unit ?? ''} <span className="text-slate-500">— {t.anchor}</span>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
