import type { RunMeasurement } from '../../bench/engine-runs';
import { apiMinimum, ourPlan, runWork } from '../../bench/lower-bound';
import { buildBenchTenant, planOf } from '../../bench/msp-tenant';
import { countNaive } from '../../bench/naive';
import { renderMarkdown, verdicts, type Results, type RunResult } from '../../bench/report';
import { scenarios, type Scenario } from '../../bench/scenarios';

// Prettier loads itself by a dynamic import, which jest does not run; the report renders without it.
jest.mock('prettier', () => ({}));

const tiny: Scenario = { ...scenarios.S, agents: 2, devicesPerAgent: 10, configurations: 20 };
const tenant = planOf(buildBenchTenant(tiny));

function measurement(requests: number, wallMs: number): RunMeasurement {
	return {
		run: 'noOpResync',
		requests: {
			Domotz: { read: 0, create: 0, update: 0, throttled: 0 },
			ConnectWise: { read: requests, create: 0, update: 0, throttled: 0 },
		},
		wallMs,
		memory: { rssMb: 200, heapUsedMb: 50, startRssMb: 180 },
		cpuMs: { engine: 100, Domotz: 10, ConnectWise: 20 },
		outcome: {
			devices: 20,
			linked: 20,
			newlyLinked: 0,
			created: 0,
			updated: 0,
			unchanged: 20,
			planned: 0,
			ambiguous: 0,
			unmatched: 0,
			skipped: 0,
			failed: 0,
			gone: 0,
			failedAgents: 0,
		},
	};
}

const machine = {
	cpu: 'test',
	cores: 2,
	memoryGb: 4,
	os: 'test',
	node: 'v20',
	date: '2026-12-06T00:00:00.000Z',
};

function resultsWith(run: RunResult): Results {
	return {
		scenarios: {
			S: {
				scenario: tiny,
				machine,
				tenant: { devices: 20, configurations: 20, companies: 2 },
				runs: [run],
			},
		},
	};
}

/** A run as stored before the API minimum, our plan and the unpadded naive baseline. */
const storedBefore = {
	...measurement(10, 500),
	total: 10,
	bound: { Domotz: { read: 3, create: 0, update: 0 }, total: 10, timeMs: 300 },
	naive: { counts: { total: 2_013 } },
	domotzDailyQuota: 2_000,
} as unknown as RunResult;

describe('the benchmark report', () => {
	it('renders runs stored before the API minimum was told apart as not measured', async () => {
		const results = resultsWith(storedBefore);

		const markdown = renderMarkdown(results);

		const row = markdown.split('\n').find((line) => line.startsWith('| S | no-op re-sync'));
		expect(row?.match(/not measured/g)).toHaveLength(6);
		expect(verdicts(results).map((verdict) => verdict.status)).toEqual([
			'not measured',
			'not measured',
			'not measured',
			'met',
		]);
	});

	it('gives both ratios and marks a target missed against the API minimum', () => {
		// On a workflow's first run nothing is kept yet: the plan's overheads pass the target.
		const work = { ...runWork(tenant, tiny, 'noOpResync', false), remembered: false };
		const minimum = apiMinimum(tiny, tenant, work);
		const plan = ourPlan(tiny, tenant, work);
		const total = plan.total;
		const run: RunResult = {
			...measurement(total, minimum.timeMs),
			total,
			apiMinimum: minimum,
			plan,
			baselines: { naive: { counts: countNaive(tenant, 'noOpResync', 0) } },
			domotzDailyQuota: 2_000,
		};

		const markdown = renderMarkdown(resultsWith(run));
		const judged = verdicts(resultsWith(run));

		const times = (value: number) => `×${value.toFixed(2)}`;
		expect(markdown).toContain(`${minimum.total} (${times(total / minimum.total)})`);
		expect(markdown).toContain(`${plan.total} (×1.00)`);
		expect(judged[0]).toMatchObject({
			target: 'S no-op re-sync: requests ≤ ×1.05 of the API minimum',
			status: 'missed',
		});
		expect(markdown).toContain(
			'| S no-op re-sync: requests ≤ ×1.05 of the API minimum | **missed** |',
		);
		expect(judged[1].status).toBe('met');
	});
});
