// The file exports of a report (PDF is in pdf.ts: it needs the running server). One entry
// point so the signed-in and the shared routes produce byte-identical files.
import { activitiesCsv, techniqueVisibility } from './csv';
import { buildNavigatorLayer, buildSourceLayer } from './navigator-layer';
import type { ReportSnapshot } from './snapshot';

export const EXPORT_FORMATS = ['pdf', 'csv', 'json', 'navigator', 'navigator-network', 'navigator-logs'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportableReport {
  title: string;
  summary: string;
  snapshot: ReportSnapshot;
}

export interface ExportFile {
  body: string | Uint8Array;
  contentType: string;
  filename: string;
}

/** A file-name-safe stem: ASCII letters, digits and dashes only (it goes into a header). */
export function fileStem(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .toLowerCase() || 'report'
  );
}

export function exportFile(format: Exclude<ExportFormat, 'pdf'>, r: ExportableReport): ExportFile {
  const stem = fileStem(r.title);
  switch (format) {
    case 'csv':
      return { body: activitiesCsv(r.snapshot.activities), contentType: 'text/csv; charset=utf-8', filename: `${stem}-activities.csv` };
    case 'json':
      return {
        body: JSON.stringify(reportJson(r), null, 2),
        contentType: 'application/json; charset=utf-8',
        filename: `${stem}.json`,
      };
    case 'navigator':
      return {
        body: JSON.stringify(buildNavigatorLayer(r.snapshot, r.title), null, 2),
        contentType: 'application/json; charset=utf-8',
        filename: `${stem}-attack-navigator-layer.json`,
      };
    case 'navigator-network':
    case 'navigator-logs': {
      const source = format === 'navigator-network' ? 'network' : 'logs';
      return {
        body: JSON.stringify(buildSourceLayer(r.snapshot, r.title, source), null, 2),
        contentType: 'application/json; charset=utf-8',
        filename: `${stem}-attack-navigator-layer-${source}.json`,
      };
    }
  }
}

/**
 * The JSON export on the one score scale: each activity carries its technique's DeTT&CT 0–4
 * visibility (as the CSV and the Navigator layer do), not the detector's internal 0–1 confidence.
 */
export function reportJson(r: ExportableReport): object {
  const visibility = techniqueVisibility(r.snapshot.activities);
  return {
    title: r.title,
    summary: r.summary,
    ...r.snapshot,
    scoreScale: 'DeTT&CT visibility 0–4 per technique (0 not visible … 4 both sources every time)',
    activities: r.snapshot.activities.map(({ score: _confidence, ...a }) => ({ ...a, techniqueVisibility: visibility.get(a.technique) ?? 0 })),
  };
}

export function downloadResponse(f: ExportFile): Response {
  return new Response(f.body as BodyInit, {
    headers: {
      'Content-Type': f.contentType,
      'Content-Disposition': `attachment; filename="${f.filename}"`,
      'Cache-Control': 'no-store',
    },
  });
}
