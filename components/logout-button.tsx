'use client';

export function LogoutButton({ username }: { username: string }) {
  const logout = async () => {
    await fetch('/api/auth/logout', { method: 'POST' });
    window.location.assign('/login');
  };
  return (
    <button
      type="button"
      onClick={logout}
      className="text-sm text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
      title={`Signed in as ${username}`}
    >
      Sign out
    </button>
  );
}
