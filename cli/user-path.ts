// `npm run sightline -- analyze --logs ./auth.log` runs the CLI in the project's folder, not in
// the folder the user typed it in (npm changes directory; it keeps that one in INIT_CWD). Paths
// on the command line are the user's, so they are resolved against that folder. Only when npm
// started this very script: a test or a tool that spawns the CLI under another npm script (and
// so inherits its INIT_CWD) gives paths relative to the CLI's own working directory.
import path from 'node:path';

export function userPath(p: string, env: Record<string, string | undefined> = process.env, cwd = process.cwd()): string {
  const base = env.npm_lifecycle_event === 'sightline' && env.INIT_CWD ? env.INIT_CWD : cwd;
  return path.resolve(base, p);
}
