/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only demo: runs simulators, npm and a real n8n on loopback */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { demoMsp, type GeneratedTenant } from '../simulators/generator';
import { configurationTypeId } from '../e2e/check-support';
import type { ParameterChoice, WorkflowRun } from '../e2e/contract';
import { exampleNames, prepareExample, type PreparedWorkflow } from '../e2e/examples';
import { N8n, N8nRest, type OwnerAccount } from '../e2e/n8n';
import { ensureN8nInstalled, installationRoot } from '../e2e/n8n-install';
import { npm, packInto } from '../e2e/package';
import { freePort, preferredPort, ProcessGroup } from '../e2e/processes';
import { E2eTenant } from '../e2e/tenant';
import { toWorkflowRun } from '../e2e/workflows';

/** Beside the cached n8n, outside the repository; emptied at every start. */
export const DEMO_FOLDER = join(dirname(installationRoot()), 'demo');

/** The editor login the demo prints; the instance only listens on 127.0.0.1. */
export const DEMO_OWNER: OwnerAccount = {
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'User',
	password: 'Domotz-Demo-1',
};

const PREFERRED_PORTS = { domotz: 4101, connectwise: 4102, n8n: 5678 };

export const SYNC_EXAMPLE = 'automatic-sync-every-12-hours';
const SYNC_NODE = 'Sync Agents';
/** The configuration type new configurations get in the demo run. */
export const DEMO_DEFAULT_TYPE = 'Managed Device';

/** The demo run of the 12-hour sync creates configurations, so the summary shows creations. */
const demoRunChanges = (tenant: GeneratedTenant): ParameterChoice[] => [
	{ node: SYNC_NODE, parameter: 'createUnmatched', value: true },
	{
		node: SYNC_NODE,
		parameter: 'defaultType',
		value: String(configurationTypeId(tenant, DEMO_DEFAULT_TYPE)),
	},
];

export interface DemoRun {
	tenant: GeneratedTenant;
	/** The examples as they are in `examples/`, imported into the demo n8n, by file name. */
	examples: ReadonlyMap<string, PreparedWorkflow>;
	/** The copy of the 12-hour sync with creation on, run once headless. */
	syncRun: PreparedWorkflow;
	run: WorkflowRun;
	/** The Agents output of that run. */
	agents: IDataObject[];
}

export interface DemoEditor {
	url: string;
	owner: OwnerAccount;
	rest: N8nRest;
}

/**
 * The demo: both simulators seeded with `demoMsp`, the packed package in a fresh n8n user folder,
 * the credentials and examples imported, the 12-hour sync run once, then (optionally) the editor.
 */
export class Demo {
	readonly processes = new ProcessGroup();
	readonly simulators = new E2eTenant();
	private n8n: N8n | undefined;
	private readonly pidFile = join(DEMO_FOLDER, 'demo.pid');
	private readonly userFolder = join(DEMO_FOLDER, 'n8n');
	readonly logDir = join(DEMO_FOLDER, 'logs');

	constructor(private readonly log: (line: string) => void) {}

	async prepare(): Promise<DemoRun> {
		this.claimFolder();
		const tenant = demoMsp();
		await this.simulators.start({
			domotz: await preferredPort(PREFERRED_PORTS.domotz),
			connectwise: await preferredPort(PREFERRED_PORTS.connectwise),
		});
		this.simulators.load(tenant);
		const { counts } = tenant.truth;
		this.log(
			`Simulators on 127.0.0.1, seeded with demoMsp: ${counts.agents} agents, ${counts.devices} devices, ${counts.configurations} configurations`,
		);
		this.log(`  Domotz      ${this.simulators.domotz.apiBaseUrl}`);
		this.log(`  ConnectWise ${this.simulators.connectwise.baseUrl}`);

		const installation = await ensureN8nInstalled(undefined, (line) => this.log(line));
		this.log(`n8n from ${installation.root}`);
		this.log('Building and packing this package …');
		await npm(this.processes, ['run', 'build']);
		await packInto(
			this.processes,
			DEMO_FOLDER,
			join(this.userFolder, '.n8n', 'nodes', 'node_modules'),
		);
		const n8n = new N8n(this.processes, {
			installation,
			userFolder: this.userFolder,
			logDir: this.logDir,
			port: await preferredPort(PREFERRED_PORTS.n8n),
			brokerPort: await freePort(),
		});
		this.n8n = n8n;

		this.log('Importing the credentials and the example workflows …');
		const credentials = join(DEMO_FOLDER, 'credentials.json');
		writeFileSync(
			credentials,
			JSON.stringify(this.simulators.credentialFile(['domotz', 'connectwise'])),
		);
		await n8n.importCredentials(credentials);
		rmSync(credentials);
		const examples = new Map(exampleNames().map((name) => [name, prepareExample(name)]));
		const syncRun = prepareExample(SYNC_EXAMPLE, [], {
			name: 'demo run: creation on',
			changes: demoRunChanges(tenant),
		});
		const workflowDir = join(DEMO_FOLDER, 'workflows');
		mkdirSync(workflowDir);
		for (const workflow of [...examples.values(), syncRun]) {
			writeFileSync(join(workflowDir, `${workflow.id}.json`), JSON.stringify(workflow.definition));
		}
		await n8n.importWorkflows(workflowDir);

		this.log('Running the 12-hour sync once, headless (a copy with creation on) …');
		const run = toWorkflowRun(await n8n.execute(syncRun.id, 'demo-sync'));
		if (run.status !== 'success') {
			throw new Error(`the demo sync failed: ${run.errorMessage}\n${n8n.logTail('demo-sync')}`);
		}
		return { tenant, examples, syncRun, run, agents: run.items(SYNC_NODE) };
	}

	/** `n8n start` on 127.0.0.1 with the demo owner signed in. */
	async startEditor(): Promise<DemoEditor> {
		if (!this.n8n) throw new Error('the demo is not prepared');
		this.log('Starting the n8n editor …');
		await this.n8n.start();
		const rest = new N8nRest(this.n8n.baseUrl);
		const owner = await rest.setupOwner(DEMO_OWNER);
		return { url: this.n8n.baseUrl, owner, rest };
	}

	/** Stops n8n and the simulators and releases the folder. */
	async stop(): Promise<void> {
		await this.processes.stopAll();
		await this.simulators.close();
		this.releaseFolder();
	}

	/** For exit handlers, which cannot wait. */
	killNow(): void {
		this.processes.killAllNow();
		this.releaseFolder();
	}

	/** One demo at a time owns the folder; a new demo starts from an empty n8n. */
	private claimFolder(): void {
		const owner = existsSync(this.pidFile) ? Number(readFileSync(this.pidFile, 'utf8')) : 0;
		if (owner && owner !== process.pid && isAlive(owner)) {
			throw new Error(`another demo (process ${owner}) is running; stop it with Ctrl-C first`);
		}
		rmSync(DEMO_FOLDER, { recursive: true, force: true });
		mkdirSync(this.logDir, { recursive: true });
		writeFileSync(this.pidFile, String(process.pid));
	}

	private releaseFolder(): void {
		const owner = existsSync(this.pidFile) ? Number(readFileSync(this.pidFile, 'utf8')) : 0;
		if (owner === process.pid) rmSync(this.pidFile);
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
