/**
 * The short fault soak of `npm test` (`npm run soak` is the full one): one seed per scenario
 * variant, three synced agents of 40 devices, 10 % of all requests failing.
 */
import { SCENARIO_VARIANTS, SoakSimulators } from './scenario';
import { soakSeed, totalFigures, type SeedFigures, type SoakSettings } from './soak';

const SHORT_SOAK: SoakSettings = {
	seeds: SCENARIO_VARIANTS.map((_variant, index) => 8_100 + index),
	// Five generated agents: three sync, one has no company and one no API access.
	agents: 5,
	devicesPerAgent: 40,
	faultRate: 0.1,
	maxRuns: 3,
	timeScale: 0.01,
	timeoutMs: 1_000,
};

const simulators = new SoakSimulators();
const figures: SeedFigures[] = [];

beforeAll(async () => {
	await simulators.start();
	for (const seed of SHORT_SOAK.seeds) figures.push(await soakSeed(simulators, seed, SHORT_SOAK));
}, 180_000);
afterAll(async () => {
	await simulators.close();
});

const seedOf = (seed: number) => figures.find((figure) => figure.seed === seed)!;

describe('Fault soak: Sync Agent with creation, 10 % of requests failing on every route', () => {
	it('injects every kind of fault, and the clients retry', () => {
		const totals = totalFigures(figures);
		expect(Object.keys(totals.faultsByOutcome).sort()).toEqual(
			['429', '500', '502', '503', 'reset or answer lost', 'timeout'].sort(),
		);
		expect(totals.faults / totals.requests).toBeGreaterThan(0.07);
		expect(totals.faults / totals.requests).toBeLessThan(0.13);
		expect(totals.retries).toBeGreaterThan(totals.faults / 2);
	});

	it('compares with a fault-free reference that a second fault-free run leaves as it is', () => {
		expect(figures.map((figure) => [figure.seed, figure.referenceUnstable])).toEqual(
			SHORT_SOAK.seeds.map((seed) => [seed, []]),
		);
	});

	it.each(SHORT_SOAK.seeds)(
		'seed %s: within three runs, the same configurations (none duplicated, deleted or blanked), links, mirrors, field values and sites as without faults, and no lease note left',
		(seed) => {
			expect(seedOf(seed).differences).toEqual([]);
		},
	);

	it('never leaves a Domotz mirror that names another configuration than the link', () => {
		const wrongMirrors = figures.flatMap((figure) =>
			figure.differences.filter(
				(difference) => difference.kind === 'mirror' && difference.actual !== null,
			),
		);
		expect(wrongMirrors).toEqual([]);
	});

	it('puts no credential in any report or error of the runs', () => {
		expect(figures.map((figure) => figure.secretsFound)).toEqual(SHORT_SOAK.seeds.map(() => 0));
	});
});
