// The frozen report as read by the SOC lead, by management through a share link, and by
// Chromium for the PDF. It reuses the dashboard's components, fed from the snapshot only.

import { ActivityTable } from '@/components/activity-table';
import { AdviceList } from '@/components/advice-list';
import { AnswerPanel } from '@/components/answer-panel';
import { BlindSpotList } from '@/components/blind-spot-list';
import { StageCoverageChart } from '@/components/charts/stage-coverage-chart';
import { ComparisonView } from '@/components/comparison-view';
import { ExposureList } from '@/components/exposure-list';
import { HeadlineTiles } from '@/components/headline-tiles';
import { QuietedSection } from '@/components/quieted-pair-list';
import { StageVerdicts } from '@/components/stage-verdicts';
import { activityTitle, decodeAuditLine } from '@/lib/report/activity-text';
import { answerText } from '@/lib/report/answer';
import { countsFromFiles, problemSentence } from '@/lib/report/problem-sentence';
import { answerOf, type ReportSnapshot } from '@/lib/report/snapshot';
import { STAGE_LABELS } from '@/lib/stages';

function utc(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

export interface ReportPaging {
  page: number;
  pageSize: number;
  href: (page: number) => string;
}

/** `paging` shows one page of activities (and their log lines); without it, all of them (the PDF). */
export function ReportBody({ title, summary, snapshot: s, paging }: { title: string; summary: string; snapshot: ReportSnapshot; paging?: ReportPaging }) {
  const total = s.activities.length;
  const shown = paging ? s.activities.slice((paging.page - 1) * paging.pageSize, paging.page * paging.pageSize) : s.activities;
  const answer = answerOf(s);
  // An unedited summary is the generated answer itself: shown once, as the structured answer.
  const edited = summary.trim() !== '' && summary.trim() !== answerText(answer).trim();
  const evidence = shown.filter((a) => (s.evidence[a.id]?.length ?? 0) > 0);
  return (
    <article className="report space-y-6" data-testid="report">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight" data-testid="report-title">
          {title}
        </h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Assessment “{s.assessmentName}” · frozen {utc(s.frozenAt)}
          {s.analyzedAt && <> · analysed {utc(s.analyzedAt)}</>} · ATT&amp;CK v{s.attackVersion}
        </p>
      </header>
      {edited && (
        <section aria-labelledby="summary-heading" className="card">
          <h2 id="summary-heading" className="text-lg font-semibold">
            Executive summary
          </h2>
          {/* Plain text, rendered as text: whitespace kept, nothing interpreted as markup. */}
          <p className="mt-2 whitespace-pre-wrap text-sm" data-testid="report-summary">
            {summary}
          </p>
        </section>
      )}
      <AnswerPanel answer={answer} />
      <HeadlineTiles counts={answer.counts} total={total} testIdPrefix="report-stat" />
      <section aria-labelledby="report-coverage" className="card avoid-break">
        <h2 id="report-coverage" className="text-lg font-semibold">
          Coverage per kill-chain stage
        </h2>
        <StageCoverageChart data={answer.stages} />
        {s.exposures && s.exposures.length > 0 && (
          <div className="mt-4">
            <h3 className="text-sm font-semibold">Exposures</h3>
            <ExposureList rows={s.exposures} />
          </div>
        )}
      </section>
      {s.verdicts && (
        <section aria-labelledby="report-verdicts" className="card avoid-break">
          <h2 id="report-verdicts" className="text-lg font-semibold">
            The right tool per stage, on this data
          </h2>
          <StageVerdicts verdicts={s.verdicts} />
        </section>
      )}
      {s.advice && (
        <section aria-labelledby="report-advice" className="card avoid-break">
          <h2 id="report-advice" className="text-lg font-semibold">
            Advice that closes gaps, counted on this data
          </h2>
          <AdviceList advice={s.advice} />
        </section>
      )}
      {s.comparison && <ComparisonView comparison={s.comparison} />}
      <section aria-labelledby="report-activities" className="card p-0">
        <h2 id="report-activities" className="px-4 pt-4 text-lg font-semibold">
          Activities
        </h2>
        <ActivityTable rows={shown} total={total} paging={paging} />
      </section>
      {s.quieted && <QuietedSection rows={s.quieted} headingId="report-quieted" />}
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="report-blind" className="card">
          <h2 id="report-blind" className="text-lg font-semibold">
            Blind spots
          </h2>
          <BlindSpotList rows={s.blindSpots} />
        </section>
        <section aria-labelledby="report-hosts" className="card">
          <h2 id="report-hosts" className="text-lg font-semibold">
            Hosts
          </h2>
          <ul className="mt-2 divide-y divide-slate-100 text-sm dark:divide-slate-800">
            {s.hosts.map((h) => (
              <li key={h.name} className="flex justify-between gap-3 py-1.5">
                <span className="font-medium">
                  {h.name}
                  {h.role && <span className="ml-1 text-xs font-normal text-slate-500">{h.role}</span>}
                </span>
                <span className="text-right font-mono text-xs text-slate-600 dark:text-slate-400">
                  {h.ips.length ? h.ips.join(', ') : 'address unknown'}
                  {!h.hasLogs && ' · no logs'}
                </span>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section aria-labelledby="report-files" className="card">
        <h2 id="report-files" className="text-lg font-semibold">
          Files analysed
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {s.files.length} files, {s.files.reduce((n, f) => n + f.records, 0).toLocaleString('en')} records.{' '}
          {problemSentence(countsFromFiles(s.files, s.errorsTotal))}
        </p>
        <ul className="mt-2 space-y-0.5 text-xs">
          {s.files.map((f) => (
            <li key={`${f.kind}:${f.path}`} className="flex justify-between gap-3">
              <span className="truncate font-mono">{f.path}</span>
              <span className="shrink-0 tabular-nums text-slate-500">
                {f.format ?? (f.errors > 0 ? 'not read' : 'skipped')} · {f.records.toLocaleString('en')} records
              </span>
            </li>
          ))}
        </ul>
      </section>
      {evidence.length > 0 && (
        <section aria-labelledby="report-evidence" className="card" data-testid="report-evidence">
          <h2 id="report-evidence" className="text-lg font-semibold">
            Log lines behind the activities
          </h2>
          {evidence.map((a) => (
            <div key={a.id} className="mt-3">
              <h3 className="text-sm font-medium">
                {STAGE_LABELS[a.stage]} · {activityTitle(a)}
              </h3>
              <pre className="mt-1 overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">
                {s.evidence[a.id]?.map(decodeAuditLine).join('\n')}
              </pre>
            </div>
          ))}
        </section>
      )}
      <details className="card text-xs text-slate-600 dark:text-slate-400">
        <summary className="cursor-pointer font-medium">Settings used</summary>
        <p className="mt-2">
          Time zone of zone-less timestamps: {s.timeZone}. Correlation tolerance: {s.settings.toleranceSeconds} s.
        </p>
        <pre className="mt-2 overflow-x-auto">{JSON.stringify(s.settings, null, 2)}</pre>
      </details>
    </article>
  );
}
