import { admitOnce, mergeRecentEvents, type RecentEvents } from '../../../lib/trigger/repeats';

const options = { windowMs: 60_000, maxEntries: 3 };
const start = Date.parse('2025-06-01T10:00:00Z');

/** Runs keys through the window in turn, each at its time, and says which were passed on. */
function passed(events: Array<[key: string, at: number]>): string[] {
	let recent: RecentEvents = {};
	return events.flatMap(([key, at]) => {
		const outcome = admitOnce(recent, key, at, options);
		recent = outcome.recent;
		return outcome.admitted ? [`${key}@${at - start}`] : [];
	});
}

describe('admitOnce', () => {
	it('passes an event on once within the window, measured from the one passed', () => {
		expect(
			passed([
				['discovery 501', start],
				['discovery 501', start + 10_000],
				['discovery 501', start + 59_999],
				['discovery 501', start + 60_000],
			]),
		).toEqual(['discovery 501@0', 'discovery 501@60000']);
	});

	it('tells different events apart', () => {
		expect(
			passed([
				['ip 501 10.0.0.1', start],
				['ip 501 10.0.0.2', start + 1],
				['ip 502 10.0.0.1', start + 2],
			]),
		).toHaveLength(3);
	});

	it('keeps only the newest fingerprints, dropping expired ones first', () => {
		const outcome = passed([
			['a', start],
			['b', start + 1],
			['c', start + 2],
			['d', start + 3],
			['a', start + 4],
		]);

		expect(outcome).toEqual(['a@0', 'b@1', 'c@2', 'd@3', 'a@4']);
	});

	it('never changes the state it is given, and keeps state that JSON can hold', () => {
		const recent: RecentEvents = {};

		const outcome = admitOnce(recent, 'x', start, options);

		expect(recent).toEqual({});
		expect(JSON.parse(JSON.stringify(outcome.recent))).toEqual(outcome.recent);
		expect(Object.values(outcome.recent)).toEqual([start]);
	});

	it('stores a fixed-size fingerprint, not the event', () => {
		const key = `device_ip_change|10401|501|${'{"value":["10.0.0.1"]}'.repeat(50)}`;

		const { recent } = admitOnce({}, key, start, options);

		expect(Object.keys(recent)).toEqual([expect.stringMatching(/^[0-9a-f]{16}$/)]);
	});

	it('forgets entries that are no use: from the future (a clock set back) or not numbers', () => {
		const { recent: first } = admitOnce({}, 'x', start + 30_000, options);
		const damaged = { ...first, junk: Number.NaN } as RecentEvents;

		const outcome = admitOnce(damaged, 'x', start, options);

		expect(outcome.admitted).toBe(true);
		expect(Object.values(outcome.recent)).toEqual([start]);
	});
});

describe('mergeRecentEvents', () => {
	it('keeps each fingerprint of either, at its later time, and changes neither', () => {
		const left: RecentEvents = { a: 1, b: 5 };
		const right: RecentEvents = { b: 3, c: 4 };

		expect(mergeRecentEvents(left, right)).toEqual({ a: 1, b: 5, c: 4 });
		expect([left, right]).toEqual([
			{ a: 1, b: 5 },
			{ b: 3, c: 4 },
		]);
	});
});
