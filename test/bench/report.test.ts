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

	it('sets the hand-built workflow beside ours: its ratios, what it wrote, got wrong and missed', () => {
		const run: RunResult = {
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
				},
			},
			domotzDailyQuota: 2_000,
		};

		const markdown = renderMarkdown(resultsWith(run));

		const ratios = '×0.45 / ×2.50';
		expect(markdown.split('\n').find((line) => line.startsWith('| S | first sync'))).toContain(
			`| ${ratios} |`,
		);
		expect(markdown).toContain(
			`| S | first sync | 3 / 0 / 0 | 3 / 5 / 7 | 18 | 5.0 | 40 in 2.0 s | ${ratios} | 7 / 5 | 3 of 4 | 3 of 4 | 1 / 1 | 4 | 2 | 0 | success |`,
		);
	});
});
