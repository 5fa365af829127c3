import type { Sleep } from '../../lib/http/port';

/** A sleep that returns at once and remembers every delay it was asked for. */
export function recordingSleep(onSleep: (milliseconds: number) => void = () => {}): {
	sleep: Sleep;
	delays: number[];
} {
	const delays: number[] = [];
	return {
		delays,
		sleep: async (milliseconds) => {
			delays.push(milliseconds);
			onSleep(milliseconds);
		},
	};
}

/** Simulated time that moves only when told to. */
export function manualClock(start = Date.parse('2025-06-01T10:00:00Z')) {
	let now = start;
	return {
		now: () => now,
		advance: (milliseconds: number) => {
			now += milliseconds;
		},
	};
}
