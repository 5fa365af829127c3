import type { CwConfiguration } from '../../../lib/connectwise/schemas';
import { ConcurrencyLimiter } from '../../../lib/http/limiter';
import { applyPlans, type WritePlan } from '../../../lib/sync/apply';
import type { SyncClients } from '../../../lib/sync/workspace';
import { settle } from '../clients/helpers';

/** A ConnectWise side whose PATCHes wait until the test lets them finish. */
function heldPatches() {
	const waiting: Array<() => void> = [];
	let inFlight = 0;
	let peak = 0;
	const connectwise = {
		patchConfiguration: async (configurationId: number): Promise<CwConfiguration> => {
			inFlight += 1;
			peak = Math.max(peak, inFlight);
			await new Promise<void>((resolve) => waiting.push(resolve));
			inFlight -= 1;
			return { id: configurationId };
		},
	};
	return {
		clients: { connectwise } as unknown as SyncClients,
		waiting,
		peak: () => peak,
	};
}

const patch = (configurationId: number): WritePlan => ({
	steps: [
		{
			kind: 'patchConfiguration',
			configurationId,
			operations: [{ op: 'replace', path: 'name', value: `n${configurationId}` }],
		},
	],
});

async function finishAll(waiting: Array<() => void>): Promise<void> {
	for (let round = 0; round < 20 && waiting.length > 0; round += 1) {
		waiting.splice(0).forEach((resolve) => resolve());
		await settle();
	}
}

describe('applyPlans', () => {
	it.each([
		['each call its own concurrency', undefined, 2 * 3],
		['calls that share slots', new ConcurrencyLimiter(2), 2],
	])('with %s, keeps at most that many plans in flight', async (_, shared, expectedPeak) => {
		const { clients, waiting, peak } = heldPatches();
		const calls = [
			applyPlans(clients, [1, 2, 3, 4].map(patch), { concurrency: 3, shared }),
			applyPlans(clients, [5, 6, 7, 8].map(patch), { concurrency: 3, shared }),
		];
		await settle();
		expect(waiting).toHaveLength(expectedPeak);
		await finishAll(waiting);
		const outcomes = await Promise.all(calls);
		expect(outcomes.flat().map(([outcome]) => outcome.status)).toEqual(
			Array<string>(8).fill('done'),
		);
		expect(peak()).toBe(expectedPeak);
	});
});
