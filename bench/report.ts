/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- benchmark only, never shipped: describes the machine and writes its results next to itself */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';

import { configurationFieldLimits } from '../lib/connectwise/limits';
import { runLabels, type RunMeasurement, type RunName } from './engine-runs';
import { inN8nRunLabels, n8nModes, type InN8nResult, type InN8nRun } from './in-n8n';
import {
	overheadNames,
	overheadRules,
	type Bound,
	type OverheadName,
	type PlanBound,
	type RunOutcome,
} from './lower-bound';
import { engineCommit } from './commit';
import type { MatchingMeasurement } from './matching';
import { matchingTable } from './matching';
import { workRequests, type RequestCounts } from './measure';
import type { HandBuiltAccount, Done } from './hand-built/accounting';
import type { WriteCounts } from './hand-built/n8n-runner';
import { unknownVendors } from './msp-tenant';
import type { NaiveCounts } from './naive';
import {
	connectWisePerMinuteOf,
	limits,
	quirkShares,
	scenarioNames,
	scenarios,
	shares,
	type Scenario,
	type ScenarioName,
} from './scenarios';
import type { ParseMeasurement } from './simulator-host';

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

/** The hand-built n8n workflow's run (bench/hand-built), measured in the real n8n. */
export interface HandBuiltResult {
	requests: RequestCounts;
	/** From the execution's start to its end, as n8n records them. */
	wallMs: number;
	/** The execution's status in n8n. */
	status: string;
	/** PATCHes and POSTs ConnectWise answered with 200 and 201. */
	written: WriteCounts;
	/** Requests refused other than by a 429 (a 4xx or 5xx, a reset, a timeout). */
	refused: number;
	/** What the writes did, read from the simulators' state before and after the run. */
	account: HandBuiltAccount;
}

/** Absent in runs stored before the API minimum was told apart from our plan. */
interface Bounds {
	apiMinimum?: Bound;
	plan?: PlanBound;
}

/** Absent in runs stored before the answers' parsing and the engine's CPU per device. */
interface ParsingAndCpu {
	parsing?: ParseMeasurement;
	/** The API minimum's time bound with the answers' parsing counted (`timeWithParsing`). */
	apiMinimumWithParsingMs?: number;
	engineCpuPerDeviceMs?: number;
}

