/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- benchmark only, never shipped: describes the machine and the commit (git) and writes its results next to itself */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';

import { runLabels, type RunMeasurement, type RunName } from './engine-runs';
import {
	overheadNames,
	overheadRules,
	type Bound,
	type OverheadName,
	type PlanBound,
} from './lower-bound';
import type { MatchingMeasurement } from './matching';
import { matchingTable } from './matching';
import { workRequests, type RequestCounts } from './measure';
import type { NaiveCounts } from './naive';
import { limits, scenarios, type Scenario, type ScenarioName } from './scenarios';

export interface Machine {
	cpu: string;
	cores: number;
	memoryGb: number;
	os: string;
	node: string;
	date: string;
	/** The commit the engine ran on; absent in runs stored before it was recorded. */
	commit?: string;
}

export interface NaiveResult {
	counts: NaiveCounts;
	measured?: { requests: RequestCounts; wallMs: number };
}

/** Absent in runs stored before the API minimum was told apart from our plan. */
interface Bounds {
	apiMinimum?: Bound;
	plan?: PlanBound;
}

export interface RunResult extends RunMeasurement, Bounds {
	/** Every request sent, the refused (429) ones included. */
	total: number;
	/** Absent in runs stored before the naive baseline lost its padding. */
	baselines?: { naive: NaiveResult };
	domotzDailyQuota: number;
}

export interface MirrorResult extends Bounds {
	requests: RequestCounts;
	wallMs: number;
	domotzDailyQuota: number;
}

export interface ScenarioResult {
	scenario: Scenario;
	machine: Machine;
	tenant: { devices: number; configurations: number; companies: number };
	runs: RunResult[];
	mirror?: MirrorResult;
}

export interface Results {
	scenarios: Partial<Record<ScenarioName, ScenarioResult>>;
	matching?: { machine: Machine; measurements: MatchingMeasurement[] };
}

export const resultsDirectory = join(__dirname, 'results');
const jsonPath = join(resultsDirectory, 'results.json');
const markdownPath = join(resultsDirectory, 'results.md');

export function describeMachine(nodeVersion: string): Machine {
	const [first] = cpus();
	return {
		cpu: first?.model ?? 'unknown',
		cores: cpus().length,
		memoryGb: Math.round(totalmem() / 1024 ** 3),
		os: `${platform()} ${release()}`,
		node: nodeVersion,
		date: new Date().toISOString(),
		commit: engineCommit(),
	};
}

/** HEAD, marked when the engine, the nodes or the benchmark differ from it. */
export function engineCommit(): string {
	const git = (...args: string[]) =>
		execFileSync('git', args, { cwd: join(__dirname, '..'), encoding: 'utf8' }).trim();
	const head = git('rev-parse', '--short', 'HEAD');
	const changed = git('status', '--porcelain', '--', 'lib', 'nodes', 'bench', ':!bench/results');
	return changed === '' ? head : `${head} with uncommitted changes`;
}

/** Earlier results of the scenarios not run this time are kept. */
export function readResults(): Results {
	if (!existsSync(jsonPath)) return { scenarios: {} };
	return JSON.parse(readFileSync(jsonPath, 'utf8')) as Results;
}

/**
 * The Markdown is written as the repository's prettier would format it. Prettier is loaded here, not
 * on import: the tests that store figures with `engineCommit()` run where it cannot load.
 */
export async function writeResults(results: Results): Promise<string> {
	const { format, resolveConfig } = await import('prettier');
	mkdirSync(resultsDirectory, { recursive: true });
	writeFileSync(jsonPath, `${JSON.stringify(results, null, '\t')}\n`);
	const options = await resolveConfig(markdownPath);
	writeFileSync(
		markdownPath,
		await format(renderMarkdown(results), { ...options, parser: 'markdown' }),
	);
	return markdownPath;
}

const sum = (counts: RequestCounts['Domotz']) => workRequests(counts) + counts.throttled;
const allRequests = (requests: RequestCounts) => sum(requests.Domotz) + sum(requests.ConnectWise);
const ratio = (value: number, bound: number) => (bound > 0 ? value / bound : Number.NaN);
const times = (value: number) => `×${value.toFixed(2)}`;
const notMeasured = 'not measured';
const seconds = (milliseconds: number) => (milliseconds / 1000).toFixed(1);
const count = (value: number) => value.toLocaleString('en-US');
const percent = (share: number) =>
	share < 0.001 ? `${(share * 100).toFixed(2)} %` : `${(share * 100).toFixed(1)} %`;

