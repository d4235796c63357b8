'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrendPoint } from '@/lib/compare/stage-trend';
import { STAGE_LABELS, STAGES, UNOBSERVABLE_STAGES } from '@/lib/stages';

const COLORS = ['#0ea5e9', '#a855f7', '#f59e0b', '#ef4444', '#10b981', '#6366f1'];
const OBSERVABLE = STAGES.filter((s) => !UNOBSERVABLE_STAGES.has(s));

/** One line per stage: the share of its activity × source pairs that saw something, per assessment of the series. */
export function StageTrendChart({ points }: { points: TrendPoint[] }) {
  const rows = points.map((p) => ({ name: p.name, ...Object.fromEntries(OBSERVABLE.map((s) => [s, p.seen[s]])) }));
  return (
    <figure>
      <div className="h-72 w-full" data-testid="stage-trend-chart">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
            <XAxis dataKey="name" interval={0} padding={{ left: 60, right: 60 }} tick={{ fontSize: 12, fill: 'currentColor' }} />
            <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 12, fill: 'currentColor' }} />
            <Tooltip contentStyle={{ fontSize: 12 }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {OBSERVABLE.map((s, i) => (
              <Line key={s} dataKey={s} name={STAGE_LABELS[s]} stroke={COLORS[i % COLORS.length]} connectNulls isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only" data-testid="stage-trend-table">
        <caption>Share of (activity, source) pairs that saw something, per stage and assessment</caption>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            {points.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: two assessments may share a name; their order is the series
              <th key={i} scope="col">
                {p.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {OBSERVABLE.map((s) => (
            <tr key={s}>
              <th scope="row">{STAGE_LABELS[s]}</th>
              {points.map((p, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                <td key={i}>{p.seen[s] === null ? 'no activities' : `${p.seen[s]} %`}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