export interface RunResult extends Omit<RunMeasurement, 'parsing'>, Bounds, ParsingAndCpu {
	/** Every request sent, the refused (429) ones included. */
	total: number;
	/** What each counter should read on the tenant as built; absent in runs stored before. */
	expectedOutcome?: RunOutcome;
	/** Absent in runs stored before the naive baseline lost its padding. */
	baselines?: { naive: NaiveResult; handBuilt?: HandBuiltResult };
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
	/** Sync Agent inside a real n8n (`--in-n8n`). */
	inN8n?: Partial<Record<ScenarioName, InN8nResult>>;
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

const megabyte = 1024 * 1024;
const WORKER_PEAK_TARGET_MB = 1536;
const NO_OP_EXECUTION_TARGET_BYTES = 5 * megabyte;

const inN8nResults = (results: Results): InN8nResult[] =>
	scenarioNames.flatMap((name) => {
		const result = results.inN8n?.[name];
		return result ? [result] : [];
	});

function inN8nVerdicts(results: Results): Verdict[] {
	return inN8nResults(results).flatMap((result) =>
		n8nModes.flatMap((mode) => {
			const measured = result.modes[mode];
			if (!measured) return [];
			const { runs } = measured;
			const name = result.scenario.name;
			const label = `${name} in n8n, ${mode} mode`;
			const byName = (run: InN8nRun['run']) => runs.find((entry) => entry.run === run);
			const detailed = byName('resyncWithDeviceDetails');
			const found = [
				judge(
					`${label}: every execution succeeds`,
					runs.filter((run) => run.status !== 'success').length,
					(value) => value === 0,
					(value) => `${runs.length - value} of ${runs.length}`,
				),
				judge(
					`${label}, no-op re-sync: saved execution < 5 MB (Output Device Details off)`,
					byName('noOpResync')?.savedBytes,
					(value) => value < NO_OP_EXECUTION_TARGET_BYTES,
					size,
				),
				judge(
					`${label}: the editor's execution view opens every execution (200)`,
					runs.filter((run) => run.view.status !== 200).length,
					(value) => value === 0,
					(value) =>
						`${runs.length - value} of ${runs.length}, the slowest in ${seconds(Math.max(...runs.map((run) => run.view.ms)))} s`,
				),
				judge(
					`${label}, Output Device Details on: only the devices with changes or problems are output`,
					detailed && detailed.deviceItems - detailed.expectedDeviceItems,
					(value) => value === 0,
					() =>
						`${count(detailed?.deviceItems ?? 0)} items (built for ${count(detailed?.expectedDeviceItems ?? 0)}), ${count(detailed?.devicesNotOutput ?? 0)} devices counted instead`,
				),
				...runs.map((run) =>
					outcomeVerdict(
						`${label}, ${inN8nRunLabels[run.run]}: every device settled as built`,
						run,
					),
				),
			];
			if (name === 'XL' && mode === 'queue') {
				found.push(
					judge(
						`${label}: the worker's peak RSS < 1.5 GB`,
						Math.max(...runs.map((run) => run.memory.peakRssMb)),
						(value) => value < WORKER_PEAK_TARGET_MB,
						(value) => `${value.toFixed(0)} MB`,
					),
				);
			}
			return found;
		}),
	);
}

function size(bytes: number): string {
	return bytes < megabyte
		? `${(bytes / 1024).toFixed(0)} kB`
		: `${(bytes / megabyte).toFixed(2)} MB`;
}

function inN8nRows(result: InN8nResult): string[] {
	return n8nModes.flatMap((mode) =>
		(result.modes[mode]?.runs ?? []).map((run) => {
			const { outcome } = run;
			const failed = outcome.failed + outcome.failedAgents;
			const devices =
				run.run === 'resyncWithDeviceDetails'
					? `${count(run.deviceItems)} (${count(run.devicesNotOutput)})`
					: 'off';
			return [
				result.scenario.name,
				mode,
				inN8nRunLabels[run.run],
				run.status,
				seconds(run.wallMs),
				`${run.memory.peakRssMb.toFixed(0)} (${run.memory.startRssMb.toFixed(0)})`,
				size(run.savedBytes),
				`${run.view.status} in ${seconds(run.view.ms)} s, ${size(run.view.bytes)}`,
				[outcome.created, outcome.newlyLinked, outcome.updated, failed].map(count).join(' / '),
				devices,
				count(totalRequests(run.requests)),
			].join(' | ');
		}),
	);
}

function inN8nSection(results: Results): string[] {
	const measured = inN8nResults(results);
	const [first] = measured;
	if (!first) return [];
	const processes = n8nModes.flatMap((mode) => {
		const process = measured.map((result) => result.modes[mode]?.process).find(Boolean);
		return process ? [`${mode} mode: \`${process}\``] : [];
	});
	return [
		'## Sync Agent inside n8n',
		'',
		`\`npm run bench -- --scenarios=XL --in-n8n\`: the package built, packed and extracted into the user folder's \`.n8n/nodes/node_modules\` as n8n installs a community package, in n8n ${first.n8n} on Node ${first.node}, against the same simulators. The 12-hour example is imported as users import it, with these settings, the engine runs' above:`,
		'',
		...first.adjustments.map((adjustment) => `- ${adjustment}`),
		'',
		"Each run starts as the example's first sync does: the workflow is published (`POST /api/v1/workflows/{id}/publish`), its n8n Trigger (Workflow Published) starts the execution, and once that has ended the workflow is unpublished. Between runs the simulators' clocks move a minute on. After the first sync, the no-op re-sync and the re-sync after 1 % of the devices were renamed, the same devices are renamed again and a copy of the workflow with _Output Device Details_ on (_Output Device Details Of_ at its default, _Devices With Changes or Problems_) runs.",
		'',
		`XL's ConnectWise allows ${count(connectWisePerMinuteOf(scenarios.XL))} requests a minute in the simulator (for XL only), more than the client's 32 requests in flight can send at ${limits.latencyMs} ms each: its wall times are the engine's and n8n's own work and the latency, not ConnectWise's budget.`,
		'',
		'| Scenario | Mode | Run | Status | Wall s | Peak RSS MB (at start) | Saved execution | Editor opens it | Created / newly linked / updated / failed | Device items (not output) | Requests |',
		'| --- | --- | --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
		...measured.flatMap(inN8nRows).map((row) => `| ${row} |`),
		'',
		`Measured process: ${processes.join('; ')}. Peak RSS is its \`VmHWM\`, the kernel's high-water mark, reset before each run by writing 5 to \`/proc/<pid>/clear_refs\`: every page the process held, however briefly, during the run and while n8n saved it; in brackets its RSS when the run was started. n8n's task runner, a process of its own, runs no code of this workflow and is not counted. Wall s is the execution's \`stoppedAt\` − \`startedAt\` as n8n recorded them. Saved execution is the size of the run data n8n saved (\`execution_data.data\`, in SQLite or PostgreSQL). The editor opens it: \`GET /rest/executions/{id}\` with the owner's session cookie, as the editor's execution view asks for an execution, its status, the seconds until its last byte and its size. Created / newly linked / updated / failed are summed over the agents' items (failed agents are the items on the error output); device items are those on the Devices output, in brackets the devices the agents count as not output.`,
		'',
	];
}

/** Met when every counter of the run reads what the tenant was built for. */
function outcomeVerdict(
	target: string,
	run: { outcome: RunOutcome; expectedOutcome?: RunOutcome },
): Verdict {
	const expected = run.expectedOutcome;
	if (!expected) return { target, status: 'not measured', detail: notMeasured };
	const differing = (Object.keys(expected) as Array<keyof RunOutcome>).filter(
		(counter) => run.outcome[counter] !== expected[counter],
	);
	if (differing.length === 0) return { target, status: 'met', detail: 'as built' };
	return {
		target,
		status: 'missed',
		detail: differing
			.map((counter) => `${counter} ${run.outcome[counter]} (built for ${expected[counter]})`)
			.join(', '),
	};
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
					`${label}: fewer requests than the naive baseline`,
					naiveRatio,
					(value) => value > 1,
					times,
				),
				outcomeVerdict(`${label}: every device settled as built`, run),
			);
			// The re-syncs' target: a first sync's time is set by how many writes it keeps in flight.
			if (run.run !== 'firstSync') {
				found.push(
					judge(
						`${label}: wall time ≤ ×1.3 of the API minimum's time bound with parsing`,
						run.apiMinimumWithParsingMs && ratio(run.wallMs, run.apiMinimumWithParsingMs),
						(value) => value <= 1.3,
						times,
					),
				);
			}
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
	found.push(...inN8nVerdicts(results));
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

