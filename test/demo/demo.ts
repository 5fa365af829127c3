/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals -- test-only demo: a terminal program that stops on Ctrl-C */
/**
 * `npm run demo [-- --once]`: the package in a real n8n against both simulators seeded with
 * `demoMsp`, the example workflows imported, one headless run of the 12-hour sync and its summary,
 * then the n8n editor on 127.0.0.1 until Ctrl-C (`--once`: stop after the summary).
 */
import { Demo, DEMO_DEFAULT_TYPE, DEMO_FOLDER, type DemoRun } from './session';
import { summariseAgents } from './summary';

const once = process.argv.includes('--once');

async function main(): Promise<number> {
	const demo = new Demo((line) => console.log(line));
	const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
		process.once('SIGINT', () => resolve('SIGINT'));
		process.once('SIGTERM', () => resolve('SIGTERM'));
	});
	// Whatever happens, no n8n is left running behind the demo.
	process.once('exit', () => demo.killNow());

	const outcome = await Promise.race([
		runDemo(demo, stopRequested).then(
			() => 0,
			(error: unknown) => {
				console.error(`\nThe demo stopped: ${error instanceof Error ? error.message : error}`);
				return 1;
			},
		),
		stopRequested.then(() => 130),
	]);
	console.log('Stopping n8n and the simulators …');
	await demo.stop();
	return outcome;
}

async function runDemo(demo: Demo, stopRequested: Promise<NodeJS.Signals>): Promise<void> {
	console.log(`Demo folder (emptied at every start): ${DEMO_FOLDER}\n`);
	const prepared = await demo.prepare();
	printSummary(prepared);
	if (once) return;

	const editor = await demo.startEditor();
	console.log(
		[
			'',
			`n8n is running: ${editor.url}`,
			`  Sign in as ${editor.owner.email} with the password ${editor.owner.password}`,
			'  Workflows: the examples (as in examples/) and the demo run of the 12-hour sync,',
			'  whose execution shows the Agents and Devices outputs.',
			`  Simulators: ${demo.simulators.domotz.baseUrl}/__admin/requests and ${demo.simulators.connectwise.baseUrl}/__admin/requests`,
			`  n8n logs: ${demo.logDir}`,
			'',
			'Ctrl-C stops n8n and the simulators.',
		].join('\n'),
	);
	await stopRequested;
}

function printSummary({ run, syncRun, agents }: DemoRun): void {
	console.log(
		[
			'',
			`Ran "${syncRun.name}" once, headless:`,
			'the 12-hour sync example with "Create Configurations for Unmatched Devices" turned on and',
			`"${DEMO_DEFAULT_TYPE}" as the default configuration type, so that unmatched devices (and`,
			'collectors) get a configuration. The example itself leaves creation off.',
			'',
			...summariseAgents(agents),
			'',
			`Run ${run.status}.`,
		].join('\n'),
	);
}

void main().then((code) => process.exit(code));
