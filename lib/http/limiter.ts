function checkedLimit(limit: number): number {
	if (!Number.isInteger(limit) || limit < 1) {
		throw new RangeError(
			`the concurrency limit must be a whole number of at least 1, got ${limit}`,
		);
	}
	return limit;
}

/** A promise-based semaphore: at most `limit` tasks run at once, others wait in arrival order. */
export class ConcurrencyLimiter {
	private running = 0;

	private readonly waiting: Array<() => void> = [];

	private currentLimit: number;

	constructor(limit: number) {
		this.currentLimit = checkedLimit(limit);
	}

	get limit(): number {
		return this.currentLimit;
	}

	/** From now on at most `limit` at once; tasks already running finish first. */
	lower(limit: number): void {
		this.currentLimit = Math.min(this.currentLimit, checkedLimit(limit));
	}

	async run<Result>(task: () => Promise<Result>): Promise<Result> {
		await this.acquire();
		try {
			return await task();
		} finally {
			this.release();
		}
	}

	private acquire(): Promise<void> {
		if (this.running < this.currentLimit) {
			this.running += 1;
			return Promise.resolve();
		}
		return new Promise((resolve) => this.waiting.push(resolve));
	}

	/**
	 * Hands the slot straight to the next waiter, so a newcomer cannot overtake it; after `lower`,
	 * slots above the new limit are given up instead.
	 */
	private release(): void {
		const next = this.running <= this.currentLimit ? this.waiting.shift() : undefined;
		if (next) next();
		else this.running -= 1;
	}
}
