/**
 * Domotz may send one event more than once (the same device discovered twice within a short
 * while). The trigger passes the first on and drops the repeats for a window, measured from the
 * event it passed. The state is plain JSON, small and bounded, for the glue to keep between
 * webhook calls (n8n's workflow static data).
 */

import { z } from 'zod';

/** Event fingerprints and when each was passed on (milliseconds since the epoch). */
export type RecentEvents = Record<string, number>;

const recentEventsSchema = z.record(z.string(), z.number());

/** The state as the glue kept it; anything unreadable starts afresh. */
export function readRecentEvents(raw: unknown): RecentEvents {
	const parsed = recentEventsSchema.safeParse(raw);
	return parsed.success ? parsed.data : {};
}

export interface RepeatOptions {
	windowMs: number;
	/** Fingerprints kept at most; the oldest go first. */
	maxEntries: number;
}

export const DEFAULT_REPEAT_OPTIONS: RepeatOptions = { windowMs: 300_000, maxEntries: 500 };

/**
 * Whether an event with this key is passed on at `now`, and the state to keep afterwards:
 * fingerprints older than the window are dropped, and the newest `maxEntries` kept. Never mutates
 * `recent`.
 */
export function admitOnce(
	recent: RecentEvents,
	key: string,
	now: number,
	options: RepeatOptions = DEFAULT_REPEAT_OPTIONS,
): { admitted: boolean; recent: RecentEvents } {
	const fingerprint = fingerprintOf(key);
	const live = Object.entries(recent).filter(
		([, seenAt]) => Number.isFinite(seenAt) && seenAt <= now && now - seenAt < options.windowMs,
	);
	const admitted = !live.some(([seen]) => seen === fingerprint);
	const kept = admitted ? [...live, [fingerprint, now] as const] : live;
	return {
		admitted,
		recent: Object.fromEntries(
			kept.sort(([, left], [, right]) => left - right).slice(-options.maxEntries),
		),
	};
}

/** Each fingerprint of either, with its later time. Never mutates its inputs. */
export function mergeRecentEvents(left: RecentEvents, right: RecentEvents): RecentEvents {
	const merged: RecentEvents = { ...left };
	for (const [fingerprint, seenAt] of Object.entries(right)) {
		merged[fingerprint] = Math.max(merged[fingerprint] ?? seenAt, seenAt);
	}
	return merged;
}

/**
 * A 64-bit FNV-1a digest as 16 hex digits: keys hold whole event changes, the state only needs to
 * tell them apart.
 */
function fingerprintOf(key: string): string {
	let hash = 0xcbf29ce484222325n;
	for (const byte of new TextEncoder().encode(key)) {
		hash ^= BigInt(byte);
		hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
	}
	return hash.toString(16).padStart(16, '0');
}
