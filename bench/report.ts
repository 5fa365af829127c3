/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- benchmark only, never shipped: describes the machine and the commit (git) and writes its results next to itself */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';

import { runLabels, type RunMeasurement, type RunName } from './engine-runs';
import type { Bound } from './lower-bound';
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

export interface RunResult extends RunMeasurement {
	/** Every request sent, the refused (429) ones included. */
	total: number;
	bound: Bound;
	naive: { counts: NaiveCounts; measured?: { requests: RequestCounts; wallMs: number } };
	domotzDailyQuota: number;
}

export interface MirrorResult {
	requests: RequestCounts;
	wallMs: number;
	bound: Bound;
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

/** The Markdown is written as the repository's prettier would format it. */
export async function writeResults(results: Results): Promise<string> {
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

interface Verdict {
	target: string;
	met: boolean;
	detail: string;
}

export function verdicts(results: Results): Verdict[] {
	const found: Verdict[] = [];
	for (const result of Object.values(results.scenarios)) {
		if (!result) continue;
		const name = result.scenario.name;
		for (const run of result.runs) {
			const requestRatio = ratio(run.total, run.bound.total);
			const timeRatio = ratio(run.wallMs, run.bound.timeMs);
			const label = `${name} ${runLabels[run.run]}`;
			found.push({
				target: `${label}: requests ≤ ×1.05 of the bound`,
				met: requestRatio <= 1.05,
				detail: times(requestRatio),
			});
			found.push({
				target: `${label}: wall time ≤ ×1.3 of the bound`,
				met: timeRatio <= 1.3,
				detail: times(timeRatio),
			});
			const naiveRatio = ratio(run.naive.counts.total, run.total);
			found.push({
				target: `${label}: fewer requests than the naive baseline`,
				met: naiveRatio > 1,
				detail: times(naiveRatio),
			});
			if (run.run === 'noOpResync') {
				const writes =
					run.requests.Domotz.create +
					run.requests.Domotz.update +
					run.requests.ConnectWise.create +
					run.requests.ConnectWise.update;
				found.push({ target: `${label}: zero writes`, met: writes === 0, detail: String(writes) });
				if (name === 'L') {
					found.push({
						target: `${label}: ≥ ×50 fewer requests than the naive baseline`,
						met: naiveRatio >= 50,
						detail: times(naiveRatio),
					});
				}
			}
			if (name === 'L') {
				found.push({
					target: `${label}: peak memory < 512 MB`,
					met: run.memory.rssMb < 512,
					detail: `${run.memory.rssMb.toFixed(0)} MB RSS`,
				});
			}
		}
	}
	const largest = results.matching?.measurements.at(-1);
	if (largest) {
		found.push({
			target: `matching ${count(largest.size)} × ${count(largest.size)} < 2 s`,
			met: largest.medianMs < 2000,
			detail: `${largest.medianMs.toFixed(0)} ms`,
		});
	}
	return found;
}

function machineLine(machine: Machine): string {
	const commit = machine.commit ? `commit ${machine.commit}` : 'commit not recorded';
	return `${commit}, ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}, ${machine.date.slice(0, 16).replace('T', ' ')} UTC`;
}

function cpuCell(cpuMs: RunMeasurement['cpuMs']): string {
	return [cpuMs.engine, cpuMs.Domotz, cpuMs.ConnectWise]
		.map((milliseconds) => (milliseconds / 1000).toFixed(1))
		.join(' / ');
}

function runRows(result: ScenarioResult): string[] {
	return result.runs.map((run) => {
		const naive = run.naive.counts.total;
		const measuredNaive = run.naive.measured
			? ` (ran: ${count(allRequests(run.naive.measured.requests))} in ${seconds(run.naive.measured.wallMs)} s)`
			: '';
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
			count(run.bound.total),
			times(ratio(run.total, run.bound.total)),
			seconds(run.wallMs),
			seconds(run.bound.timeMs),
			times(ratio(run.wallMs, run.bound.timeMs)),
			cpuCell(run.cpuMs),
			`${run.memory.rssMb.toFixed(0)} (${run.memory.startRssMb.toFixed(0)})`,
			`${count(naive)}${measuredNaive}`,
			times(ratio(naive, run.total)),
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
		count(mirror.bound.total),
		times(ratio(total, mirror.bound.total)),
		seconds(mirror.wallMs),
		seconds(mirror.bound.timeMs),
		times(ratio(mirror.wallMs, mirror.bound.timeMs)),
		percent(sum(mirror.requests.Domotz) / mirror.domotzDailyQuota),
	].join(' | ');
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
		'Sync Agent (all agents, company by Customer ID, Domotz → ConnectWise, create unmatched',
		'devices, link mirror off, collector off) against the Domotz and ConnectWise simulators on',
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
		'Requests are read / create / update per API; a 429 is counted apart and in the total.',
		'',
		'| Scenario | Run | Domotz | ConnectWise | Requests | Lower bound | × | Wall s | Bound s | × | CPU s: engine / Domotz / ConnectWise | Peak RSS MB (at start) | Naive requests | Naive ÷ ours | Domotz daily quota |',
		'| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		...measured.flatMap(runRows).map((row) => `| ${row} |`),
		'',
		"CPU s is the time each process spent on a core during the run: the engine, the Domotz simulator and the ConnectWise simulator (building answers; waiting out the latency costs none). The three share the machine's cores: the part of the wall time beyond the bound is the engine's and the simulators' work, and their waits for a free core.",
		'',
		`The Domotz daily quota is not published ("a function of the number of configured Agents"): the share assumes ${count(limits.domotzDailyCallsPerAgent)} calls per agent per day. Peak RSS is the engine's process alone (each simulator runs in a child process of its own); in brackets its RSS when the run started (Node, ts-node, the modules and the tenant's plan). V8 collects lazily: the peak holds garbage not yet collected, so it depends on the heap's growth, not only on what the engine keeps. Before each run the garbage of the earlier runs is collected (\`gc()\`): a re-sync comes twelve hours after the last one.`,
		'',
		"## The link mirror (the node's default; off in the runs above)",
		'',
		'The same first sync with "Mirror Link in Domotz" on: one Domotz write per linked or created device, and one more ConnectWise PATCH per created configuration to confirm its mirror.',
		'',
		'| Scenario | Domotz | ConnectWise | Domotz extra | Requests | Lower bound | × | Wall s | Bound s | × | Domotz daily quota |',
		'| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		...measured.flatMap((result) => mirrorRow(result) ?? []).map((row) => `| ${row} |`),
		'',
		'## How the lower bound is computed',
		'',
		'Requests: every read the work needs, in the largest pages each API serves, and one write per',
		'record that must change. Domotz: the agent list (pages of 100) and one device list per agent',
		'(there is no bulk device read); with the mirror, its inventory field and one write per device.',
		"ConnectWise: codebase discovery (without it every request pays a redirect), all agents' companies",
		'in one `identifier in (…)` lookup, all their configurations in one sweep of 1000-row pages',
		'filtered by the same Customer IDs (`company/identifier in (…)`);',
		'when creating, the manufacturer list (a create names its manufacturer by id) and one query for',
		'links kept in other companies (so nothing is created twice), and per company that gets new',
		'configurations its creation lease (a note posted, the notes listed, the note deleted: without it',
		'two runs at once could create the same configuration); one POST per configuration to create and',
		'one PATCH per configuration whose link or fields change (both in the same PATCH); with the mirror,',
		'one more PATCH per created configuration to confirm it (created with the marker pending, so that',
		'a run cut off before the mirror is repaired by the next without reading Domotz back).',
		'',
		`Time: each request takes one latency (${limits.latencyMs} ms), Domotz answers at most ${limits.domotzInFlight} at once, ConnectWise`,
		`takes at most ${count(limits.connectWisePerMinute)} in any minute and nothing else limits it. A request waits for the answers`,
		"it needs: the agent list before the company lookup, the sweep and the device lists, the sweep's",
		"first page (it names the last one) before the others, an agent's reads before its writes. The",
		'bound is the longest of the Domotz chain (agent list, device lists four at a time, a write), the',
		'ConnectWise chain (agent list, first page, other pages, a write) and',
		'the ConnectWise budget (the budgeted request n, from 0, cannot start before ⌊n / 1000⌋ minutes).',
		"The bound leaves out the time the simulators take to build an answer and the engine's own work",
		'(parsing, matching, planning); the measured time includes both.',
		'',
		'## The naive baseline',
		'',
		'The same work as a workflow built by hand: per agent its device list and a company lookup;',
		'per device a ConnectWise lookup by serial, then MAC, then IP (only the keys it has, until one',
		'finds a configuration), then a GET of it or a POST of a new one, then one PATCH per changed',
		'field; no links, so every run looks every device up again. Its requests are counted from the',
		'tenant; where it was also run (four in flight, manufacturers read once) the run is shown in',
		'brackets and its count equals the computed one.',
		'',
		'## Targets',
		'',
		'| Target | Met | Measured |',
		'| --- | --- | --- |',
		...verdicts(results).map(
			(verdict) => `| ${verdict.target} | ${verdict.met ? 'yes' : '**no**'} | ${verdict.detail} |`,
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
