/* eslint-disable @n8n/community-nodes/no-restricted-globals -- benchmark only, never shipped: samples process memory on a timer */
import type { RequestTally } from './simulator-host';

export type RequestKind = 'read' | 'create' | 'update' | 'throttled';

export interface RequestCounts {
	Domotz: Record<RequestKind, number>;
	ConnectWise: Record<RequestKind, number>;
}

const kindByMethod: Record<string, RequestKind> = {
	GET: 'read',
	POST: 'create',
	PATCH: 'update',
	PUT: 'update',
	DELETE: 'update',
};

const emptyKinds = (): Record<RequestKind, number> => ({
	read: 0,
	create: 0,
	update: 0,
	throttled: 0,
});

/** Requests by API and kind; a 429 is counted as `throttled`, not as the work it was refused. */
export function countRequests(tallies: readonly RequestTally[]): RequestCounts {
	const counts: RequestCounts = { Domotz: emptyKinds(), ConnectWise: emptyKinds() };
	for (const tally of tallies) {
		const kind = tally.status === 429 ? 'throttled' : (kindByMethod[tally.method] ?? 'read');
		counts[tally.api][kind] += tally.count;
	}
	return counts;
}

/** Requests that did work (everything but the 429s). */
export function workRequests(counts: Record<RequestKind, number>): number {
	return counts.read + counts.create + counts.update;
}

/**
 * Collects what earlier runs left behind before a run is measured: a re-sync comes twelve hours
 * after the last, by which time V8 has long collected it. Needs `node --expose-gc` (as `npm run
 * bench` starts it).
 */
export function collectEarlierGarbage(): void {
	const collect = (globalThis as { gc?: () => void }).gc;
	if (!collect) throw new Error('start the benchmark with node --expose-gc, as npm run bench does');
	collect();
}

export interface MemoryPeak {
	rssMb: number;
	heapUsedMb: number;
	/** RSS when the run started: Node, ts-node and the modules, before the engine's own data. */
	startRssMb: number;
}

const megabyte = 1024 * 1024;

/**
 * The highest RSS and heap seen while `work` runs. RSS is sampled every few milliseconds (a cheap
 * read); the heap, whose statistics cost more to gather, ten times less often.
 */
export async function withMemoryPeak<Result>(
	work: () => Promise<Result>,
): Promise<{ result: Result; peak: MemoryPeak; wallMs: number }> {
	const peak = { rss: 0, heapUsed: 0 };
	const startRss = process.memoryUsage.rss();
	let samples = 0;
	const sample = () => {
		peak.rss = Math.max(peak.rss, process.memoryUsage.rss());
		if (samples++ % 10 === 0)
			peak.heapUsed = Math.max(peak.heapUsed, process.memoryUsage().heapUsed);
	};
	sample();
	const timer = setInterval(sample, 10);
	const started = performance.now();
	try {
		const result = await work();
		const wallMs = performance.now() - started;
		sample();
		return {
			result,
			wallMs,
			peak: {
				rssMb: peak.rss / megabyte,
				heapUsedMb: peak.heapUsed / megabyte,
				startRssMb: startRss / megabyte,
			},
		};
	} finally {
		clearInterval(timer);
	}
}
