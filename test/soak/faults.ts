/**
 * The fault mix of the soak as data: every kind of failure a real API or network gives, in equal
 * shares, so that a given fraction of all requests on every route fails.
 */
import type { FaultKind, FaultRule, RequestRecord } from '../simulators/common/http-simulator';

export interface FaultKindEntry {
	label: string;
	fault: FaultKind;
}

const injected = (status: number, message: string, headers?: Record<string, string>) => ({
	type: 'status' as const,
	status,
	body: { code: 'InjectedFault', message },
	...(headers ? { headers } : {}),
});

export const faultKinds: readonly FaultKindEntry[] = [
	{
		label: '429 with Retry-After',
		fault: injected(429, 'Too many requests', { 'Retry-After': '2' }),
	},
	{ label: '429 without Retry-After', fault: injected(429, 'Too many requests') },
	{ label: '500', fault: injected(500, 'Internal server error') },
	{ label: '502', fault: injected(502, 'Bad gateway') },
	{ label: '503', fault: injected(503, 'Service unavailable') },
	{ label: 'connection reset', fault: { type: 'reset' } },
	{ label: 'timeout', fault: { type: 'timeout' } },
	/** Applied, then the answer is lost: the case that turns a retried create into a duplicate. */
	{ label: 'answer lost after the write', fault: { type: 'lostResponse' } },
];

/**
 * One rule per kind on every route. The simulator tries the rules in order and the first that
 * fires wins, so each rule's rate is conditional on the earlier ones not firing: together they
 * hit `totalRate` of the requests, each kind an equal share.
 */
export function faultRules(totalRate: number, kinds = faultKinds): FaultRule[] {
	const share = totalRate / kinds.length;
	return kinds.map((kind, index) => ({
		route: '*',
		fault: kind.fault,
		rate: share / (1 - index * share),
	}));
}

/** How a request the simulator logged was failed on purpose, if it was. */
const outcomeLabels: Record<string, string> = {
	'429': '429',
	'500': '500',
	'502': '502',
	'503': '503',
	reset: 'reset or answer lost',
	timeout: 'timeout',
};

/**
 * Injected faults by outcome, read from the simulators' request logs: the soak's simulators do
 * not throttle, so they answer these statuses only when a rule fires.
 */
export function tallyFaults(records: readonly RequestRecord[]): Record<string, number> {
	const tally: Record<string, number> = {};
	for (const record of records) {
		const label = outcomeLabels[String(record.status)];
		if (label) tally[label] = (tally[label] ?? 0) + 1;
	}
	return tally;
}
