import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/auth-form';
import { hasAnyUser } from '@/lib/auth/accounts';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'First-run setup' };

/** Exists only until the first account is created; afterwards it sends everyone to /login. */
export default async function SetupPage() {
  if (await hasAnyUser()) redirect('/login');
  return (
    <div className="card mx-auto mt-10 max-w-sm">
      <h1 className="text-xl font-semibold">Set up Sightline</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Create the SOC lead’s account. Sightline is not public: every page needs this account, except the report links you share.
      </p>
      <AuthForm mode="setup" />
    </div>
  );
}