export function totalRequests(requests: RequestCounts): number {
	return allRequests(requests);
}

function kinds(requests: RequestCounts['Domotz']): string {
	const throttled = requests.throttled > 0 ? ` (+${count(requests.throttled)} × 429)` : '';
	return `${count(requests.read)} / ${count(requests.create)} / ${count(requests.update)}${throttled}`;
}

export type TargetStatus = 'met' | 'missed' | 'not measured';

interface Verdict {
	target: string;
	status: TargetStatus;
	detail: string;
}

/** A target's verdict; no value: the figure is one that runs stored before it existed lack. */
function judge(
	target: string,
	value: number | undefined,
	meets: (value: number) => boolean,
	describe: (value: number) => string,
): Verdict {
	if (value === undefined) return { target, status: 'not measured', detail: notMeasured };
	return { target, status: meets(value) ? 'met' : 'missed', detail: describe(value) };
}

export function verdicts(results: Results): Verdict[] {
	const found: Verdict[] = [];
	for (const result of Object.values(results.scenarios)) {
		if (!result) continue;
		const name = result.scenario.name;
		for (const run of result.runs) {
			const { apiMinimum } = run;
			const naive = run.baselines?.naive.counts.total;
			const naiveRatio = naive === undefined ? undefined : ratio(naive, run.total);
			const label = `${name} ${runLabels[run.run]}`;
			found.push(
				judge(
					`${label}: requests ≤ ×1.05 of the API minimum`,
					apiMinimum && ratio(run.total, apiMinimum.total),
					(value) => value <= 1.05,
					times,
				),
				judge(
					`${label}: wall time ≤ ×1.3 of the API minimum's time bound`,
					apiMinimum && ratio(run.wallMs, apiMinimum.timeMs),
					(value) => value <= 1.3,
					times,
				),
				judge(
					`${label}: fewer requests than the naive baseline`,
					naiveRatio,
					(value) => value > 1,
					times,
				),
			);
			if (run.run === 'noOpResync') {
				const writes =
					run.requests.Domotz.create +
					run.requests.Domotz.update +
					run.requests.ConnectWise.create +
					run.requests.ConnectWise.update;
				found.push(judge(`${label}: zero writes`, writes, (value) => value === 0, String));
				if (name === 'L') {
					found.push(
						judge(
							`${label}: ≥ ×50 fewer requests than the naive baseline`,
							naiveRatio,
							(value) => value >= 50,
							times,
						),
					);
				}
			}
			if (name === 'L') {
				found.push(
					judge(
						`${label}: peak memory < 512 MB`,
						run.memory.rssMb,
						(value) => value < 512,
						(value) => `${value.toFixed(0)} MB RSS`,
					),
				);
			}
		}
	}
	const largest = results.matching?.measurements.at(-1);
	if (largest) {
		found.push(
			judge(
				`matching ${count(largest.size)} × ${count(largest.size)} < 2 s`,
				largest.medianMs,
				(value) => value < 2000,
				(value) => `${value.toFixed(0)} ms`,
			),
		);
	}
	return found;
}

const statusCell: Record<TargetStatus, string> = {
	met: 'yes',
	missed: '**missed**',
	'not measured': notMeasured,
};

function machineLine(machine: Machine): string {
	const commit = machine.commit ? `commit ${machine.commit}` : 'commit not recorded';
	return `${commit}, ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}, ${machine.date.slice(0, 16).replace('T', ' ')} UTC`;
}

function cpuCell(cpuMs: RunMeasurement['cpuMs']): string {
	return [cpuMs.engine, cpuMs.Domotz, cpuMs.ConnectWise]
		.map((milliseconds) => (milliseconds / 1000).toFixed(1))
		.join(' / ');
}

/** A bound and the measured value's ratio to it. */
function againstBound(
	value: number,
	bound: number | undefined,
	format: (value: number) => string,
): string {
	return bound === undefined ? notMeasured : `${format(bound)} (${times(ratio(value, bound))})`;
}

