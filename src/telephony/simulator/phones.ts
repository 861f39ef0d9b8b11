import type { AnsweredBy, NumberConfig, PhoneBehaviour, SmsFate } from './types';

/** Unscripted phones ring until the caller gives up, like a phone left in a drawer. */
export const RING_OUT: PhoneBehaviour = Object.freeze({ answer: 'no-answer' });

/**
 * The outside world: numbers Nightline owns (with their webhook URLs) and scripts for every
 * other phone. A phone uses its queued behaviours first, one per call, then its standing script.
 */
export class PhoneBook {
  private readonly numbers = new Map<string, NumberConfig>();
  private readonly standing = new Map<string, PhoneBehaviour>();
  private readonly queued = new Map<string, PhoneBehaviour[]>();
  private fallback: PhoneBehaviour = RING_OUT;

  configureNumber(number: string, cfg: NumberConfig): void {
    this.numbers.set(number, { ...this.numbers.get(number), ...cfg });
  }

  numberConfig(number: string): NumberConfig | undefined {
    return this.numbers.get(number);
  }

  setDefault(b: PhoneBehaviour): void {
    this.fallback = { ...b };
  }

  setStanding(number: string, b: PhoneBehaviour): void {
    this.standing.set(number, { ...b });
  }

  enqueue(number: string, bs: PhoneBehaviour[]): void {
    this.queued.set(number, [...(this.queued.get(number) ?? []), ...bs.map((b) => ({ ...b }))]);
  }

  forget(number: string): void {
    this.standing.delete(number);
    this.queued.delete(number);
  }

  /** The behaviour for the next call to `number`; consumes one queued behaviour if there is any. */
  takeForCall(number: string): PhoneBehaviour {
    const q = this.queued.get(number);
    const next = q?.shift();
    if (q && q.length === 0) this.queued.delete(number);
    return next ?? this.standing.get(number) ?? this.fallback;
  }

  /** The behaviour that decides API errors and SMS fate; does not consume anything. */
  peek(number: string): PhoneBehaviour {
    return this.queued.get(number)?.[0] ?? this.standing.get(number) ?? this.fallback;
  }

  smsFate(number: string): SmsFate {
    return this.peek(number).sms ?? 'delivered';
  }

  reset(): void {
    this.numbers.clear();
    this.standing.clear();
    this.queued.clear();
    this.fallback = RING_OUT;
  }
}

/** Fluent scripting for one phone: `sim.phone('+15551230001').answers({ pressDigits: ['1'] })`. */
export class PhoneHandle {
  constructor(
    private readonly book: PhoneBook,
    readonly number: string,
  ) {}

  /** Standing behaviour for every call (after queued ones). `answer` defaults to 'human'. */
  script(b: PhoneBehaviour): this {
    this.book.setStanding(this.number, { answer: 'human', ...b });
    return this;
  }

  /** Behaviours for the next calls, one each, in order; then the standing script applies again. */
  queue(...bs: PhoneBehaviour[]): this {
    this.book.enqueue(
      this.number,
      bs.map((b) => ({ answer: 'human', ...b })),
    );
    return this;
  }

  answers(b: Omit<PhoneBehaviour, 'answer'> = {}): this {
    return this.script({ ...b, answer: 'human' });
  }

  answeredByMachine(
    kind: Exclude<AnsweredBy, 'human'> = 'machine_end_beep',
    b: Omit<PhoneBehaviour, 'answer'> = {},
  ): this {
    return this.script({ ...b, answer: kind });
  }

  ringOut(): this {
    return this.script({ answer: 'no-answer' });
  }

  busy(): this {
    return this.script({ answer: 'busy' });
  }

  /** A declined call is reported by the network as busy. */
  reject(): this {
    return this.busy();
  }

  fail(): this {
    return this.script({ answer: 'failed' });
  }

  /** Drops the scripts: the phone falls back to the simulator's default behaviour. */
  reset(): this {
    this.book.forget(this.number);
    return this;
  }
}
