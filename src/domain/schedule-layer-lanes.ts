import { shiftsBetween } from './schedule-resolve';
import type { Schedule, Shift } from './schedule.types';

/**
 * Each layer's own rotation over [from, to), as if it were the only layer and nothing overrode it: the lanes the
 * console draws beside the final schedule. It is shiftsBetween on a one-layer schedule, so a lane can never
 * disagree with how that layer resolves (its restriction windows show as the layer's gaps).
 */
export function layerShiftsBetween(schedule: Schedule, from: Date, to: Date): Shift[][] {
  return schedule.layers.map((layer, index) => {
    const alone: Schedule = { ...schedule, layers: [layer], overrides: [], timeOff: [], holidays: [], holidayRotation: undefined };
    return shiftsBetween(alone, from, to).map((s) => (s.layerIndex === undefined ? s : { ...s, layerIndex: index }));
  });
}