function boundCells(measured: { requests: number; wallMs: number }, bounds: Bounds): string[] {
	return [
		againstBound(measured.requests, bounds.apiMinimum?.total, count),
		againstBound(measured.requests, bounds.plan?.total, count),
		seconds(measured.wallMs),
		againstBound(measured.wallMs, bounds.apiMinimum?.timeMs, seconds),
		againstBound(measured.wallMs, bounds.plan?.timeMs, seconds),
	];
}

function naiveCells(run: RunResult): string[] {
	const naive = run.baselines?.naive;
	if (!naive) return [notMeasured, notMeasured];
	const { measured } = naive;
	const ran = measured
		? ` (ran: ${count(allRequests(measured.requests))} in ${seconds(measured.wallMs)} s)`
		: '';
	return [`${count(naive.counts.total)}${ran}`, times(ratio(naive.counts.total, run.total))];
}

function runRows(result: ScenarioResult): string[] {
	return result.runs.map((run) => {
		const domotzCalls = allRequests({
			...run.requests,
			ConnectWise: { read: 0, create: 0, update: 0, throttled: 0 },
		});
		return [
			result.scenario.name,
			runLabels[run.run],
			kinds(run.requests.Domotz),
			kinds(run.requests.ConnectWise),
			count(run.total),
			...boundCells({ requests: run.total, wallMs: run.wallMs }, run),
			cpuCell(run.cpuMs),
			`${run.memory.rssMb.toFixed(0)} (${run.memory.startRssMb.toFixed(0)})`,
			...naiveCells(run),
			percent(domotzCalls / run.domotzDailyQuota),
		].join(' | ');
	});
}

function mirrorRow(result: ScenarioResult): string | undefined {
	const { mirror } = result;
	const first = result.runs.find((run) => run.run === 'firstSync');
	if (!mirror || !first) return undefined;
	const domotzExtra = sum(mirror.requests.Domotz) - sum(first.requests.Domotz);
	const total = allRequests(mirror.requests);
	return [
		result.scenario.name,
		kinds(mirror.requests.Domotz),
		kinds(mirror.requests.ConnectWise),
		`+${count(domotzExtra)}`,
		count(total),
		...boundCells({ requests: total, wallMs: mirror.wallMs }, mirror),
		percent(sum(mirror.requests.Domotz) / mirror.domotzDailyQuota),
	].join(' | ');
}

/** Per scenario, each run's requests for one overhead: first / no-op / changed, then the mirror. */
function overheadCell(result: ScenarioResult | undefined, name: OverheadName): string {
	if (!result) return 'not run';
	const perRun = result.runs.map((run) => run.plan?.overheads[name]);
	if (!perRun.every((requests): requests is number => requests !== undefined)) return notMeasured;
	const mirrored = result.mirror?.plan?.overheads[name];
	const mirror = mirrored === undefined ? '' : `; mirror ${count(mirrored)}`;
	return `${perRun.map(count).join(' / ')}${mirror}`;
}

function overheadRows(results: Results): string[] {
	return overheadNames.map((name) => {
		const rule = overheadRules[name];
		const perScenario = (['S', 'M', 'L'] as const).map((scenario) =>
			overheadCell(results.scenarios[scenario], name),
		);
		return `| ${rule.label} | ${rule.requests} | ${perScenario.join(' | ')} | ${rule.withoutIt} |`;
	});
}

