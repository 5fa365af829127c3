import nock from 'nock';

import type { Random } from '../../../lib/http/port';
import { createFetchPort, type FetchPortOptions } from '../../support/fetch-port';
import { recordingSleep } from '../../support/time';

export { recordingSleep };

/** Returns the given values in turn, then starts over. */
export function sequenceRandom(...values: number[]): Random {
	let index = 0;
	return () => values[index++ % values.length];
}

export function portAndSleep(options: FetchPortOptions = {}) {
	const { sleep, delays } = recordingSleep();
	return { http: createFetchPort(options), sleep, delays, random: sequenceRandom(0.5) };
}

/** Every test talks to nock only; unmatched requests fail instead of leaving the machine. */
export function useNock(): void {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => {
		const pending = nock.pendingMocks();
		nock.abortPendingRequests();
		nock.cleanAll();
		expect(pending).toEqual([]);
	});
	afterAll(() => nock.enableNetConnect());
}

/** An Error as a Node socket or n8n would reject with. */
export function transportError(code: string, message = `socket failure ${code}`): Error {
	return Object.assign(new Error(message), { code });
}

export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
	return await promise.then(
		() => {
			throw new Error('expected a rejection');
		},
		(error: unknown) => error,
	);
}

/** Lets every promise that can make progress do so. */
export async function settle(): Promise<void> {
	for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
}
