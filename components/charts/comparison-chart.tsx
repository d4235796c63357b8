'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StageChange } from '@/lib/compare/compare-assessments';
import { STAGE_LABELS } from '@/lib/stages';

const CLASSES = [
  { key: 'networkOnly', label: 'Network only', color: 'var(--color-net)' },
  { key: 'both', label: 'Both', color: 'var(--color-both)' },
  { key: 'logsOnly', label: 'Logs only', color: 'var(--color-logs)' },
  { key: 'blind', label: 'Blind', color: '#94a3b8' },
] as const;

const short = (label: string) => label.replace('Actions on Objectives', 'Actions on Obj.').replace('Command & Control', 'C2');

/** Per stage two stacked bars, before (left, faded) and after (right): the change at a glance. */
export function ComparisonChart({ stages, beforeName, afterName }: { stages: StageChange[]; beforeName: string; afterName: string }) {
  const rows = stages.map((s) => ({
    stage: short(STAGE_LABELS[s.stage]),
    ...Object.fromEntries(
      CLASSES.flatMap((c) => [
        [`b_${c.key}`, s.before[c.key]],
        [`a_${c.key}`, s.after[c.key]],
      ]),
    ),
  }));
  return (
    <figure className="space-y-2">
      <div className="h-72 w-full" data-testid="comparison-chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 24, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="currentColor" strokeOpacity={0.15} />
            <XAxis dataKey="stage" tick={{ fontSize: 12, fill: 'currentColor' }} interval={0} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: 'currentColor' }} />
            <Tooltip contentStyle={{ fontSize: 12 }} cursor={{ fillOpacity: 0.08 }} />
            <Legend verticalAlign="top" height={48} wrapperStyle={{ fontSize: 12 }} />
            {CLASSES.map((c) => (
              <Bar
                key={`b_${c.key}`}
                dataKey={`b_${c.key}`}
                name={`${c.label} (before)`}
                legendType="none"
                stackId="before"
                fill={c.color}
                fillOpacity={0.45}
                isAnimationActive={false}
              />
            ))}
            {CLASSES.map((c) => (
              <Bar key={`a_${c.key}`} dataKey={`a_${c.key}`} name={c.label} stackId="after" fill={c.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="text-xs text-slate-500">
        Left bar of each stage: “{beforeName}” (faded); right bar: “{afterName}”.
      </figcaption>
    </figure>
  );
}
