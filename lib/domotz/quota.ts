/**
 * What the key's usage report allows: whether a batch of calls fits in what is left of the daily
 * quota, and how long calls take at the per-minute pace. Pure: the client supplies the usage.
 */

import type { RateReading } from './rate';
import type { DomotzUsage } from './schemas';

export type DailyUsage = Pick<DomotzUsage, 'daily_limit' | 'daily_usage'>;

export type QuotaCheck =
	| { kind: 'fits'; left: number }
	/** Domotz reported no quota: nothing to check against. */
	| { kind: 'unknown' }
	| { kind: 'exceeded'; needed: number; left: number; message: string };

export function checkDailyQuota(needed: number, usage: DailyUsage | undefined): QuotaCheck {
	const limit = usage?.daily_limit;
	if (typeof limit !== 'number') return { kind: 'unknown' };
	const left = Math.max(0, limit - (usage?.daily_usage ?? 0));
	if (needed <= left) return { kind: 'fits', left };
	return {
		kind: 'exceeded',
		needed,
		left,
		message: `These writes need ${needed} Domotz API calls but only ${left} of the key's ${limit} a day are left, so nothing was written`,
	};
}

/**
 * Minutes `calls` take when Domotz allows `concurrent_allowed` calls a minute; undefined when no
 * pace applies (the in-flight or an unknown reading) or the key reports no number.
 */
export function estimateDomotzMinutes(
	calls: number,
	usage: Pick<DomotzUsage, 'concurrent_allowed'> | undefined,
	reading: RateReading,
): number | undefined {
	const perMinute = usage?.concurrent_allowed;
	if (reading !== 'perMinute' || typeof perMinute !== 'number' || perMinute < 1) return undefined;
	return Math.ceil(calls / perMinute);
}
