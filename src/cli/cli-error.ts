/** A failure the CLI reports as one line on stderr with a non-zero exit code (2 = bad input or usage). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** One line naming the first problems of a zod error, e.g. `timezone: must be an IANA time zone`. */
export function zodLine(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
