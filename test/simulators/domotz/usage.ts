import type { Clock } from './time';
import type {
	ApiUsageInformation,
	ConcurrentAllowedMeaning,
	DomotzLimits,
	UsageCount,
} from './types';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Drop expired calls from the front of the log once this many have piled up. */
const COMPACT_AFTER = 1024;

export interface CallOrigin {
	keyId: number;
	keyName: string;
	ip: string;
	/** Base resource, e.g. `agent` for `/agent/12/device`. */
	resource: string;
}

interface Call extends CallOrigin {
	time: number;
}

export type ExhaustedBudget = ConcurrentAllowedMeaning | 'daily';

/**
 * Counts admitted calls over a rolling 24 hours and decides throttling. The clock must not run
 * backwards: windows are found by scanning the time-ordered log from its ends.
 */
export class UsageMeter {
	private calls: Call[] = [];
	/** Index of the oldest call still inside the 24-hour window. */
	private oldest = 0;
	/** A seed's earlier calls have no origin to report in `by_key`: only their count is kept. */
	private earlier = { count: 0, until: 0 };

	constructor(
		private readonly clock: Clock,
		public limits: DomotzLimits,
	) {}

	/**
	 * Records the call, or names the budget it would exceed. `inFlight` counts requests being
	 * served right now, this one included; it is only asked in the in-flight reading.
	 */
	admit(origin: CallOrigin, inFlight: () => number): ExhaustedBudget | undefined {
		const now = this.clock();
		this.expire(now);
		const exhausted = this.exhaustedBudget(now, inFlight);
		if (!exhausted) this.calls.push({ ...origin, time: now });
		return exhausted;
	}

	report(): ApiUsageInformation {
		const now = this.clock();
		this.expire(now);
		const live = this.calls.slice(this.oldest);
		const byKey = new Map<number, UsageCount & { id: number }>();
		for (const call of live) {
			const entry = byKey.get(call.keyId) ?? { id: call.keyId, name: call.keyName, count: 0 };
			entry.count += 1;
			byKey.set(call.keyId, entry);
		}
		return {
			daily_limit: this.limits.daily,
			daily_usage: this.dailyCount(now),
			concurrent_allowed: this.limits.concurrentAllowed,
			by_key: [...byKey.values()].sort((left, right) => left.id - right.id),
			by_ip: tally(live.map((call) => call.ip)),
			by_resource: tally(live.map((call) => call.resource)),
		};
	}

	/** Forgets every call; `earlierCalls` were made an hour ago and leave the window 23 hours on. */
	reset(earlierCalls = 0): void {
		this.calls = [];
		this.oldest = 0;
		this.earlier = { count: earlierCalls, until: this.clock() - HOUR_MS + DAY_MS };
	}

	private exhaustedBudget(now: number, inFlight: () => number): ExhaustedBudget | undefined {
		const { concurrentAllowed, concurrentAllowedMeaning, daily } = this.limits;
		const spent: Record<ConcurrentAllowedMeaning, () => boolean> = {
			perMinute: () => this.countSince(now - MINUTE_MS, concurrentAllowed) >= concurrentAllowed,
			inFlight: () => inFlight() > concurrentAllowed,
		};
		if (spent[concurrentAllowedMeaning]()) return concurrentAllowedMeaning;
		if (this.dailyCount(now) >= daily) return 'daily';
		return undefined;
	}

	private dailyCount(now: number): number {
		const earlier = now < this.earlier.until ? this.earlier.count : 0;
		return this.calls.length - this.oldest + earlier;
	}

	/** Calls after `since`, counted from the newest end and no further than `atMost`. */
	private countSince(since: number, atMost: number): number {
		let count = 0;
		for (let index = this.calls.length - 1; index >= this.oldest && count < atMost; index -= 1) {
			if (this.calls[index].time <= since) break;
			count += 1;
		}
		return count;
	}

	private expire(now: number): void {
		while (this.oldest < this.calls.length && this.calls[this.oldest].time <= now - DAY_MS) {
			this.oldest += 1;
		}
		if (this.oldest >= COMPACT_AFTER && this.oldest * 2 >= this.calls.length) {
			this.calls = this.calls.slice(this.oldest);
			this.oldest = 0;
		}
	}
}

function tally(names: string[]): UsageCount[] {
	const counts = new Map<string, number>();
	for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
	return [...counts]
		.map(([name, count]) => ({ name, count }))
		.sort((left, right) => left.name.localeCompare(right.name));
}