export function renderMarkdown(results: Results): string {
	const measured = (['S', 'M', 'L'] as const).flatMap((name) => {
		const result = results.scenarios[name];
		return result ? [result] : [];
	});
	const lines = [
		'# Benchmark: a large MSP on the simulators',
		'',
		'Written by `npm run bench` (`npm run bench:quick` for S only); do not edit by hand.',
		'Sync Agent as the node runs it (all agents, company by Customer ID, Domotz → ConnectWise,',
		"create unmatched devices, link mirror off, collector off, Domotz's usage report read first and",
		'its rate reading kept from run to run) against the Domotz and ConnectWise simulators on',
		`127.0.0.1 with ${limits.latencyMs} ms latency per request, Domotz at most ${limits.domotzInFlight} requests in flight,`,
		`ConnectWise at most ${count(limits.connectWisePerMinute)} requests in any minute. Seeded: every run does the same work.`,
		'',
		'| Scenario | Agents × devices | Configurations | Companies |',
		'| --- | ---: | ---: | ---: |',
		...(['S', 'M', 'L'] as const).map((name) => {
			const scenario = scenarios[name];
			return `| ${name} | ${scenario.agents} × ${scenario.devicesPerAgent} = ${count(scenario.agents * scenario.devicesPerAgent)} | ${count(scenario.configurations)} | ${scenario.agents} |`;
		}),
		'',
		'First sync: 80 % of the devices match a configuration (by serial, MAC or IP) and get their',
		'link, 30 % of those also differ in one to three fields, 20 % match nothing and are created.',
		'Then a re-sync with nothing to do, then a re-sync after 1 % of the devices were renamed.',
		'',
		'## Sync runs',
		'',
		'Requests are read / create / update per API; a 429 is counted apart and in the total. Each',
		'bound is followed by our ratio to it: the API minimum is the fewest requests the two APIs allow',
		'for the work, our plan adds the overheads listed below (how both are computed: at the end).',
		'',
		'| Scenario | Run | Domotz | ConnectWise | Requests | API minimum (×) | Our plan (×) | Wall s | Minimum s (×) | Plan s (×) | CPU s: engine / Domotz / ConnectWise | Peak RSS MB (at start) | Naive requests | Naive ÷ ours | Domotz daily quota |',
		'| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		...measured.flatMap(runRows).map((row) => `| ${row} |`),
		'',
		"CPU s is the time each process spent on a core during the run: the engine, the Domotz simulator and the ConnectWise simulator (building answers; waiting out the latency costs none). The three share the machine's cores: the part of the wall time beyond the bounds is the engine's and the simulators' work, and their waits for a free core.",
		'',
		`The Domotz daily quota is not published ("a function of the number of configured Agents"): the share assumes ${count(limits.domotzDailyCallsPerAgent)} calls per agent per day. Peak RSS is the engine's process alone (each simulator runs in a child process of its own); in brackets its RSS when the run started (Node, ts-node, the modules and the tenant's plan). V8 collects lazily: the peak holds garbage not yet collected, so it depends on the heap's growth, not only on what the engine keeps. Before each run the garbage of the earlier runs is collected (\`gc()\`): a re-sync comes twelve hours after the last one.`,
		'',
		"## The link mirror (the node's default; off in the runs above)",
		'',
		'The same first sync with "Mirror Link in Domotz" on: one Domotz write per linked or created device, and one more ConnectWise PATCH per created configuration to confirm its mirror.',
		'',
		'| Scenario | Domotz | ConnectWise | Domotz extra | Requests | API minimum (×) | Our plan (×) | Wall s | Minimum s (×) | Plan s (×) | Domotz daily quota |',
		'| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		...measured.flatMap((result) => mirrorRow(result) ?? []).map((row) => `| ${row} |`),
		'',
		"## Our plan's overheads",
		'',
		'Each request our plan adds to the API minimum, and the safety it buys. Per scenario: first sync / no-op re-sync / re-sync after 1 % changed; then the first sync with the mirror.',
		'',
		'| Overhead | Requests | S | M | L | What goes wrong without it |',
		'| --- | --- | ---: | ---: | ---: | --- |',
		...overheadRows(results),
		'',
		'## How the API minimum and our plan are computed',
		'',
		'Both are counted from the tenant as built, never from a run, in requests that do work (a 429',
		"is not one). **The API minimum** is the fewest requests the two APIs allow for the run's work,",
		"with none of the package's own overheads. It assumes these documented features: ConnectWise's",
		`pages of ${count(limits.connectWisePageSize)} rows (\`pageSize\`) and Domotz's agent pages of ${limits.domotzAgentPageSize}; \`fields=\` (smaller answers, not`,
		'fewer); one PATCH per configuration carrying every changed field and the link; a create',
		'carrying its link marker in its final form; and the codebase and the company ids known from an',
		'earlier run. Domotz: the agent list, ⌈agents / 100⌉ pages (the only place the run learns which',
		'agents exist and their Customer IDs), and one device list per agent (there is no bulk device',
		'read); with the mirror, the inventory field list, the field created when missing and one write',
		"per mirrored device. ConnectWise: the agents' configurations in one sweep filtered by",
		'`company/id in (…)`, ⌈configurations / 1,000⌉ pages; when configurations are created, the',
		'manufacturer list, ⌈manufacturers / 1,000⌉ pages: a create names its manufacturer by reference,',
		"and ConnectWise's Developer Guide shows references given by id (a company's also by identifier),",
		"never a manufacturer's by name (no matched configuration's manufacturer changes here, so only",
		'creates need it); one POST per created configuration and one PATCH per configuration whose',
		'link or fields change. Every configuration is read although few change: reading only those',
		'changed since the last run (`lastUpdated >= […]`) would need a copy of every configuration',
		'kept between runs.',
		'',
		'**Our plan** is the API minimum plus the overheads in the table above, each counted by its',
		'rule. Neither counts what depends on timing, which the measured requests include:',
		"ConnectWise's 429s and their retries, the creation lease's renewals after the first (a PATCH of",
		"its note per 40 s a company's creates take) and its waits behind another run's lease.",
		'',
		`**Time**: each request takes one latency (${limits.latencyMs} ms), Domotz answers at most ${limits.domotzInFlight} at once, ConnectWise`,
		`takes at most ${count(limits.connectWisePerMinute)} in any minute and nothing else limits it. A request waits for the answers`,
		'it needs. Each time bound is the longest of the Domotz chain, the ConnectWise chain and the',
		'ConnectWise budget (the budgeted request n, from 0, cannot start before ⌊n / 1000⌋ minutes).',
		"The API minimum's Domotz chain: the agent list, the other Domotz requests four at a time, a",
		'write; its ConnectWise chain: the first page of the sweep (it names the last one), the other',
		"pages, a write (and a created configuration's mirror in Domotz after it); every ConnectWise",
		"request is budgeted. Our plan's Domotz chain begins with the usage report (a first run's probe",
		"of Domotz's rate reading, one call sent alone, is left out); its ConnectWise chain: the usage",
		'report and the agent list (it names the companies to look up and sweep), the first page, the',
		'other pages; when creating, the lease (note posted, notes listed, markers read) before the',
		'creates, the note deleted after them; a PATCH; with the mirror, the link written in Domotz,',
		'then confirmed. Its budget counts every ConnectWise request but discovery, which the login',
		"screen's company info answers outside the API's budget.",
		"The bounds leave out the time the simulators take to build an answer and the engine's own work",
		'(parsing, matching, planning); the measured time includes both.',
		'',
		'## The naive baseline',
		'',
		'The same work as a careful user would build it by hand, one device at a time and without',
		"padding: the base URL carries the tenant's codebase (no discovery); the agent list, then per",
		'agent its device list and its company looked up by Customer ID; per device one lookup in its',
		'company by every key it has (serial, MAC and IP joined by OR), whose answer is the whole record,',
		'then one PATCH carrying every changed field when some differ, or one POST when nothing was',
		'found; the manufacturer list read once in a run that needs it (a create, or a manufacturer',
		'that differs). No links are kept, so every run looks every device up again. Its requests are',
		'counted from the tenant: ⌈agents / 100⌉ + agents Domotz reads; agents + devices ConnectWise',
		'reads, and one more page per 1,000 manufacturers in a run that creates; one POST per created',
		'configuration; one PATCH per configuration that differs. Where it was also run (four requests',
		'in flight: generous to it) the run is shown in brackets and its count equals the computed one.',
		'',
		'## Targets',
		'',
		'| Target | Met | Measured |',
		'| --- | --- | --- |',
		...verdicts(results).map(
			(verdict) => `| ${verdict.target} | ${statusCell[verdict.status]} | ${verdict.detail} |`,
		),
		'',
		'## Machines and commits',
		'',
		...measured.map((result) => `- ${result.scenario.name}: ${machineLine(result.machine)}`),
		...(results.matching ? [`- matching: ${machineLine(results.matching.machine)}`] : []),
		'',
		'## Matching micro-benchmark',
		'',
		...(results.matching ? matchingTable(results.matching.measurements) : ['Not run.']),
		'',
	];
	return lines.join('\n');
}

export type { RunName };
