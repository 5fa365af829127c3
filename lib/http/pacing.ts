import type { Sleep } from './port';

export interface PacerOptions {
	/** Calls that may start within any one window. */
	limit: number;
	windowMs: number;
	now: () => number;
	sleep: Sleep;
}

/**
 * A sliding window: at most `limit` calls start within any `windowMs`. A call that would be one
 * too many waits, through the injected sleep, until the oldest call of the window has left it;
 * waiting calls start in the order they asked.
 */
export class SlidingWindowPacer {
	/** Start times of the latest `limit` calls, oldest first: an older one can no longer matter. */
	private readonly starts: number[] = [];

	private queue: Promise<void> = Promise.resolve();

	constructor(private readonly options: PacerOptions) {
		if (!Number.isInteger(options.limit) || options.limit < 1) {
			throw new RangeError(`the pace must allow a whole number of calls, got ${options.limit}`);
		}
		if (!(options.windowMs > 0)) {
			throw new RangeError(`the pace window must be positive, got ${options.windowMs}`);
		}
	}

	/** Calls that may start within any one window. */
	get limit(): number {
		return this.options.limit;
	}

	/** Whether a call started now would exceed the limit. */
	isFull(): boolean {
		const { limit, windowMs, now } = this.options;
		return this.starts.length >= limit && this.starts[0] > now() - windowMs;
	}

	/** Counts a call that starts now without waiting: calls made before pacing began count too. */
	record(): void {
		this.starts.push(this.options.now());
		if (this.starts.length > this.options.limit) this.starts.shift();
	}

	/** Resolves once a call may start, and counts it as started. */
	take(): Promise<void> {
		const turn = this.queue.then(() => this.waitForRoom());
		this.queue = turn.catch(() => undefined);
		return turn;
	}

	private async waitForRoom(): Promise<void> {
		const { windowMs, now, sleep } = this.options;
		while (this.isFull()) await sleep(this.starts[0] + windowMs - now());
		this.record();
	}
}
