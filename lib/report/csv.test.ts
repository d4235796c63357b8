import { describe, expect, it } from 'vitest';
import { activitiesCsv, neutraliseCell, quoteCell, toCsv } from './csv';

describe('CSV formula neutralisation', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['+cmd|calc', `'+cmd|calc`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\t=1', `'\t=1`],
    ['\r=1', `'\r=1`],
    ['web01', 'web01'],
    ['a=b', 'a=b'],
    ['', ''],
    ["'already", "'already"],
  ])('%j → %j', (input, out) => {
    expect(neutraliseCell(input)).toBe(out);
  });
});

describe('RFC 4180 quoting', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
  ])('%j → %j', (input, out) => {
    expect(quoteCell(input)).toBe(out);
  });

  it('ends every record with CRLF and quotes after neutralising', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['=1,2', 3],
          [null, '-x'],
        ],
      ),
    ).toBe(`a,b\r\n"'=1,2",3\r\n,'-x\r\n`);
  });

  it('writes one row per activity with a header', () => {
    const csv = activitiesCsv([
      {
        id: '1',
        stage: 'recon',
        technique: 'T1046',
        host: '=evil()',
        hostIps: ['10.0.0.5', '10.0.0.6'],
        peer: '198.51.100.7',
        start: '2026-03-07T14:01:00.000Z',
        end: '2026-03-07T14:02:00.000Z',
        network: 'detected',
        logs: 'blind',
        severity: 'low',
        score: 0.5,
        summary: 'scan, "fast"',
        networkRecords: 3,
        logRecords: 0,
      },
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('stage,technique,host,host_ips,peer,start_utc,end_utc,network,logs,severity,technique_visibility_0_4,title,summary');
    // One source of two saw the technique every time: DeTT&CT visibility 2, the dashboard's scale.
    expect(lines[1]).toBe(
      `recon,T1046,'=evil(),10.0.0.5 10.0.0.6,198.51.100.7,2026-03-07T14:01:00.000Z,2026-03-07T14:02:00.000Z,detected,blind,low,2,Port scan on =evil() from 198.51.100.7,"scan, ""fast"""`,
    );
    expect(lines[2]).toBe('');
  });
});
