import type { RunMeasurement } from '../../bench/engine-runs';
import { apiMinimum, ourPlan, runWork } from '../../bench/lower-bound';
import { buildBenchTenant, planOf } from '../../bench/msp-tenant';
import { countNaive } from '../../bench/naive';
import type { InN8nResult, InN8nRun } from '../../bench/in-n8n';
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
		const work = runWork(tenant, tiny, 'noOpResync', false);
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

	describe('inside n8n', () => {
		const xl = { ...scenarios.XL, agents: 2, devicesPerAgent: 500 };
		const inN8nRun = (run: InN8nRun['run'], overrides: Partial<InN8nRun> = {}): InN8nRun => ({
			run,
			executionId: '1',
			status: 'success',
			wallMs: 2_000,
			memory: { peakRssMb: 900, startRssMb: 600 },
			savedBytes: 40_000,
			view: { status: 200, ms: 120, bytes: 50_000 },
			outcome: { ...measurement(0, 0).outcome, gone: 0, devices: 1_000 },
			deviceItems: 0,
			devicesNotOutput: 0,
			requests: measurement(10, 0).requests,
			...overrides,
		});
		const withQueueRuns = (overrides: Partial<Record<InN8nRun['run'], Partial<InN8nRun>>>) => {
			const result: InN8nResult = {
				scenario: xl,
				n8n: '2.41.1',
				node: '24.21.0',
				tenant: { devices: 1_000, configurations: 1_000, companies: 2 },
				adjustments: ['Sync Agents › createUnmatched = true'],
				modes: {
					queue: {
						mode: 'queue',
						machine,
						process: 'n8n worker',
						runs: (
							['firstSync', 'noOpResync', 'resyncAfterChanges', 'resyncWithDeviceDetails'] as const
						).map((run) => inN8nRun(run, overrides[run])),
					},
				},
			};
			return { scenarios: {}, inN8n: { XL: result } } satisfies Results;
		};
		const judged = (results: Results) =>
			Object.fromEntries(verdicts(results).map((verdict) => [verdict.target, verdict.status]));

		it('judges the worker, the no-op execution, the execution view and the device items', () => {
			const results = withQueueRuns({
				resyncWithDeviceDetails: { deviceItems: 10, devicesNotOutput: 990 },
			});
			expect(judged(results)).toEqual({
				'XL in n8n, queue mode: every execution succeeds': 'met',
				'XL in n8n, queue mode, no-op re-sync: saved execution < 5 MB (Output Device Details off)':
					'met',
				"XL in n8n, queue mode: the editor's execution view opens every execution (200)": 'met',
				'XL in n8n, queue mode, Output Device Details on: only the 10 changed devices are output':
					'met',
				"XL in n8n, queue mode: the worker's peak RSS < 1.5 GB": 'met',
			});
			expect(renderMarkdown(results)).toContain(
				'| XL | queue | re-sync after 1 % changed again, Output Device Details on | success | 2.0 | 900 (600) | 39 kB | 200 in 0.1 s, 49 kB | 0 / 0 / 0 / 0 | 10 (990) | 10 |',
			);
		});

		it('marks each target missed when the run misses it', () => {
			const results = withQueueRuns({
				firstSync: { memory: { peakRssMb: 1_600, startRssMb: 600 } },
				noOpResync: { savedBytes: 6 * 1024 * 1024, view: { status: 413, ms: 10, bytes: 0 } },
				resyncWithDeviceDetails: { deviceItems: 1_000 },
			});
			const statuses = judged(results);
			expect(Object.values(statuses)).toEqual(['met', 'missed', 'missed', 'missed', 'missed']);
			expect(renderMarkdown(results)).toContain(
				"| XL in n8n, queue mode: the worker's peak RSS < 1.5 GB | **missed** | 1600 MB |",
			);
		});
	});
});
