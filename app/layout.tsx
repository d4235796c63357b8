import type { Metadata } from 'next';
import Link from 'next/link';
import './globals.css';
import { currentSession } from '@/app/_lib/auth';
import { LogoutButton } from '@/components/logout-button';
import { ThemeToggle } from '@/components/theme-toggle';

// Every page is rendered per request: the Content Security Policy's nonce (proxy.ts) must be
// fresh for each response, which a prerendered page cannot carry.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Sightline', template: '%s · Sightline' },
  description: 'What does our network see that our logs don’t — and the other way round?',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The app's navigation only for a signed-in user: shared reports and the login page show none.
  const session = await currentSession();
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-screen font-sans antialiased">
        <header className="no-print border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          {session ? (
            <nav className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:flex-nowrap sm:px-6" aria-label="Main">
              <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
                <span aria-hidden className="inline-block h-3 w-3 rounded-full bg-gradient-to-r from-net via-both to-logs" />
                Sightline
              </Link>
              {/* On a phone the page links take their own row under the name and the account controls. */}
              <div className="order-last flex w-full gap-x-5 overflow-x-auto sm:order-none sm:w-auto sm:gap-x-6">
                <Link href="/" className="text-sm text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white">
                  Assessments
                </Link>
                <Link href="/detectors" className="text-sm text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white">
                  Detectors
                </Link>
                <Link href="/compare" className="text-sm text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white">
                  Compare
                </Link>
                <Link href="/reports" className="text-sm text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white">
                  Reports
                </Link>
              </div>
              <div className="ml-auto flex items-center gap-4">
                <LogoutButton username={session.username} />
                <ThemeToggle />
              </div>
            </nav>
          ) : (
            <div className="mx-auto flex max-w-7xl items-center gap-2 px-4 py-3 font-semibold tracking-tight sm:px-6">
              <span aria-hidden className="inline-block h-3 w-3 rounded-full bg-gradient-to-r from-net via-both to-logs" />
              Sightline
            </div>
          )}
        </header>
        <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6">{children}</main>
      </body>
    </html>
  );
}
