/** Where time comes from: certificate validity, ticket age and timeouts read this, so tests can pin it. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock stopped at `at` (a Date or epoch milliseconds), for tests and replay. */
export function fixedClock(at: Date | number): Clock {
  const ms = typeof at === 'number' ? at : at.getTime();
  return { now: () => ms };
}
