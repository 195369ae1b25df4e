import type { RequestIn } from '../../shared/contract';
import type { TimelineRow } from '../../shared/model';

/** How far either side of an event its neighbours are looked for. */
export const neighbourSeconds = 300;

/** `time` moved by `seconds`, in the engine's text shape, its microseconds kept. */
export function shiftTime(time: string, seconds: number): string | null {
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) return null;
  const micro = /\.\d{3}(\d{3})/.exec(time)?.[1] ?? '000';
  return new Date(ms + seconds * 1000).toISOString().replace('Z', `${micro}Z`);
}

/**
 * The timeline request for an event's neighbours in time: the events of the same credential
 * (or, without one, the same actor) within five minutes either side. Null when the event has
 * neither or no time.
 */
export function neighbourRequest(event: TimelineRow): RequestIn<'timeline'> | null {
  const from = shiftTime(event.time, -neighbourSeconds);
  const to = shiftTime(event.time, neighbourSeconds);
  if (!from || !to) return null;

  const who = event.credential
    ? { credentials: [event.credential] }
    : event.actor
      ? { actors: [event.actor] }
      : null;
  if (!who) return null;
  return { ...who, timeFrom: from, timeTo: to, limit: 41, count: false };
}
