import { TLSError } from '../errors.js';
import { AlertDescription, type AlertName, alertName } from './constants.js';

/** A fatal error we detected: the connection sends this alert, then closes. */
export function fatal(alert: AlertName, message: string, cause?: unknown): TLSError {
  return new TLSError(message, AlertDescription[alert], alert, 'sent', cause === undefined ? undefined : { cause });
}

/** An alert the server sent us. */
export function receivedAlert(code: number, level: number): TLSError {
  const name = alertName(code);
  return new TLSError(`server sent ${level === 1 ? 'warning' : 'fatal'} alert ${name} (${code})`, code, name, 'received');
}
