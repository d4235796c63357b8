// The located problems of one upload (bad lines, records PostgreSQL cannot hold, refused
// archive members): every one is counted; per file, and for the archive walk as a whole,
// the first MAX_STORED_ISSUES_PER_FILE are stored and shown. They wait in memory (bounded by
// that cap) and are written between COPYs: the connection is busy with COPY meanwhile, and
// a query on it would wait behind the COPY forever.
import type pg from 'pg';
import type { ParseIssue } from '../records/issue';

/** Located problems kept per file (all are counted; the first ones are stored and shown). */
export const MAX_STORED_ISSUES_PER_FILE = 200;

type Queryable = Pick<pg.PoolClient, 'query'>;

interface Held {
  path: string;
  issue: ParseIssue;
}

/** One file's problems (or the archive walk's, whose issues each name their member). */
export class FileProblems {
  /** Problems counted, stored or not. */
  count = 0;
  /** The first problem, stored or not. */
  first: Held | undefined;
  private stored = 0;

  constructor(
    readonly path: string,
    private readonly log: ProblemLog,
    private readonly held: Held[],
  ) {}

  add(issue: ParseIssue, path = this.path): void {
    this.count += 1;
    this.log.total += 1;
    this.first ??= { path, issue };
    if (this.stored >= MAX_STORED_ISSUES_PER_FILE) return;
    this.stored += 1;
    this.held.push({ path, issue });
  }
}

export class ProblemLog {
  /** Problems counted across the upload, stored or not. */
  total = 0;
  private pending: Held[] = [];
  // The walk's problems are written after every file's, as they always were (rows are shown by id).
  private readonly walkHeld: Held[] = [];
  /** Issues the archive walker raises (refused members, links not followed), capped as one file. */
  readonly walk: FileProblems;

  constructor(
    private readonly assessmentId: string,
    private readonly uploadId: string,
  ) {
    this.walk = new FileProblems('', this, this.walkHeld);
  }

  file(path: string): FileProblems {
    return new FileProblems(path, this, this.pending);
  }

  /** Writes the problems held so far (the client must not be in a COPY). */
  async flush(client: Queryable): Promise<void> {
    for (const { path, issue } of this.pending) {
      await client.query('INSERT INTO parse_error (assessment_id, upload_id, path, line, "offset", reason) VALUES ($1, $2, $3, $4, $5, $6)', [
        this.assessmentId,
        this.uploadId,
        path,
        issue.line ?? null,
        issue.offset ?? null,
        issue.reason.slice(0, 1000),
      ]);
    }
    this.pending.length = 0;
  }

  /** Writes everything still held, the walk's problems last. */
  async finish(client: Queryable): Promise<void> {
    this.pending.push(...this.walkHeld);
    this.walkHeld.length = 0;
    await this.flush(client);
  }
}
