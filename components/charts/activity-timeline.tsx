'use client';

import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { STAGE_LABELS, STAGES, type Stage } from '@/lib/stages';

export interface TimelinePoint {
  id: string;
  stage: Stage;
  startMs: number;
  cls: 'network-only' | 'logs-only' | 'both' | 'unknown';
  label: string;
}

const CLASSES = [
  { key: 'network-only', name: 'Network only', color: 'var(--color-net)' },
  { key: 'both', name: 'Both', color: 'var(--color-both)' },
  { key: 'logs-only', name: 'Logs only', color: 'var(--color-logs)' },
  { key: 'unknown', name: 'Unknown (the silent source does not cover the host)', color: 'var(--color-unknown)' },
] as const;

function fmt(ms: number, tz: string, timeOnly: boolean): string {
  const opts: Intl.DateTimeFormatOptions = timeOnly
    ? { timeZone: tz, hour: '2-digit', minute: '2-digit' }
    : { timeZone: tz, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' };
  return new Date(ms).toLocaleString('en-GB', opts);
}

const MINUTE = 60_000;
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].map((m) => m * MINUTE);

/**
 * At most `count` round times (every 5 min, every hour, every day …) across [min, max], so the
 * axis labels never crowd each other, whatever the spread of the activities.
 */
export function timeTicks(min: number, max: number, count: number): number[] {
  if (!(max > min)) return [min];
  const step = STEPS.find((s) => (max - min) / s <= count - 1) ?? Math.ceil((max - min) / (count - 1) / (7 * 1440 * MINUTE)) * 7 * 1440 * MINUTE;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) ticks.push(t);
  return ticks.length > 0 ? ticks : [min];
}

/** Activities across both sources on one time axis, one row per stage. */
export function ActivityTimeline({ points, tz }: { points: TimelinePoint[]; tz: string }) {
  if (points.length === 0) return <p className="text-sm text-slate-500">No activities for these filters.</p>;
  const data = (cls: string) => points.filter((p) => p.cls === cls).map((p) => ({ ...p, y: STAGES.indexOf(p.stage) }));
  const min = Math.min(...points.map((p) => p.startMs));
  const max = Math.max(...points.map((p) => p.startMs));
  // Within one day the ticks show the time only and the axis title the day.
  const oneDay = fmt(min, tz, false).split(',')[0] === fmt(max, tz, false).split(',')[0];
  const day = new Date(min).toLocaleDateString('en-GB', { timeZone: tz, day: 'numeric', month: 'short', year: 'numeric' });
  return (
    <figure>
      <div className="h-64 w-full" data-testid="timeline">
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
            <XAxis
              type="number"
              dataKey="startMs"
              domain={[min, max]}
              scale="time"
              ticks={timeTicks(min, max, oneDay ? 6 : 4)}
              interval="preserveStartEnd"
              minTickGap={12}
              tickFormatter={(v) => fmt(v, tz, oneDay)}
              tick={{ fontSize: 11, fill: 'currentColor' }}
              label={{ value: oneDay ? `Time (${tz}), ${day}` : `Time (${tz})`, position: 'insideBottom', offset: -16, fontSize: 12, fill: 'currentColor' }}
            />
            <YAxis
              type="number"
              dataKey="y"
              domain={[0, STAGES.length - 1]}
              ticks={STAGES.map((_, i) => i)}
              reversed
              width={110}
              tickFormatter={(i) => STAGE_LABELS[STAGES[i] as Stage].replace('Actions on Objectives', 'Actions').replace('Command & Control', 'C2')}
              tick={{ fontSize: 11, fill: 'currentColor' }}
            />
            <Tooltip
              cursor={{ strokeDasharray: '3 3' }}
              contentStyle={{ fontSize: 12 }}
              formatter={(_v, _n, item) => [(item.payload as TimelinePoint).label, fmt((item.payload as TimelinePoint).startMs, tz, false)]}
            />
            <Legend verticalAlign="top" height={28} wrapperStyle={{ fontSize: 12 }} />
            {CLASSES.map((c) => (
              <Scatter key={c.key} name={c.name} data={data(c.key)} fill={c.color} isAnimationActive={false} />
            ))}
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">
        Timeline: {CLASSES.map((c) => `${points.filter((p) => p.cls === c.key).length} ${c.name.toLowerCase()}`).join(', ')} activities.
      </figcaption>
    </figure>
  );
}
