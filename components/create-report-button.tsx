'use client';

import { PostAndOpenButton } from './post-and-open-button';

/** Freezes the assessment's current results into a report and opens it. */
export function CreateReportButton({ assessmentId, disabled }: { assessmentId: string; disabled?: boolean }) {
  return (
    <PostAndOpenButton
      endpoint={`/api/assessments/${assessmentId}/reports`}
      body={{}}
      open={(id) => `/reports/${id}`}
      label="Create report"
      busyLabel="Creating report…"
      failure="could not create the report"
      disabled={disabled}
      noPrint
    />
  );
}
