/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- benchmark only, never shipped: runs the hand-built workflow in the real n8n on loopback, from a temporary user folder */
/**
 * The hand-built workflow (`sync-workflow.json`, n8n's own nodes only) in the real n8n 2.41.1 that
 * test/e2e installs and starts: its own user folder, port and task broker port, so that it never
 * meets another n8n on the machine. Its Settings node and its two generic credentials are filled
 * with a simulator host's endpoints; each run is what the editor's "Execute workflow" sends.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { N8n, N8nRest } from '../../test/e2e/n8n';
import { ensureN8nInstalled } from '../../test/e2e/n8n-install';
import { freePort, ProcessGroup } from '../../test/e2e/processes';
import type { TenantPlan } from '../msp-tenant';
import type { Endpoints, RequestTally } from '../simulator-host';

const WORKFLOW_FILE = join(__dirname, 'sync-workflow.json');
const WORKFLOW_ID = 'benchHandBuilt01';
const TRIGGER = 'Run sync';
const SETTINGS_NODE = 'Settings';
const POLL_MS = 200;
const MAX_FAILED_POLLS = 5;
const RUN_DEADLINE_MS = 30 * 60_000;
const UNFINISHED = new Set(['new', 'running', 'waiting']);

/** The IDs and names the workflow's HTTP Request nodes name. */
const credentials = {
	domotz: { id: 'hbDomotzApiKey01', name: 'Domotz API key (header)', type: 'httpHeaderAuth' },
	connectWise: {
		id: 'hbConnectWise001',
		name: 'ConnectWise API member (basic)',
		type: 'httpBasicAuth',
	},
} as const;

interface WorkflowFile {
	nodes: Array<{
		name: string;
		parameters: { assignments?: { assignments: Array<{ name: string; value: unknown }> } };
	}>;
}

/** One execution as n8n records it. */
export interface HandBuiltExecution {
	status: string;
	/** stoppedAt − startedAt of the execution, as n8n stores them. */
	wallMs: number;
}

/** The workflow with the simulators' endpoints and the tenant's type and status written in. */
function filledWorkflow(endpoints: Endpoints, tenant: TenantPlan): object {
	const workflow = JSON.parse(readFileSync(WORKFLOW_FILE, 'utf8')) as WorkflowFile;
	const values: Record<string, unknown> = {
		domotzApiBase: endpoints.domotzApiBase,
		connectWiseApiBase: `${endpoints.connectWiseBaseUrl}/${endpoints.connectWiseCodebase}apis/3.0`,
		connectWiseClientId: endpoints.connectWise.clientId,
		configurationTypeId: tenant.defaultTypeId,
		configurationStatusId: tenant.activeStatusId,
	};
	const settings = workflow.nodes.find((node) => node.name === SETTINGS_NODE);
	const assignments = settings?.parameters.assignments?.assignments ?? [];
	for (const assignment of assignments) {
		if (!(assignment.name in values)) throw new Error(`unexpected setting ${assignment.name}`);
		assignment.value = values[assignment.name];
	}
	if (assignments.length !== Object.keys(values).length) {
		throw new Error(`${SETTINGS_NODE} must set ${Object.keys(values).join(', ')}`);
	}
	return { ...workflow, id: WORKFLOW_ID, active: false };
}

/** `n8n import:credentials` input: n8n's generic header and basic auth, filled for the host. */
function credentialFile(endpoints: Endpoints): object[] {
	const { companyId, publicKey, privateKey } = endpoints.connectWise;
	return [
		{ ...credentials.domotz, data: { name: 'X-Api-Key', value: endpoints.domotzApiKey } },
		{
			...credentials.connectWise,
			data: { user: `${companyId}+${publicKey}`, password: privateKey },
		},
	];
}

/** A started n8n with the workflow imported; `stop` removes everything it wrote. */
export class HandBuiltWorkflow {
	private constructor(
		private readonly processes: ProcessGroup,
		private readonly n8n: N8n,
		private readonly rest: N8nRest,
		private readonly workDir: string,
	) {}

