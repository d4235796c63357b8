'use client';

import { useEffect, useState } from 'react';

/** Light/dark switch; the choice is kept in localStorage. */
export function ThemeToggle() {
  const [dark, setDark] = useState(false);
  useEffect(() => {
    const saved = localStorage.getItem('sightline-theme');
    const isDark = saved ? saved === 'dark' : window.matchMedia('(prefers-color-scheme: dark)').matches;
    setDark(isDark);
    document.documentElement.classList.toggle('dark', isDark);
  }, []);
  const toggle = () => {
    const next = !dark;
    setDark(next);
    document.documentElement.classList.toggle('dark', next);
    localStorage.setItem('sightline-theme', next ? 'dark' : 'light');
  };
  return (
    <button type="button" className="btn btn-secondary" onClick={toggle} aria-pressed={dark} aria-label="Dark mode">
      {dark ? 'Dark' : 'Light'}
    </button>
  );
}
