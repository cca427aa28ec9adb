import { fc, test } from '@fast-check/vitest';
import { DateTime, FixedOffsetZone } from 'luxon';
import { describe, expect } from 'vitest';
import { mergeIntervals, unionMinutes, unionMs, type Interval } from '../../../src/modules/webinars/zoom/interval-union';
import { parseZoomReport } from '../../../src/modules/webinars/zoom/zoom-report';
import { parseZoomTime } from '../../../src/modules/webinars/zoom/zoom-time';

const interval = fc
  .tuple(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 120 }))
  .map(([start, length]): Interval => ({ start, end: start + length }));
const intervals = fc.array(interval, { maxLength: 30 });

describe('interval union', () => {
  test.prop([intervals])('equals the number of unit steps some interval covers', (list) => {
    const covered = new Set<number>();
    for (const { start, end } of list) for (let t = start; t < end; t++) covered.add(t);
    expect(unionMs(list)).toBe(covered.size);
  });

  test.prop([intervals])('is disjoint, ordered, and covers every input', (list) => {
    const merged = mergeIntervals(list);
    merged.forEach((m, i) => i > 0 && expect(m.start).toBeGreaterThan(merged[i - 1].end));
    for (const x of list) expect(merged.some((m) => m.start <= x.start && x.end <= m.end)).toBe(true);
  });

  test.prop([intervals, fc.func(fc.integer())])('ignores order and repeats (rejoins, parallel devices)', (list, f) => {
    const shuffled = [...list, ...list].sort((a, b) => f(a.start, a.end) - f(b.start, b.end));
    expect(unionMs(shuffled)).toBe(unionMs(list));
  });

  test.prop([intervals])('lies between the longest interval and the sum', (list) => {
    const sum = list.reduce((s, i) => s + i.end - i.start, 0);
    const longest = Math.max(0, ...list.map((i) => i.end - i.start));
    expect(unionMs(list)).toBeLessThanOrEqual(sum);
    expect(unionMs(list)).toBeGreaterThanOrEqual(longest);
  });

  test.prop([fc.integer({ min: 0, max: 10_000_000 })])('rounds whole minutes up', (ms) => {
    const minutes = unionMinutes([{ start: 0, end: ms }]);
    expect(minutes * 60_000).toBeGreaterThanOrEqual(ms);
    expect((minutes - 1) * 60_000).toBeLessThan(ms);
  });
});

