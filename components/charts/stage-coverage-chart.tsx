'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { CLASS_COLORS, type ClassCounts, COVERAGE_CLASS_LABELS, COVERAGE_CLASSES } from '@/lib/report/coverage-class';
import { STAGE_LABELS, type Stage, UNOBSERVABLE_STAGES } from '@/lib/stages';

const SHORT: Partial<Record<Stage, string>> = {
  recon: 'Recon',
  weaponization: 'Weapon.',
  exploitation: 'Exploit.',
  installation: 'Install.',
  c2: 'C2',
  actions: 'Actions',
};

/** Seven-stage stacked bars, one series per headline class, named exactly as the tiles. */
export function StageCoverageChart({ data }: { data: { stage: Stage; counts: ClassCounts }[] }) {
  const rows = data.map((s) => ({ stage: SHORT[s.stage] ?? STAGE_LABELS[s.stage], ...s.counts }));
  return (
    <figure className="space-y-2">
      <div className="h-80 w-full" data-testid="stage-coverage-chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 24, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="currentColor" strokeOpacity={0.15} />
            <XAxis
              dataKey="stage"
              tick={{ fontSize: 11, fill: 'currentColor' }}
              interval={0}
              label={{ value: 'Kill-chain stage', position: 'insideBottom', offset: -16, fontSize: 12, fill: 'currentColor' }}
            />
            <YAxis
              allowDecimals={false}
              width={40}
              tick={{ fontSize: 12, fill: 'currentColor' }}
              label={{ value: 'Activities', angle: -90, position: 'insideLeft', offset: 10, fontSize: 12, fill: 'currentColor' }}
            />
            <Tooltip contentStyle={{ fontSize: 12 }} cursor={{ fillOpacity: 0.08 }} />
            <Legend verticalAlign="top" wrapperStyle={{ fontSize: 12, paddingBottom: 8 }} />
            {COVERAGE_CLASSES.map((k) => (
              <Bar key={k} dataKey={k} name={COVERAGE_CLASS_LABELS[k]} stackId="v" fill={CLASS_COLORS[k]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="text-xs text-slate-500">Weaponization happens in the attacker’s own environment: neither source can observe it.</figcaption>
      <div className="sr-only">
        <table>
          <caption>Activities per kill-chain stage and source</caption>
          <thead>
            <tr>
              <th scope="col">Stage</th>
              {COVERAGE_CLASSES.map((k) => (
                <th key={k} scope="col">
                  {COVERAGE_CLASS_LABELS[k]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.map((s) => (
              <tr key={s.stage}>
                <th scope="row">{STAGE_LABELS[s.stage]}</th>
                {COVERAGE_CLASSES.map((k) => (
                  <td key={k}>{UNOBSERVABLE_STAGES.has(s.stage) ? 'not observable' : s.counts[k]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
