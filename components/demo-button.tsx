'use client';

import { PostAndOpenButton } from './post-and-open-button';

export function DemoButton() {
  return (
    <PostAndOpenButton
      endpoint="/api/demo"
      open={(id) => `/assessments/${id}`}
      label="Load demo data"
      busyLabel="Generating demo…"
      failure="could not load the demo"
      variant="secondary"
    />
  );
}
