'use client';

import { useState } from 'react';

/** Sign-in and first-run setup share one form; setup asks for the password twice. */
export function AuthForm({ mode }: { mode: 'login' | 'setup' }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (mode === 'setup' && password !== repeat) {
      setError('The two passwords differ.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/auth/${mode}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) throw new Error(body.message ?? 'Something went wrong.');
      // A full navigation, so the layout re-renders with the new session.
      window.location.assign('/');
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  const input = 'mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-800';
  return (
    <form onSubmit={submit} className="mt-4 space-y-3" aria-label={mode === 'login' ? 'Sign in' : 'Create account'}>
      <label className="block text-sm">
        <span className="font-medium">Username</span>
        <input className={input} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required maxLength={64} />
      </label>
      <label className="block text-sm">
        <span className="font-medium">Password</span>
        <input
          className={input}
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
          required
          minLength={mode === 'setup' ? 12 : 1}
        />
      </label>
      {mode === 'setup' && (
        <label className="block text-sm">
          <span className="font-medium">Repeat password</span>
          <input className={input} type="password" value={repeat} onChange={(e) => setRepeat(e.target.value)} autoComplete="new-password" required />
          <span className="mt-1 block text-xs text-slate-500">At least 12 characters. A passphrase of several words is easiest.</span>
        </label>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn-primary w-full justify-center" disabled={busy}>
        {mode === 'login' ? (busy ? 'Signing in…' : 'Sign in') : busy ? 'Creating…' : 'Create account'}
      </button>
    </form>
  );
}
