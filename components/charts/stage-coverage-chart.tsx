'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StageCoverage } from '@/lib/queries/get-stage-coverage';
import { STAGE_LABELS, UNOBSERVABLE_STAGES } from '@/lib/stages';

const SERIES = [
  { key: 'netDetected', label: 'Network only — detected', color: 'var(--color-net)' },
  { key: 'netEvidence', label: 'Network only — evidence', color: 'var(--color-net-soft)' },
  { key: 'bothDetected', label: 'Both — detected by both', color: 'var(--color-both)' },
  { key: 'bothPartial', label: 'Both — one detected, other evidence', color: 'var(--color-both-soft)' },
  { key: 'logsEvidence', label: 'Logs only — evidence', color: 'var(--color-logs-soft)' },
  { key: 'logsDetected', label: 'Logs only — detected', color: 'var(--color-logs)' },
] as const;

/** Seven-stage stacked bars: network-only / both / logs-only, detected vs evidence-only. */
export function StageCoverageChart({ data }: { data: StageCoverage[] }) {
  const rows = data.map((s) => ({
    stage: STAGE_LABELS[s.stage].replace('Actions on Objectives', 'Actions on Obj.').replace('Command & Control', 'C2'),
    unobservable: UNOBSERVABLE_STAGES.has(s.stage),
    netDetected: s.networkOnlyDetected,
    netEvidence: s.networkOnly - s.networkOnlyDetected,
    bothDetected: s.bothDetected,
    bothPartial: s.both - s.bothDetected,
    logsEvidence: s.logsOnly - s.logsOnlyDetected,
    logsDetected: s.logsOnlyDetected,
  }));
  return (
    <figure className="space-y-2">
      <div className="h-72 w-full" data-testid="stage-coverage-chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 24, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="currentColor" strokeOpacity={0.15} />
            <XAxis
              dataKey="stage"
              tick={{ fontSize: 12, fill: 'currentColor' }}
              interval={0}
              label={{ value: 'Kill-chain stage', position: 'insideBottom', offset: -16, fontSize: 12, fill: 'currentColor' }}
            />
            <YAxis
              allowDecimals={false}
              tick={{ fontSize: 12, fill: 'currentColor' }}
              label={{ value: 'Activities', angle: -90, position: 'insideLeft', fontSize: 12, fill: 'currentColor' }}
            />
            <Tooltip contentStyle={{ fontSize: 12 }} cursor={{ fillOpacity: 0.08 }} />
            <Legend verticalAlign="top" height={48} wrapperStyle={{ fontSize: 12 }} />
            {SERIES.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} stackId="v" fill={s.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="text-xs text-slate-500">Weaponization happens in the attacker’s own environment: neither source can observe it.</figcaption>
      <table className="sr-only">
        <caption>Activities per kill-chain stage and source</caption>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col">Network only</th>
            <th scope="col">Both</th>
            <th scope="col">Logs only</th>
          </tr>
        </thead>
        <tbody>
          {data.map((s) => (
            <tr key={s.stage}>
              <th scope="row">{STAGE_LABELS[s.stage]}</th>
              <td>{UNOBSERVABLE_STAGES.has(s.stage) ? 'not observable' : s.networkOnly}</td>
              <td>{UNOBSERVABLE_STAGES.has(s.stage) ? 'not observable' : s.both}</td>
              <td>{UNOBSERVABLE_STAGES.has(s.stage) ? 'not observable' : s.logsOnly}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
