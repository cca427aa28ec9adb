import { asksForNip, mapColumns, type ColumnMap } from '../../../core/header-map';

/** What a report column means, whatever the portal's language or Zoom's vintage calls it. */
export type ZoomColumn =
  | 'name'
  | 'firstName'
  | 'lastName'
  | 'email'
  | 'joinTime'
  | 'leaveTime'
  | 'duration'
  | 'totalDuration'
  | 'guest'
  | 'waitingRoom'
  | 'attended'
  | 'nip';

/**
 * Header text (compared lower-case, spaces collapsed) to column. English as
 * Zoom writes it in every layout, plus Indonesian and Spanish portals; callers
 * pass more aliases to `parseZoomReport` for other languages.
 */
export const DEFAULT_HEADER_ALIASES: Readonly<Record<string, ZoomColumn>> = {
  'name (original name)': 'name',
  'user name (original name)': 'name',
  'name': 'name',
  'user name': 'name',
  'participant': 'name',
  'nama (nama asli)': 'name',
  'nama pengguna (nama asli)': 'name',
  'nama': 'name',
  'nombre (nombre original)': 'name',
  'nombre de usuario (nombre original)': 'name',
  'nombre': 'name',
  'first name': 'firstName',
  'nama depan': 'firstName',
  'last name': 'lastName',
  'nama belakang': 'lastName',
  'user email': 'email',
  'email': 'email',
  'e-mail': 'email',
  'email pengguna': 'email',
  'surel': 'email',
  'correo electrónico': 'email',
  'correo electrónico del usuario': 'email',
  'join time': 'joinTime',
  'waktu bergabung': 'joinTime',
  'hora de entrada': 'joinTime',
  'hora de ingreso': 'joinTime',
  'leave time': 'leaveTime',
  'waktu keluar': 'leaveTime',
  'hora de salida': 'leaveTime',
  'duration (minutes)': 'duration',
  'time in session (minutes)': 'duration',
  'durasi (menit)': 'duration',
  'duración (minutos)': 'duration',
  'total duration (minutes)': 'totalDuration',
  'total durasi (menit)': 'totalDuration',
  'durasi total (menit)': 'totalDuration',
  'duración total (minutos)': 'totalDuration',
  'guest': 'guest',
  'is guest': 'guest',
  'tamu': 'guest',
  'invitado': 'guest',
  'in waiting room': 'waitingRoom',
  'di ruang tunggu': 'waitingRoom',
  'en la sala de espera': 'waitingRoom',
  'attended': 'attended',
  'hadir': 'attended',
  'asistió': 'attended',
  'nip': 'nip',
  'nomor induk pegawai': 'nip',
};


export type HeaderMap = ColumnMap<ZoomColumn>;

/** Column positions of a header row; the first cell with a meaning wins. */
export function mapHeader(cells: readonly string[], aliases: Readonly<Record<string, ZoomColumn>>): HeaderMap {
  return mapColumns(cells, aliases, (h) => (asksForNip(h) ? 'nip' : undefined));
}

/** A participant header names people and says how long they stayed. */
export function isParticipantHeader(map: HeaderMap): boolean {
  const named = map.name !== undefined || (map.firstName !== undefined && map.email !== undefined);
  const timed = (map.joinTime !== undefined && map.leaveTime !== undefined) || map.totalDuration !== undefined;
  return named && timed;
}
