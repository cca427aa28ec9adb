import { SYSTEM } from '../auth/viewer';
import type { Services } from '../composition/services';
import type { Unwrap } from './unwrap';
import { DEMO_LEARNERS, type DemoLearner } from './demo-people';


const SERIES = {
  code: 'MITK',
  title: 'Menuju Indonesia Tanpa Kemiskinan',
  organizerCode: 'BPSDM-JATIM',
  description: 'Webinar series of BPSDM Jawa Timur on poverty reduction, on Zoom and streamed on YouTube (BPSDM Jatim TV).',
};

const CHANNELS = [
  { platform: 'ZOOM' as const },
  { platform: 'YOUTUBE' as const, url: 'https://www.youtube.com/@bpsdmjatimtv' },
];

const at = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return `"10/24/2024 ${String(((h + 11) % 12) + 1).padStart(2, '0')}:${String(m).padStart(2, '0')}:00 ${h < 12 ? 'AM' : 'PM'}"`;
};

/**
 * Session 41's Zoom report (made-up rows, the newer layout): full stays,
 * a rejoin, a second device, a waiting-room row, a short stay, a NIP in a
 * display name, and a guest no learner matches.
 */
function session41Report(people: DemoLearner[]): string {
  const row = (name: string, email: string, from: string, to: string, waiting = false) =>
    `${name.includes(',') ? `"${name}"` : name},${email},${at(from)},${at(to)},0,${email ? 'No' : 'Yes'},OK,${waiting ? 'Yes' : 'No'}`;
  const [siti, agus, dewi, bambang, rina, hendra, yuliana, eko] = people;
  return [
    '\uFEFFTopic,ID,Host,Duration (minutes),Start time,End time,Participants',
    `Menuju Indonesia Tanpa Kemiskinan #41,812 3456 7890,BPSDM Jatim,185,${at('08:55')},${at('12:00')},11`,
    '',
    'Name (original name),Email,Join time,Leave time,Duration (minutes),Guest,Recording disclaimer response,In waiting room',
    row(siti.name, siti.email!, '08:50', '08:58', true),
    row(siti.name, siti.email!, '08:58', '12:00'),
    row(agus.name, agus.email!, '09:00', '10:10'),
    row(`${agus.name} (HP)`, agus.email!.toUpperCase(), '10:15', '12:00'),
    row(`${dewi.name}_${dewi.nip}`, '', '09:02', '11:55'),
    row(bambang.name, bambang.email!, '09:00', '11:30'),
    row(`${bambang.name} (iPad)`, bambang.email!, '09:30', '11:58'),
    row(rina.name, rina.email!, '09:05', '09:50'),
    row(hendra.name, hendra.email!, '09:00', '12:00'),
    row(yuliana.name, yuliana.email!, '09:10', '11:45'),
    row(eko.name, eko.email!, '09:00', '10:30'),
    row('Pak Camat (Tamu)', '', '09:15', '11:00'),
  ].join('\r\n');
}

/** The webinar series of the seeds, session 41 with its attendance evidence, and an upcoming session. */
export async function seedDemoWebinars(services: Services, unwrap: Unwrap): Promise<void> {
  unwrap('webinar series MITK', await services.webinars.createSeries(SYSTEM, SERIES));
  const session = unwrap(
    'webinar session 41',
    await services.webinars.scheduleSession(SYSTEM, {
      seriesCode: SERIES.code,
      number: 41,
      title: 'Sinergi Data dan Program Pengentasan Kemiskinan Ekstrem',
      startsAt: '2024-10-24T09:00:00+07:00',
      endsAt: '2024-10-24T12:00:00+07:00',
      jp: 3,
      channels: CHANNELS,
      competencyCodes: ['M.04', 'M.05'],
      certificateRuleCode: 'MITK-E-CERT',
      programGroups: ['SOCIAL_ASSISTANCE_AND_SECURITY'],
      strategies: ['REDUCE_SPENDING_BURDEN', 'POLICY_SYNERGY'],
    }),
  );
  unwrap(
    'webinar session 42',
    await services.webinars.scheduleSession(SYSTEM, {
      seriesCode: SERIES.code,
      number: 42,
      title: 'Graduasi Keluarga Penerima Manfaat',
      startsAt: '2026-12-10T09:00:00+07:00',
      endsAt: '2026-12-10T11:00:00+07:00',
      jp: 2,
      channels: CHANNELS,
      competencyCodes: ['M.05', 'M.07'],
      certificateRuleCode: 'MITK-E-CERT',
    }),
  );
  const sessionId = session.id;
  const asn = DEMO_LEARNERS.filter((l) => l.nip);
  const mulyono = DEMO_LEARNERS.find((l) => l.employmentType === 'NON_ASN')!;
  // BPSDM organises; the learners are Probolinggo's, who register them: that lets BPSDM record their attendance.
  unwrap('registrations for session 41', await services.registrations.register(SYSTEM, { sessionId, nips: asn.map((l) => l.nip!), emails: [mulyono.email!] }));
  unwrap(
    'Zoom report of session 41',
    await services.attendanceImports.importZoom(SYSTEM, { sessionId, fileName: 'mitk-41-participants.csv', csv: session41Report(asn) }),
  );
  unwrap(
    'YouTube attendance forms of session 41',
    await services.attendance.record(SYSTEM, {
      sessionId,
      source: 'FORM',
      entries: [
        { nip: asn[12].nip, minutes: 175, joinedAt: '2024-10-24T09:03:00+07:00' },
        { nip: asn[13].nip, minutes: 60, joinedAt: '2024-10-24T10:00:00+07:00' },
        { email: mulyono.email, minutes: 150, joinedAt: '2024-10-24T09:20:00+07:00' },
      ],
    }),
  );
}
