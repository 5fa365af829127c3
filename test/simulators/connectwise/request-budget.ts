const WINDOW_MS = 60_000;

export type BudgetDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A sliding one-minute request budget ("over 1,000 requests per minute will likely experience rate
 * limiting", reference §3.2). Refused requests do not consume budget, so a client that honours
 * `Retry-After` gets through once the window has moved on.
 */
export class RequestBudget {
	private stamps: number[] = [];
	private head = 0;

	constructor(
		private readonly perMinute: number,
		private readonly clock: () => number,
	) {}

	take(): BudgetDecision {
		if (this.perMinute <= 0) return { allowed: true };
		const now = this.clock();
		while (this.head < this.stamps.length && this.stamps[this.head] <= now - WINDOW_MS) {
			this.head += 1;
		}
		if (this.stamps.length - this.head >= this.perMinute) {
			const freesAt = this.stamps[this.head] + WINDOW_MS;
			return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now) / 1000)) };
		}
		this.stamps.push(now);
		if (this.head > 4096 && this.head * 2 > this.stamps.length) {
			this.stamps = this.stamps.slice(this.head);
			this.head = 0;
		}
		return { allowed: true };
	}

	reset(): void {
		this.stamps = [];
		this.head = 0;
	}
}
