import { failureReason } from '@lab/resilience';

/** Why a call of a pull gave no fresh answer: what /schedules/current shows as `lastError`. */
export interface PullError {
  /** The Genesys call (or `pull` for the pull as a whole). */
  call: string;
  /** A short reason: http-503, timeout, breaker-open, connection, pull-timeout, aborted, incomplete, ... */
  reason: string;
  message: string;
  /** When it happened, ISO-8601. */
  at: string;
}

const MAX_MESSAGE = 300;

/** The PullError of `error`. Messages of the Genesys client carry no secret (path templates, Genesys text). */
export function pullErrorOf(call: string, error: unknown, at: Date = new Date(), reason?: string): PullError {
  const message = error instanceof Error ? error.message : String(error);
  return {
    call,
    reason: reason ?? failureReason(error),
    message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message,
    at: at.toISOString(),
  };
}
