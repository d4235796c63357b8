// The file exports of a report (PDF is in pdf.ts: it needs the running server). One entry
// point so the signed-in and the shared routes produce byte-identical files.
import { activitiesCsv } from './csv';
import { buildNavigatorLayer } from './navigator-layer';
import type { ReportSnapshot } from './snapshot';

export const EXPORT_FORMATS = ['pdf', 'csv', 'json', 'navigator'] as const;
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
        body: JSON.stringify({ title: r.title, summary: r.summary, ...r.snapshot }, null, 2),
        contentType: 'application/json; charset=utf-8',
        filename: `${stem}.json`,
      };
    case 'navigator':
      return {
        body: JSON.stringify(buildNavigatorLayer(r.snapshot, r.title), null, 2),
        contentType: 'application/json; charset=utf-8',
        filename: `${stem}-attack-navigator-layer.json`,
      };
  }
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
