import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentSession } from '@/app/_lib/auth';
import { AuthForm } from '@/components/auth-form';
import { hasAnyUser } from '@/lib/auth/accounts';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage() {
  if (!(await hasAnyUser())) redirect('/setup');
  if (await currentSession()) redirect('/');
  return (
    <div className="card mx-auto mt-10 max-w-sm">
      <h1 className="text-xl font-semibold">Sign in to Sightline</h1>
      <AuthForm mode="login" />
    </div>
  );
}
