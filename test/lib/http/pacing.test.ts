import { SlidingWindowPacer } from '../../../lib/http/pacing';
import { manualClock, recordingSleep } from '../../support/time';

function pacer(limit: number, windowMs = 60_000) {
	const clock = manualClock(0);
	const { sleep, delays } = recordingSleep(clock.advance);
	return {
		pacer: new SlidingWindowPacer({ limit, windowMs, now: clock.now, sleep }),
		clock,
		delays,
	};
}

describe('SlidingWindowPacer', () => {
	it('lets the first `limit` calls go at once, then each when the oldest leaves the window', async () => {
		const { pacer: paced, clock, delays } = pacer(3);
		const started: number[] = [];

		for (let call = 0; call < 7; call += 1) {
			await paced.take();
			started.push(clock.now());
		}

		expect(started).toEqual([0, 0, 0, 60_000, 60_000, 60_000, 120_000]);
		expect(delays).toEqual([60_000, 60_000]);
	});

	it('counts calls recorded before pacing began', async () => {
		const { pacer: paced, clock, delays } = pacer(2);
		paced.record();
		clock.advance(10_000);
		paced.record();

		expect(paced.isFull()).toBe(true);
		await paced.take();

		expect(clock.now()).toBe(60_000);
		expect(delays).toEqual([50_000]);
	});

	it('serves calls waiting side by side in the order they asked, never more than the limit a window', async () => {
		const { pacer: paced, clock } = pacer(2, 1_000);
		const order: Array<{ call: number; at: number }> = [];

		await Promise.all(
			[0, 1, 2, 3, 4].map(async (call) => {
				await paced.take();
				order.push({ call, at: clock.now() });
			}),
		);

		expect(order.map((entry) => entry.call)).toEqual([0, 1, 2, 3, 4]);
		for (let index = 2; index < order.length; index += 1) {
			expect(order[index].at - order[index - 2].at).toBeGreaterThanOrEqual(1_000);
		}
	});

	it('is not full while a window has room, nor once its calls have aged out', () => {
		const { pacer: paced, clock } = pacer(2);
		paced.record();
		expect(paced.isFull()).toBe(false);
		paced.record();
		expect(paced.isFull()).toBe(true);
		clock.advance(60_000);
		expect(paced.isFull()).toBe(false);
	});

	it.each([0, 1.5, Number.NaN])('refuses a limit of %p', (limit) => {
		expect(
			() => new SlidingWindowPacer({ limit, windowMs: 1, now: () => 0, sleep: async () => {} }),
		).toThrow(RangeError);
	});
});
