// The one answer for unknown, expired and revoked links: no hint which it was, no links.
export default function SharedReportNotFound() {
  return (
    <div className="card mx-auto mt-10 max-w-lg text-center">
      <h1 className="text-lg font-semibold">This link does not work</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">It may be mistyped, expired or withdrawn. Ask the sender for a new one.</p>
    </div>
  );
}
