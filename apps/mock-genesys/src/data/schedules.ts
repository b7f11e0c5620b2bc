import { derivedSeed, seededFaker } from './random.js';

const DAY_MS = 86_400_000;
const ACTIVITY_CODES = { work: 'activity-work', break: 'activity-break', meal: 'activity-meal' } as const;

export interface Shift {
  id: string;
  startDate: string;
  lengthMinutes: number;
  activities: {
    startDate: string;
    lengthMinutes: number;
    description: string;
    activityCodeId: string;
    paid: boolean;
  }[];
}

/** One agent's shifts between two dates: the same seed, user and day always give the same shift. */
export function agentShifts(seed: number, userId: string, fromMs: number, toMs: number): Shift[] {
  const shifts: Shift[] = [];
  for (let day = Math.floor(fromMs / DAY_MS) * DAY_MS; day < toMs; day += DAY_MS) {
    const f = seededFaker(derivedSeed(seed, userId, day));
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6 || f.number.float() < 0.1) continue; // weekends and days off
    const start = day + f.helpers.arrayElement([7, 8, 9, 10, 12]) * 3_600_000;
    if (start < fromMs || start >= toMs) continue;
    const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
    shifts.push({
      id: f.string.uuid(),
      startDate: at(0),
      lengthMinutes: 510,
      activities: [
        {
          startDate: at(0),
          lengthMinutes: 120,
          description: 'On queue',
          activityCodeId: ACTIVITY_CODES.work,
          paid: true,
        },
        {
          startDate: at(120),
          lengthMinutes: 15,
          description: 'Break',
          activityCodeId: ACTIVITY_CODES.break,
          paid: true,
        },
        {
          startDate: at(135),
          lengthMinutes: 120,
          description: 'On queue',
          activityCodeId: ACTIVITY_CODES.work,
          paid: true,
        },
        {
          startDate: at(255),
          lengthMinutes: 30,
          description: 'Meal',
          activityCodeId: ACTIVITY_CODES.meal,
          paid: false,
        },
        {
          startDate: at(285),
          lengthMinutes: 225,
          description: 'On queue',
          activityCodeId: ACTIVITY_CODES.work,
          paid: true,
        },
      ],
    });
  }
  return shifts;
}

/** The schedules of one business-unit week (weekId is the week's Monday, YYYY-MM-DD). */
export function weekSchedules(seed: number, buId: string, weekId: string) {
  const f = seededFaker(derivedSeed(seed, buId, weekId));
  return Array.from({ length: f.number.int({ min: 1, max: 2 }) }, (_, i) => {
    const id = f.string.uuid();
    return {
      id,
      weekDate: weekId,
      weekCount: 1,
      description: i === 0 ? `Published schedule for week of ${weekId}` : `Draft schedule for week of ${weekId}`,
      published: i === 0,
      selfUri: `/api/v2/workforcemanagement/businessunits/${buId}/weeks/${weekId}/schedules/${id}`,
    };
  });
}
