import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="card mx-auto max-w-lg text-center">
      <h1 className="text-lg font-semibold">Not found</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">There is nothing at this address.</p>
      <Link href="/" className="mt-3 inline-block text-sm text-sky-700 hover:underline">
        Back to assessments
      </Link>
    </div>
  );
}
