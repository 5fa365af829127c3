/**
 * Domotz's `concurrent_allowed` in both readings. The reference calls it "Number of allowed calls
 * to the API in a minute"; other clients treat it as calls in flight. The client keeps within both
 * until the account shows which one it follows: a 429 shows the per-minute reading, and the rest of
 * the run is paced to that many calls a minute.
 */

import { SlidingWindowPacer } from '../http/pacing';
import type { HttpResponse, Sleep } from '../http/port';

export const rateReadings = ['inFlight', 'perMinute', 'unknown'] as const;

export type RateReading = (typeof rateReadings)[number];

export function isRateReading(value: unknown): value is RateReading {
	return rateReadings.some((reading) => reading === value);
}

/**
 * A minute and a margin: Domotz counts a call when it arrives, the pacer when it leaves, and an
 * earlier call that travelled slower must not land in the same minute as a later faster one.
 */
export const perMinuteWindowMs = 61_000;

export interface RateGateOptions {
	/** What a previous run showed; `perMinute` paces from the first call. */
	remembered?: RateReading;
	/** The `concurrent_allowed` a previous run read: calls are counted against it from the first. */
	allowed?: number;
	/** Told each time the account shows a reading it did not show before. */
	onReading?: (reading: RateReading) => void;
	now: () => number;
	sleep: Sleep;
}

export class DomotzRateGate {
	private shown: RateReading;

	private pacer?: SlidingWindowPacer;

	/**
	 * While the reading is unknown, the first call beyond a minute's budget goes alone and the
	 * others wait for its answer: whatever Domotz answers, at most this one call is refused.
	 */
	private probe?: Promise<void>;

	constructor(private readonly options: RateGateOptions) {
		this.shown = options.remembered ?? 'unknown';
		if (options.allowed !== undefined) this.pacer = this.pacerFor(options.allowed);
	}

	get reading(): RateReading {
		return this.shown;
	}

	/** The number `/meta/usage` reported; without one, calls pass as they come. */
	allow(concurrentAllowed: number): void {
		// A pacer at that number already counts this minute's calls, the usage read among them.
		if (this.pacer?.limit === concurrentAllowed) return;
		this.pacer = this.pacerFor(concurrentAllowed);
		// The usage read that told the number is a call of this minute too.
		this.pacer.record();
	}

	/**
	 * Sends a call when the reading allows it. A 429 while `quotaSpent` holds is the daily quota
	 * speaking, not the per-minute budget, and shows no reading.
	 */
	async send(call: () => Promise<HttpResponse>, quotaSpent: () => boolean): Promise<HttpResponse> {
		const { pacer } = this;
		if (!pacer) return await call();
		for (;;) {
			if (this.shown === 'perMinute') {
				await pacer.take();
				return await this.observe(call, quotaSpent, false);
			}
			if (this.probe) {
				await this.probe;
				continue;
			}
			const probing = this.shown === 'unknown' && pacer.isFull();
			pacer.record();
			return probing
				? await this.sendProbe(call, quotaSpent)
				: await this.observe(call, quotaSpent, false);
		}
	}

	private pacerFor(limit: number): SlidingWindowPacer {
		const { now, sleep } = this.options;
		return new SlidingWindowPacer({ limit, windowMs: perMinuteWindowMs, now, sleep });
	}

	private sendProbe(
		call: () => Promise<HttpResponse>,
		quotaSpent: () => boolean,
	): Promise<HttpResponse> {
		const answer = this.observe(call, quotaSpent, true);
		const done = () => {
			this.probe = undefined;
		};
		this.probe = answer.then(done, done);
		return answer;
	}

	private async observe(
		call: () => Promise<HttpResponse>,
		quotaSpent: () => boolean,
		probing: boolean,
	): Promise<HttpResponse> {
		const response = await call();
		if (response.status === 429 && !quotaSpent()) this.show('perMinute');
		else if (probing && response.status !== 429) this.show('inFlight');
		return response;
	}

	private show(reading: RateReading): void {
		if (this.shown === reading) return;
		this.shown = reading;
		this.options.onReading?.(reading);
	}
}
