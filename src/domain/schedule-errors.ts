/** A schedule that cannot be resolved as given (bad zone, bad wall time, bad period...). */
export class ScheduleError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ScheduleError';
  }
}