/** The answers' parsing (ms and MB), and the API minimum's time bound with it. */
function parsingCells(run: RunResult): string[] {
	const { parsing } = run;
	if (!parsing) return [notMeasured, notMeasured];
	return [
		`${parsing.milliseconds.toFixed(0)} (${(parsing.bytes / 1024 ** 2).toFixed(1)})`,
		againstBound(run.wallMs, run.apiMinimumWithParsingMs, seconds),
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

/** The hand-built workflow's requests and wall time over ours. */
function handBuiltCell(run: RunResult): string {
	const handBuilt = run.baselines?.handBuilt;
	if (!handBuilt) return notMeasured;
	// A failed execution did not do the work: its requests and time compare with nothing.
	if (handBuilt.status !== 'success') return `its execution: ${handBuilt.status}`;
	const requests = ratio(allRequests(handBuilt.requests), run.total);
	return `${times(requests)} / ${times(ratio(handBuilt.wallMs, run.wallMs))}`;
}

/** Done as needed, of what the run needs. */
const doneCell = ({ done, needed }: Done) => `${count(done)} of ${count(needed)}`;

function handBuiltRows(result: ScenarioResult): string[] {
	return result.runs.flatMap((run) => {
		const handBuilt = run.baselines?.handBuilt;
		if (!handBuilt) return [];
		const { written, account } = handBuilt;
		const { updates, creates } = account;
		return [
			[
				result.scenario.name,
				runLabels[run.run],
				kinds(handBuilt.requests.Domotz),
				kinds(handBuilt.requests.ConnectWise),
				count(allRequests(handBuilt.requests)),
				seconds(handBuilt.wallMs),
				`${count(run.total)} in ${seconds(run.wallMs)} s`,
				handBuiltCell(run),
				`${count(written.updates)} / ${count(written.creates)}`,
				doneCell(updates),
				doneCell(creates),
				`${count(updates.needed - updates.done)} / ${count(creates.needed - creates.done)}`,
				count(account.wronglyWritten),
				count(account.duplicates),
				count(handBuilt.refused),
				handBuilt.status,
			].join(' | '),
		];
	});
}

function handBuiltTable(rows: readonly string[]): string[] {
	if (rows.length === 0) return ['Not run.'];
	return [
		'| Scenario | Run | Domotz | ConnectWise | Requests | Wall s | Ours | ÷ ours: requests / wall | PATCH / POST answered | Updated (of needed) | Created (of needed) | Missed: updates / creates | Wrongly written | Duplicates created | Refused | Execution |',
		'| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
		...rows.map((row) => `| ${row} |`),
	];
}

function runRows(result: ScenarioResult): string[] {
	return result.runs.map((run) => {
		const domotzCalls = allRequests({
			...run.requests,
			ConnectWise: { read: 0, create: 0, update: 0, throttled: 0 },
		});
		const [minimumRequests, planRequests, wall, minimumTime, planTime] = boundCells(
			{ requests: run.total, wallMs: run.wallMs },
			run,
		);
		const [parsing, minimumWithParsing] = parsingCells(run);
		return [
			result.scenario.name,
			runLabels[run.run],
			kinds(run.requests.Domotz),
			kinds(run.requests.ConnectWise),
			count(run.total),
			minimumRequests,
			planRequests,
			wall,
			minimumTime,
			minimumWithParsing,
			planTime,
			parsing,
			cpuCell(run.cpuMs),
			run.engineCpuPerDeviceMs === undefined ? notMeasured : run.engineCpuPerDeviceMs.toFixed(2),
			`${run.memory.rssMb.toFixed(0)} (${run.memory.startRssMb.toFixed(0)})`,
			...naiveCells(run),
			handBuiltCell(run),
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
		const perScenario = scenarioNames.map((scenario) =>
			overheadCell(results.scenarios[scenario], name),
		);
		return `| ${rule.label} | ${rule.requests} | ${perScenario.join(' | ')} | ${rule.withoutIt} |`;
	});
}

const share = (value: number) => `${Math.round(value * 100)} %`;

/** The tenant's data, from the shares it is built with. */
function tenantDescription(): string[] {
	const ambiguous = shares.cloned + shares.duplicated;
	const matched = 1 - shares.unmatched - ambiguous;
	return [
		`First sync: ${share(matched)} of the devices match a configuration (of those, ${share(shares.matchedBy.serial)} by serial, ${share(shares.matchedBy.mac)} by MAC, ${share(shares.matchedBy.ip)} by IP) and get their link, ${share(shares.differing)} of those also differ in one to three fields; ${share(shares.unmatched)} match nothing and are created; ${share(ambiguous)} are left alone as ambiguous: cloned VMs, a few per template, which share their serial with each other and with their configurations (${share(shares.cloned)}), and devices whose configuration was entered twice (${share(shares.duplicated)}). Then a re-sync with nothing to do, then a re-sync after ${share(shares.changedBeforeLastRun)} of the devices were renamed.`,
		'',
		`The keys are written as real inventories write them, drawn per device from the seed: MACs in every notation (colons, dashes, Cisco dots, bare; upper and lower case), each side in a notation of its own; no MAC for ${share(quirkShares.withoutMac)} of the devices matched by serial or created, and none for those matched by IP (seen through a router); where a device has no usable serial, ${share(quirkShares.placeholderSerial)} hold a placeholder the engine ignores ("To be filled by O.E.M.", "0", "Default string" …), on either side; serials in lower case in ConnectWise for ${share(quirkShares.lowerCaseSerial)} of those matched by serial. ${[...unknownVendors].join(' and ')} are not in ConnectWise's manufacturer list (the node creates none by default, so every run looks them up again). Names longer than ConnectWise's ${configurationFieldLimits.name} characters (${share(quirkShares.overLongName)}) and models longer than its ${configurationFieldLimits.modelNumber} (${share(quirkShares.overLongModel)}) are shortened. ${share(quirkShares.placeholderOnLeftovers)} of the leftover configurations hold a placeholder serial. Every device's outcome is known by construction and checked after each run (Targets).`,
	];
}

export function renderMarkdown(results: Results): string {
	const measured = scenarioNames.flatMap((name) => {
		const result = results.scenarios[name];
		return result ? [result] : [];
	});
	const lines = [
		'# Benchmark: a large MSP on the simulators',
		'',
		'Written by `npm run bench` (`npm run bench:quick` for S only); do not edit by hand.',
		'Sync Agent as the node runs it (all agents, company by Customer ID, Domotz → ConnectWise,',
		'create unmatched devices, names and model numbers too long for ConnectWise shortened, link',
		"mirror off, collector off, Domotz's usage report read first and its rate reading kept from run",
		'to run) against the Domotz and ConnectWise simulators on',
		`127.0.0.1 with ${limits.latencyMs} ms latency per request, Domotz at most ${limits.domotzInFlight} requests in flight,`,
		`ConnectWise at most ${count(limits.connectWisePerMinute)} requests in any minute (XL: ${count(connectWisePerMinuteOf(scenarios.XL))}, see below). Seeded: every run does the same work.`,
		'',
		'| Scenario | Agents × devices | Configurations | Companies |',
		'| --- | ---: | ---: | ---: |',
		...scenarioNames.map((name) => {
			const scenario = scenarios[name];
			return `| ${name} | ${scenario.agents} × ${scenario.devicesPerAgent} = ${count(scenario.agents * scenario.devicesPerAgent)} | ${count(scenario.configurations)} | ${scenario.agents} |`;
		}),
		'',
		...tenantDescription(),
		'',
		'## Sync runs',
		'',
		'Requests are read / create / update per API; a 429 is counted apart and in the total. Each',
		'bound is followed by our ratio to it: the API minimum is the fewest requests the two APIs allow',
		'for the work, our plan adds the overheads listed below (how both are computed: at the end).',
		'',
		'| Scenario | Run | Domotz | ConnectWise | Requests | API minimum (×) | Our plan (×) | Wall s | Minimum s (×) | Minimum with parsing s (×) | Plan s (×) | Parsing ms (MB) | CPU s: engine / Domotz / ConnectWise | Engine CPU ms per device | Peak RSS MB (at start) | Naive requests | Naive ÷ ours | Hand-built ÷ ours: requests / wall | Domotz daily quota |',
		'| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		...measured.flatMap(runRows).map((row) => `| ${row} |`),
		'',
		"CPU s is the time each process spent on a core during the run: the engine, the Domotz simulator and the ConnectWise simulator (building answers; waiting out the latency costs none). The three share the machine's cores: the part of the wall time beyond the bounds is the engine's and the simulators' work, and their waits for a free core. The engine's CPU per device is its process's CPU time (the engine, its HTTP client and the benchmark's memory sampling) divided by the scenario's devices.",
		'',
		"Parsing ms is the time to turn the run's answers into values as the engine's HTTP port does (UTF-8 text, then JSON), measured after each run on the very bytes the simulators sent (the fastest of three passes); in brackets their size. The minimum with parsing is the API minimum's time bound plus that parsing, the work no engine can skip; as the engine may parse while it waits for other answers, it can exceed a strict bound by at most the parsing shown. The re-syncs' wall-time target is judged against it.",
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
		'| Overhead | Requests | S | M | L | XL | What goes wrong without it |',
		'| --- | --- | ---: | ---: | ---: | ---: | --- |',
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
		'`company/id in (…)`, ⌈configurations / 1,000⌉ pages; when configurations are created or a',
		'device names a manufacturer its configuration lacks, the manufacturer list, ⌈manufacturers /',
		"1,000⌉ pages: a create or a PATCH names its manufacturer by reference, ConnectWise's Developer",
		"Guide shows references given by id (a company's also by identifier), never a manufacturer's by",
		'name, and a manufacturer missing from the last run may have been entered since; one POST per',
		'created configuration and one PATCH per configuration whose link or fields change, none for a',
		'device no key tells apart. Every configuration is read although few change: reading only those',
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
		"other pages; when needed, the manufacturers (read once an agent's devices are matched); when",
		'creating, the lease (note posted, notes listed, markers read) before the',
		'creates, the note deleted after them; a PATCH; with the mirror, the link written in Domotz,',
		'then confirmed. Its budget counts every ConnectWise request but discovery, which the login',
		"screen's company info answers outside the API's budget.",
		"The bounds leave out the time the simulators take to build an answer and the engine's own work",
		'(parsing, matching, planning); the measured time includes both. The minimum with parsing',
		'counts the one part of that work no engine can skip: turning every answer into values.',
		'',
		'## The naive baseline',
		'',
		'The same work as a careful user would build it by hand, one device at a time and without',
		"padding: the base URL carries the tenant's codebase (no discovery); the agent list, then per",
		'agent its device list and its company looked up by Customer ID; per device one lookup in its',
		'company by every key it has (serial, MAC and IP joined by OR; a placeholder serial is no key),',
		'whose answer is the whole record, then one PATCH carrying every changed field when it found one',
		'configuration and some fields differ, one POST when it found none, nothing when it found several',
		'(a careful user does not guess); the manufacturer list read once in a run that needs it (a',
		'create, or a manufacturer that differs). No links are kept, so every run looks every device up',
		'again. Its requests are counted from the tenant: ⌈agents / 100⌉ + agents Domotz reads; agents +',
		'devices ConnectWise reads, and one more page per 1,000 manufacturers in a run that needs them;',
		'one POST per created configuration; one PATCH per configuration that differs. Where it was also',
		'run (four requests in flight: generous to it) the run is shown in brackets and its count equals',
		'the computed one.',
		'',
		'## The hand-built n8n workflow',
		'',
		"The same job built from n8n's own nodes by a careful user without this package",
		'([`bench/hand-built/sync-workflow.json`](../hand-built/sync-workflow.json), described in',
		'[`bench/hand-built/README.md`](../hand-built/README.md)), run in the real n8n 2.41.1 on the',
		'same simulators, on a fresh tenant of its own, with the same renames before the last run: the',
		"agent list (pages of 100) and each agent's devices (four agents a second); the configurations",
		"of the agents' companies by Customer ID in pages of 1,000 with `fields=`; serials (trimmed, upper",
		'case) and MACs (their twelve hex digits) written alike on both sides in a Code node; Merge by',
		'serial, then by MAC; one PATCH per matched pair whose name, model, OS type, OS info or IP',
		"differs (name and model cut to ConnectWise's lengths), carrying every changed field; one POST",
		'per unmatched device that has a serial or a MAC, after the manufacturer list; writes at most 15',
		'a second. It keeps no links: every run matches by serial and MAC again. Merge pairs a device',
		'with every configuration carrying its key, so a serial shared by cloned VMs, a configuration',
		'entered twice or a placeholder serial (`To be filled by O.E.M.`) gives one PATCH per pair.',
		"Requests are counted by the simulators as for ours; the wall time is the execution's start to",
		'its end as n8n records them. PATCH / POST answered: what ConnectWise answered with 200 and 201.',
		"The rest is read from the simulators' state before and after each run, each configuration",
		'known by the device it was built (or created) for: updated, the devices whose configuration',
		'the run had to update (what Sync Agent updates: stale fields on the first sync, renamed',
		"devices it links on the last run) that hold the device's name, model and OS version after",
		'it; created, the devices without a configuration that got one; missed, the rest of both;',
		"wrongly written, the configurations the run changed that hold another device's values after",
		'it, or that belong to no device (leftovers); duplicates, the configurations created for a',
		'device that already had one. Cloned VMs and configurations entered twice are never needed:',
		'Sync Agent reports them as ambiguous and leaves them.',
		'',
		...handBuiltTable(measured.flatMap(handBuiltRows)),
		'',
		...inN8nSection(results),
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
		...inN8nResults(results).flatMap((result) =>
			n8nModes.flatMap((mode) => {
				const measured = result.modes[mode];
				return measured
					? [`- ${result.scenario.name} in n8n, ${mode} mode: ${machineLine(measured.machine)}`]
					: [];
			}),
		),
		'',
		'## Matching micro-benchmark',
		'',
		...(results.matching ? matchingTable(results.matching.measurements) : ['Not run.']),
		'',
	];
	return lines.join('\n');
}

export type { RunName };
