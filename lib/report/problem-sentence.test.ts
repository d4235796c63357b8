import { describe, expect, it } from 'vitest';
import { countsFromFiles, problemSentence } from './problem-sentence';

describe('file problems in words', () => {
  it('counts a file that could not be read once, lines in the files read, and skipped files apart', () => {
    const c = countsFromFiles(
      [
        { format: 'syslog-rfc3164', errors: 12 },
        { format: 'auditd', errors: 2 },
        { format: 'nfdump-csv', errors: 0 },
        { format: null, errors: 1 }, // garbage.bin
        { format: null, errors: 0 }, // wtmp
        { format: null, errors: 0 }, // empty.log
      ],
      17,
    );
    expect(c).toEqual({ filesNotRead: 1, membersRefused: 2, lines: 14, filesWithLineProblems: 2, filesSkipped: 2 });
    expect(problemSentence(c)).toBe(
      'Problems: 1 file in no format Sightline reads; 2 archive members refused; 14 unreadable lines or records in 2 files. 2 empty or binary files were skipped (not problems).',
    );
  });

  it('says so when there is nothing wrong, empty files included', () => {
    expect(problemSentence(countsFromFiles([{ format: 'auditd', errors: 0 }], 0))).toBe('No problems.');
    expect(problemSentence(countsFromFiles([{ format: null, errors: 0 }], 0))).toBe('No problems. 1 empty or binary file was skipped (not a problem).');
  });
});
