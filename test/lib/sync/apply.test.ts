import type { CwConfiguration } from '../../../lib/connectwise/schemas';
import { ApiError, UncertainWriteError, type NetworkFailure } from '../../../lib/http/errors';
import { ConcurrencyLimiter } from '../../../lib/http/limiter';
import { settle } from '../clients/helpers';
import { applyPlans, type WritePlan } from '../../../lib/writes/apply';
import type { SyncClients } from '../../../lib/clients';

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

describe('applyPlans, a create whose outcome is uncertain', () => {
	const request = {
		api: 'ConnectWise PSA' as const,
		method: 'POST',
		path: '/company/configurations',
	};
	const answered = (status: number) =>
		new UncertainWriteError(request, `the server answered ${status}`, { status });
	const unanswered = (failure: NetworkFailure) =>
		new UncertainWriteError(request, 'no answer', { failure });
	const created: CwConfiguration = { id: 77, name: 'new' };

	type Sent = Error | 'created';
	type Found = CwConfiguration[] | 'readFails';

	/** A ConnectWise side that answers the creates and the marker queries in the order given. */
	function scripted(sends: Sent[], queries: Found[]) {
		const counts = { sent: 0, queried: 0 };
		const connectwise = {
			createConfiguration: async (): Promise<CwConfiguration> => {
				const answer = sends[counts.sent++];
				if (answer === 'created') return created;
				throw answer;
			},
			listConfigurations: async (): Promise<CwConfiguration[]> => {
				const found = queries[counts.queried++];
				if (found === 'readFails') throw new Error('marker query failed');
				return found;
			},
		};
		return { clients: { connectwise } as unknown as SyncClients, counts };
	}

	const createPlan: WritePlan = {
		steps: [
			{
				kind: 'createConfiguration',
				body: { name: 'new', type: { id: 1 }, company: { id: 2 } },
				recoverBy: {
					query: { customFieldConditions: 'caption = "Domotz Link" AND value like "domotz:1/2*"' },
					keep: () => true,
				},
			},
		],
	};

	it.each<[string, Sent[], Found[], { status: string; recovered?: boolean; sent: number }]>([
		[
			'refused with 503, proved absent, then made',
			[answered(503), 'created'],
			[[]],
			{ status: 'done', sent: 2 },
		],
		[
			'refused with 500 every time',
			[answered(500), answered(500), answered(500)],
			[[], [], []],
			{ status: 'failed', sent: 3 },
		],
		[
			'made, but its answer lost',
			[unanswered('connectionReset')],
			[[created]],
			{ status: 'done', recovered: true, sent: 1 },
		],
		[
			'refused, but made after all',
			[answered(503)],
			[[created]],
			{ status: 'done', recovered: true, sent: 1 },
		],
		[
			'timed out (it may still be in progress)',
			[unanswered('timeout')],
			[[]],
			{ status: 'failed', sent: 1 },
		],
		['cut off', [unanswered('connectionReset')], [[]], { status: 'failed', sent: 1 }],
		[
			'answered 502 by a gateway, proved absent, then made',
			[answered(502), 'created'],
			[[]],
			{ status: 'done', sent: 2 },
		],
		[
			'answered 504 by a gateway (it may still be in progress)',
			[answered(504)],
			[[]],
			{ status: 'failed', sent: 1 },
		],
		[
			'refused, and the marker query fails',
			[answered(503)],
			['readFails'],
			{ status: 'failed', sent: 1 },
		],
		[
			'refused, and two configurations carry the marker',
			[answered(503)],
			[[created, created]],
			{ status: 'failed', sent: 1 },
		],
	])('%s', async (_case, sends, queries, expected) => {
		const { clients, counts } = scripted(sends, queries);
		const [[outcome]] = await applyPlans(clients, [createPlan], { concurrency: 1 });
		expect({
			status: outcome.status,
			recovered: outcome.status === 'done' ? outcome.recovered : undefined,
			sent: counts.sent,
		}).toEqual({ recovered: undefined, ...expected });
		// Every send after the first follows a marker query that found nothing.
		expect(counts.queried).toBe(queries.length);
		if (outcome.status === 'done') expect(outcome.configuration).toBe(created);
	});

	it('asks nothing more after a refusal that is not uncertain', async () => {
		const refusal = new ApiError({ request, status: 400, message: 'invalid' });
		const { clients, counts } = scripted([refusal], []);
		const [[outcome]] = await applyPlans(clients, [createPlan], { concurrency: 1 });
		expect(outcome).toMatchObject({ status: 'failed', error: refusal });
		expect(counts).toEqual({ sent: 1, queried: 0 });
	});
});
