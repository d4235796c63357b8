'use client';

import { PostAndOpenButton } from './post-and-open-button';

/** Freezes the comparison into a report (of the newer assessment) and opens it. */
export function CreateComparisonReportButton({ beforeId, afterId }: { beforeId: string; afterId: string }) {
  return (
    <PostAndOpenButton
      endpoint="/api/compare/reports"
      body={{ beforeId, afterId }}
      open={(id) => `/reports/${id}`}
      label="Freeze into a report"
      busyLabel="Creating report…"
      failure="could not create the report"
      noPrint
    />
  );
}