	static async start(
		endpoints: Endpoints,
		tenant: TenantPlan,
		log: (line: string) => void,
	): Promise<HandBuiltWorkflow> {
		const installation = await ensureN8nInstalled(undefined, log);
		const processes = new ProcessGroup();
		const workDir = mkdtempSync(join(tmpdir(), 'bench-hand-built-'));
		let started: HandBuiltWorkflow | undefined;
		try {
			const n8n = new N8n(processes, {
				installation,
				userFolder: join(workDir, 'n8nhome'),
				logDir: join(workDir, 'logs'),
				port: await freePort(),
				brokerPort: await freePort(),
			});
			mkdirSync(join(workDir, 'logs'));
			mkdirSync(join(workDir, 'workflows'));
			const credentialPath = join(workDir, 'credentials.json');
			writeFileSync(credentialPath, JSON.stringify(credentialFile(endpoints)));
			await n8n.importCredentials(credentialPath);
			rmSync(credentialPath);
			writeFileSync(
				join(workDir, 'workflows', `${WORKFLOW_ID}.json`),
				JSON.stringify(filledWorkflow(endpoints, tenant)),
			);
			await n8n.importWorkflows(join(workDir, 'workflows'));
			await n8n.start();
			const rest = new N8nRest(n8n.baseUrl);
			await rest.setupOwner();
			await rest.createApiKey(['execution:list']);
			started = new HandBuiltWorkflow(processes, n8n, rest, workDir);
			return started;
		} finally {
			// Whatever failed on the way, no n8n and no credentials are left behind.
			if (!started) {
				await processes.stopAll();
				rmSync(workDir, { recursive: true, force: true });
			}
		}
	}

	/** One manual execution, waited for until n8n records its end. */
	async run(): Promise<HandBuiltExecution> {
		const executionId = await this.rest.runManually(WORKFLOW_ID, TRIGGER);
		const deadline = Date.now() + RUN_DEADLINE_MS;
		let failedPolls = 0;
		while (Date.now() < deadline) {
			// A poll may meet a kept-alive connection n8n has just closed: only repeated failures count.
			const listed = await this.rest.executions(WORKFLOW_ID).then(
				(summaries) => {
					failedPolls = 0;
					return summaries;
				},
				(error: unknown) => {
					if (++failedPolls >= MAX_FAILED_POLLS) throw error;
					return [];
				},
			);
			const ended = listed.find(
				(summary) => summary.id === executionId && !UNFINISHED.has(summary.status),
			);
			if (ended?.stoppedAt) {
				return {
					status: ended.status,
					wallMs: Date.parse(ended.stoppedAt) - Date.parse(ended.startedAt),
				};
			}
			await new Promise((resolve) => setTimeout(resolve, POLL_MS));
		}
		throw new Error(`execution ${executionId} did not end within ${RUN_DEADLINE_MS / 60_000} min`);
	}

	/** The end of n8n's log, for a run that did not succeed. */
	logTail(): string {
		return this.n8n.logTail('start');
	}

	async stop(): Promise<void> {
		await this.n8n.stop();
		await this.processes.stopAll();
		rmSync(this.workDir, { recursive: true, force: true });
	}
}

export interface WriteCounts {
	updates: number;
	creates: number;
}

/** ConnectWise's answered PATCHes and POSTs, and every request refused other than by a 429. */
export function answeredWrites(tallies: readonly RequestTally[]): {
	written: WriteCounts;
	refused: number;
} {
	const count = (matches: (tally: RequestTally) => boolean) =>
		tallies.filter(matches).reduce((sum, tally) => sum + tally.count, 0);
	const answered = (method: string, status: number) =>
		count(
			(tally) => tally.api === 'ConnectWise' && tally.method === method && tally.status === status,
		);
	return {
		written: { updates: answered('PATCH', 200), creates: answered('POST', 201) },
		refused: count(
			(tally) => tally.status !== 429 && (typeof tally.status !== 'number' || tally.status >= 400),
		),
	};
}
