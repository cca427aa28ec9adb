import pino, { type Logger } from 'pino';

/** JSON lines on stdout; secrets and personal data are never passed to it, and redaction catches slips. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'bangkom' },
    redact: { paths: ['req.headers.authorization', '*.token', '*.secret', '*.nip', '*.email'], censor: '[redacted]' },
  });
}
