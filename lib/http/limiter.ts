/** A promise-based semaphore: at most `limit` tasks run at once, others wait in arrival order. */
export class ConcurrencyLimiter {
	private running = 0;

	private readonly waiting: Array<() => void> = [];

	constructor(readonly limit: number) {
		if (!Number.isInteger(limit) || limit < 1) {
			throw new RangeError(
				`the concurrency limit must be a whole number of at least 1, got ${limit}`,
			);
		}
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
		if (this.running < this.limit) {
			this.running += 1;
			return Promise.resolve();
		}
		return new Promise((resolve) => this.waiting.push(resolve));
	}

	/** Hands the slot straight to the next waiter, so a newcomer cannot overtake it. */
	private release(): void {
		const next = this.waiting.shift();
		if (next) next();
		else this.running -= 1;
	}
}
