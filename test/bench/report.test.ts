import type { RunMeasurement } from '../../bench/engine-runs';
import {
	apiMinimum,
	expectedOutcome,
	ourPlan,
	runWork,
	timeWithParsing,
} from '../../bench/lower-bound';
import { buildBenchTenant, planOf } from '../../bench/msp-tenant';
import { countNaive } from '../../bench/naive';
import type { InN8nResult, InN8nRun } from '../../bench/in-n8n';
import {
	renderMarkdown,
	verdicts,
	type HandBuiltResult,
	type Results,
	type RunResult,
} from '../../bench/report';
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
		parsing: { answers: 10, bytes: 3 * 1024 ** 2, milliseconds: 40 },
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

/**
 * A run as stored before the API minimum, our plan, the unpadded naive baseline, the answers'
 * parsing and the outcome as built.
 */
const wallTimeVerdict = (results: Results) =>
	verdicts(results).find((verdict) => verdict.target.includes('wall time'));

const storedBefore = {
	...measurement(10, 500),
	parsing: undefined,
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
		expect(row?.match(/not measured/g)).toHaveLength(10);
		expect(markdown).toContain('## The hand-built n8n workflow\n\nThe same job');
		expect(markdown).toMatch(/reports them as ambiguous and leaves them\.\n\nNot run\./);
		expect(verdicts(results).map((verdict) => verdict.status)).toEqual([
			'not measured',
			'not measured',
			'not measured',
			'not measured',
			'met',
		]);
	});

	// On a workflow's first run nothing is kept yet: the plan's overheads pass the target.
	const work = { ...runWork(tenant, tiny, 'noOpResync', false), remembered: false };
	const minimum = apiMinimum(tiny, tenant, work);
	const plan = ourPlan(tiny, tenant, work);

	/** A no-op re-sync of the tiny tenant that sent our plan's requests and settled as built. */
	function runAsBuilt(wallMs: number, parseMs: number): RunResult {
		const measured = measurement(plan.total, wallMs);
		const expected = expectedOutcome(tenant, tiny, 'noOpResync');
		return {
			...measured,
			parsing: { ...measured.parsing, milliseconds: parseMs },
			outcome: expected,
			total: plan.total,
			apiMinimum: minimum,
			apiMinimumWithParsingMs: timeWithParsing(minimum, parseMs),
			engineCpuPerDeviceMs: measured.cpuMs.engine / tenant.devices.length,
			plan,
			expectedOutcome: expected,
			baselines: { naive: { counts: countNaive(tenant, tiny, 'noOpResync') } },
			domotzDailyQuota: 2_000,
		};
	}

	it('gives both ratios and marks a target missed against the API minimum', () => {
		const total = plan.total;
		const run = runAsBuilt(minimum.timeMs, 0);

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
		expect(wallTimeVerdict(resultsWith(run))?.status).toBe('met');
	});

	it('judges the wall time against the bound with parsing, shown beside the wall time', () => {
		const parseMs = 2 * minimum.timeMs;
		const withParsing = minimum.timeMs + parseMs;
		const run = runAsBuilt(1.2 * withParsing, parseMs);

		const markdown = renderMarkdown(resultsWith(run));
		const wallTime = wallTimeVerdict(resultsWith(run));

		expect(run.apiMinimumWithParsingMs).toBe(withParsing);
		expect(wallTime).toMatchObject({
			target: "S no-op re-sync: wall time ≤ ×1.3 of the API minimum's time bound with parsing",
			status: 'met',
			detail: '×1.20',
		});
		const seconds = (milliseconds: number) => (milliseconds / 1000).toFixed(1);
		expect(markdown).toContain(
			`| ${seconds(run.wallMs)} | ${seconds(minimum.timeMs)} (×${(run.wallMs / minimum.timeMs).toFixed(2)}) | ${seconds(withParsing)} (×1.20) |`,
		);
		expect(markdown).toContain(`| ${parseMs.toFixed(0)} (3.0) |`);
		expect(markdown).toContain(`| ${(100 / tenant.devices.length).toFixed(2)} |`);
	});

	it('misses the wall time beyond ×1.3 of the bound with parsing', () => {
		const run = runAsBuilt(1.4 * minimum.timeMs, 0);

		expect(run.apiMinimumWithParsingMs).toBe(minimum.timeMs);
		expect(wallTimeVerdict(resultsWith(run))).toMatchObject({ status: 'missed', detail: '×1.40' });
	});

	it("misses the outcome target when a device's outcome differs from the one it was built for", () => {
		const asBuilt = runAsBuilt(minimum.timeMs, 0);
		const run: RunResult = {
			...asBuilt,
			outcome: { ...asBuilt.outcome, ambiguous: asBuilt.outcome.ambiguous - 1, skipped: 1 },
		};

		const outcome = (judged: ReturnType<typeof verdicts>) =>
			judged.find((verdict) => verdict.target.endsWith('every device settled as built'));

		expect(outcome(verdicts(resultsWith(asBuilt)))).toMatchObject({
			status: 'met',
			detail: 'as built',
		});
		expect(outcome(verdicts(resultsWith(run)))).toMatchObject({
			status: 'missed',
			detail: `ambiguous ${asBuilt.outcome.ambiguous - 1} (built for ${asBuilt.outcome.ambiguous}), skipped 1 (built for 0)`,
		});
	});

	/** A first sync of 40 requests in 2 s, with the hand-built workflow's run beside it. */
	const withHandBuilt = (handBuilt: Partial<HandBuiltResult>): RunResult => ({
		...measurement(40, 2_000),
		run: 'firstSync',
		total: 40,
		baselines: {
			naive: { counts: countNaive(tenant, tiny, 'firstSync') },
			handBuilt: {
				requests: {
					Domotz: { read: 3, create: 0, update: 0, throttled: 0 },
					ConnectWise: { read: 3, create: 5, update: 7, throttled: 0 },
				},
				wallMs: 5_000,
				status: 'success',
				written: { updates: 7, creates: 5 },
				refused: 0,
				account: {
					updates: { done: 3, needed: 4 },
					creates: { done: 3, needed: 4 },
					wronglyWritten: 4,
					duplicates: 2,
				},
				...handBuilt,
			},
		},
		domotzDailyQuota: 2_000,
	});

	it('sets the hand-built workflow beside ours: its ratios, what it wrote, got wrong and missed', () => {
		const run = withHandBuilt({});

		const markdown = renderMarkdown(resultsWith(run));

		const ratios = '×0.45 / ×2.50';
		expect(markdown.split('\n').find((line) => line.startsWith('| S | first sync'))).toContain(
			`| ${ratios} |`,
		);
		expect(markdown).toContain(
			`| S | first sync | 3 / 0 / 0 | 3 / 5 / 7 | 18 | 5.0 | 40 in 2.0 s | ${ratios} | 7 / 5 | 3 of 4 | 3 of 4 | 1 / 1 | 4 | 2 | 0 | success |`,
		);
	});

	it('gives no ratio to a hand-built run whose execution failed', () => {
		const run = withHandBuilt({ status: 'error' });

		const firstSync = renderMarkdown(resultsWith(run))
			.split('\n')
			.filter((line) => line.startsWith('| S | first sync'));

		expect(firstSync).toHaveLength(2);
		for (const line of firstSync) expect(line).toContain('| its execution: error |');
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
			expectedOutcome: { ...measurement(0, 0).outcome, gone: 0, devices: 1_000 },
			deviceItems: 0,
			devicesNotOutput: 0,
			expectedDeviceItems: 0,
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
				resyncWithDeviceDetails: {
					deviceItems: 10,
					devicesNotOutput: 990,
					expectedDeviceItems: 10,
				},
			});
			expect(judged(results)).toEqual({
				'XL in n8n, queue mode: every execution succeeds': 'met',
				'XL in n8n, queue mode, no-op re-sync: saved execution < 5 MB (Output Device Details off)':
					'met',
				"XL in n8n, queue mode: the editor's execution view opens every execution (200)": 'met',
				'XL in n8n, queue mode, Output Device Details on: only the devices with changes or problems are output':
					'met',
				'XL in n8n, queue mode, first sync: every device settled as built': 'met',
				'XL in n8n, queue mode, no-op re-sync: every device settled as built': 'met',
				'XL in n8n, queue mode, re-sync after 1 % changed: every device settled as built': 'met',
				'XL in n8n, queue mode, re-sync after 1 % changed again, Output Device Details on: every device settled as built':
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
				resyncAfterChanges: { outcome: { ...measurement(0, 0).outcome, devices: 999 } },
				resyncWithDeviceDetails: { deviceItems: 1_000, expectedDeviceItems: 10 },
			});
			const statuses = judged(results);
			expect(Object.values(statuses)).toEqual([
				'met',
				'missed',
				'missed',
				'missed',
				'met',
				'met',
				'missed',
				'met',
				'missed',
			]);
			expect(renderMarkdown(results)).toContain(
				"| XL in n8n, queue mode: the worker's peak RSS < 1.5 GB | **missed** | 1600 MB |",
			);
		});
	});
});