const instant = fc.integer({ min: Date.UTC(2019, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => Math.floor(ms / 1000) * 1000);
const offset = fc.constantFrom(7 * 60, 8 * 60, 9 * 60, 0, -5 * 60);

describe('parseZoomTime agrees with luxon', () => {
  const formats = ['MM/dd/yyyy hh:mm:ss a', 'M/d/yyyy h:mm:ss a', 'MMM d, yyyy HH:mm:ss', 'yyyy-MM-dd HH:mm:ss', "yyyy-MM-dd'T'HH:mm:ss"];
  test.prop([instant, offset, fc.constantFrom(...formats)])('for every layout Zoom writes', (ms, minutes, format) => {
    const zone = FixedOffsetZone.instance(minutes);
    const text = DateTime.fromMillis(ms, { zone }).toFormat(format, { locale: 'en-US' });
    expect(DateTime.fromFormat(text, format, { zone, locale: 'en-US' }).toMillis()).toBe(ms);
    expect(parseZoomTime(text, minutes, ms)).toBe(ms);
  });

  test.prop([instant, offset])('day-first dates resolve to the reading nearest the session', (ms, minutes) => {
    const text = DateTime.fromMillis(ms, { zone: FixedOffsetZone.instance(minutes) }).toFormat('dd/MM/yyyy HH:mm:ss');
    expect(parseZoomTime(text, minutes, ms)).toBe(ms);
  });

  test.prop([fc.string({ maxLength: 30 })])('never throws, and reads junk as no time', (text) => {
    const t = parseZoomTime(text, 420, 0);
    expect(t === null || Number.isFinite(t)).toBe(true);
  });
});

/** A display name as read: on one line, without NUL or a bidirectional override. */
const shown = (name: string) => name.replace(/\n/g, ' ').replace(/[\u0000\u202E]/g, '').trim();

const person = fc.record({
  name: fc
    .array(fc.constantFrom('a', 'B', 'é', ' ', ',', ';', '"', '-', '\n', '1', '\u0000', '\u202E'), { minLength: 1, maxLength: 20 })
    .map((chars) => chars.join(''))
    .filter((s) => shown(s) !== '' && shown(s) !== '--'),
  email: fc.option(fc.emailAddress(), { nil: null }),
  start: fc.integer({ min: 0, max: 180 }),
  length: fc.integer({ min: 0, max: 120 }),
});

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
const base = Date.parse('2024-10-24T08:00:00+07:00');

describe('parseZoomReport round trip', () => {
  test.prop([fc.array(person, { maxLength: 15 }), fc.boolean(), fc.boolean(), fc.boolean(), fc.nat(6)])(
    'reads back what a report says (names on one line, without control characters), whatever the BOM, line ends, meeting block (even with line breaks in its topic)',
    (people, bom, crlf, block, topicBreaks) => {
      const zone = FixedOffsetZone.instance(420);
      const time = (m: number) => DateTime.fromMillis(base + m * 60_000, { zone }).toFormat('MM/dd/yyyy hh:mm:ss a', { locale: 'en-US' });
      const lines = [
        ...(block ? ['Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,', `1,"T, t${'\nt'.repeat(topicBreaks)}",x,y,h@x.id,1,1,`, ''] : []),
        'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest',
        ...people.map((p) => [quote(p.name), p.email ?? '', time(p.start), time(p.start + p.length), p.length, 'No'].join(',')),
      ];
      const csv = (bom ? '\uFEFF' : '') + lines.join(crlf ? '\r\n' : '\n');
      const outcome = parseZoomReport(csv, { utcOffsetMinutes: 420, sessionStart: base });
      if (!outcome.ok) throw new Error(outcome.message);
      const firstData = block ? 5 + topicBreaks : 2;
      expect(outcome.report.invalid).toEqual([]);
      expect(outcome.report.rows.map((r) => ({ name: r.name, email: r.email, joinedAt: r.joinedAt, minutes: r.minutes }))).toEqual(
        people.map((p) => ({ name: shown(p.name), email: p.email?.toLowerCase() ?? null, joinedAt: base + p.start * 60_000, minutes: p.length })),
      );
      let line = firstData;
      outcome.report.rows.forEach((r, i) => {
        expect(r.line).toBe(line);
        line += people[i].name.split('\n').length;
      });
    },
  );
});

describe('parseZoomReport on sectioned webinar reports', () => {
  const attendee = fc.record({ name: person.map((p) => p.name), attended: fc.boolean(), start: fc.integer({ min: 0, max: 120 }) });
  test.prop([fc.array(attendee, { maxLength: 12 }), fc.nat(4), fc.nat(3), fc.boolean()])(
    'reads every section from its own header, with the right physical lines',
    (attendees, topicBreaks, panelists, crlf) => {
      const zone = FixedOffsetZone.instance(420);
      const time = (m: number) => DateTime.fromMillis(base + m * 60_000, { zone }).toFormat('MMM d, yyyy HH:mm:ss', { locale: 'en-US' });
      const lines: string[] = [];
      const skipped: number[] = [];
      const rows: { line: number; name: string }[] = [];
      let nextLine = 1;
      const push = (text: string) => {
        const line = nextLine;
        nextLine += text.split('\n').length;
        lines.push(text);
        return line;
      };
      push('Attendee Report,');
      push(`Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),# Registered,`);
      push(`"Menuju${'\nIndonesia'.repeat(topicBreaks)}",812,"${time(0)}",120,5,`);
      push('');
      push('Host Details,');
      push('Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),Is Guest,Country/Region Name,');
      skipped.push(push(`Yes,Host,h@x.id,"${time(0)}","${time(120)}",120,No,Indonesia,`));
      push('');
      push('Panelist Details,');
      push('Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),Is Guest,Country/Region Name,');
      for (let i = 0; i < panelists; i++) skipped.push(push(`Yes,Panelis ${i},p${i}@x.id,"${time(0)}","${time(60)}",60,No,Indonesia,`));
      push('');
      push('Attendee Details,');
      push('Attended,User Name (Original Name),First Name,Last Name,Email,Join Time,Leave Time,Time in Session (minutes),Is Guest,NIP,Country/Region Name,');
      for (const a of attendees) {
        const line = push(
          a.attended
            ? `Yes,${quote(a.name)},,,,"${time(a.start)}","${time(a.start + 30)}",30,Yes,,Indonesia,`
            : `No,${quote(a.name)},,,,--,--,--,Yes,,Indonesia,`,
        );
        if (a.attended) rows.push({ line, name: shown(a.name) });
        else skipped.push(line);
      }
      const csv = lines.join(crlf ? '\r\n' : '\n');
      const outcome = parseZoomReport(csv, { utcOffsetMinutes: 420, sessionStart: base });
      if (!outcome.ok) throw new Error(outcome.message);
      expect(outcome.report.layout).toBe('WEBINAR_ATTENDEES');
      expect(outcome.report.invalid).toEqual([]);
      expect(outcome.report.rows.map((r) => ({ line: r.line, name: r.name }))).toEqual(rows);
      expect(outcome.report.skipped.map((s) => s.line)).toEqual(skipped.sort((a, b) => a - b));
      expect(outcome.report.rowsTotal).toBe(rows.length + skipped.length);
    },
  );
});
