/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only e2e harness: drives a real n8n through its CLI and REST API on loopback */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ChildProcess } from 'node:child_process';

import type { IRun } from 'n8n-workflow';

import type { N8nInstallation } from './n8n-install';
import type { ProcessGroup } from './processes';

export interface N8nSetup {
	installation: N8nInstallation;
	/** `N8N_USER_FOLDER`; n8n keeps its database and key in `.n8n/` below it. */
	userFolder: string;
	/** One n8n log file per command lands here. */
	logDir: string;
	port: number;
	/** The task broker of n8n's internal JS runner; 5679 by default, which may be taken. */
	brokerPort: number;
	/** Further variables for this instance, set last (queue mode: database, Redis, worker server). */
	environment?: Readonly<Record<string, string>>;
}

const CLI_TIMEOUT_MS = 120_000;
const READY_TIMEOUT_MS = 120_000;
const READY_POLL_MS = 250;
const LOG_TAIL_MESSAGES = 12;
const MESSAGE_CHARS = 600;

/** Telemetry, banners, update checks and registries off: nothing may leave loopback. */
const QUIET_ENVIRONMENT: Readonly<Record<string, string>> = {
	N8N_LISTEN_ADDRESS: '127.0.0.1',
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_DYNAMIC_BANNERS_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_VERIFIED_PACKAGES_ENABLED: 'false',
	N8N_DISABLED_MODULES: 'mcp-registry',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
	N8N_SECURE_COOKIE: 'false',
	N8N_LOG_OUTPUT: 'file',
	N8N_LOG_LEVEL: 'info',
};

/** One n8n user folder, used by CLI commands one at a time and then by `n8n start`. */
export class N8n {
	private server: ChildProcess | undefined;
	private serverExit: Promise<number> | undefined;

	constructor(
		private readonly processes: ProcessGroup,
		private readonly setup: N8nSetup,
	) {}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.setup.port}`;
	}

	/** The process of the running `start` or `worker` command, for its memory. */
	get pid(): number | undefined {
		return this.server?.pid;
	}

	async importCredentials(file: string): Promise<void> {
		await this.cli(['import:credentials', `--input=${file}`], 'import-credentials');
	}

	async importWorkflows(dir: string): Promise<void> {
		await this.cli(['import:workflow', '--separate', `--input=${dir}`], 'import-workflows');
	}

	/** Runs a workflow in its own n8n process and returns the IRun it logged (success or not). */
	async execute(workflowId: string, logName: string): Promise<IRun> {
		const logFile = this.logFile(logName);
		const result = await this.processes.run(
			this.setup.installation.nodeBinary,
			[this.setup.installation.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'],
			{ env: this.environment(logFile), timeoutMs: CLI_TIMEOUT_MS },
		);
		const run = loggedRun(logFile);
		if (!run) {
			throw new Error(
				`n8n execute --id=${workflowId} exited ${result.code} without a run\n${tail(logFile, result.stderr)}`,
			);
		}
		return run;
	}

	/**
	 * Starts a long-running n8n command (`start`, or `worker` with its flags) and waits until
	 * `/healthz/readiness` on the setup's port answers; a worker answers there with its
	 * server on that port (`QUEUE_HEALTH_CHECK_ACTIVE`, `QUEUE_HEALTH_CHECK_PORT`).
	 */
	async start(command: readonly string[] = ['start'], logName = 'start'): Promise<void> {
		const logFile = this.logFile(logName);
		const output: string[] = [];
		this.server = this.processes.start(
			this.setup.installation.nodeBinary,
			[this.setup.installation.n8nBin, ...command],
			{ env: this.environment(logFile), onOutput: (text) => output.push(text) },
		);
		const server = this.server;
		this.serverExit = new Promise((resolve) => server.once('exit', (code) => resolve(code ?? 1)));
		const deadline = Date.now() + READY_TIMEOUT_MS;
		let exited: number | undefined;
		void this.serverExit.then((code) => (exited = code));
		while (Date.now() < deadline && exited === undefined) {
			if (await this.isReady()) return;
			await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
		}
		const why = exited === undefined ? 'was not ready in time' : `exited ${exited}`;
		throw new Error(`n8n ${command.join(' ')} ${why}\n${tail(logFile, output.join(''))}`);
	}

	async stop(): Promise<void> {
		if (this.server) await this.processes.stop(this.server);
		this.server = undefined;
	}

	/** The last lines of one command's n8n log, for failure reports. */
	logTail(logName: string): string {
		return tail(this.logFile(logName), '');
	}

	private async isReady(): Promise<boolean> {
		return await fetch(`${this.baseUrl}/healthz/readiness`).then(
			(response) => response.ok,
			() => false,
		);
	}

	private async cli(args: string[], logName: string): Promise<void> {
		const logFile = this.logFile(logName);
		const result = await this.processes.run(
			this.setup.installation.nodeBinary,
			[this.setup.installation.n8nBin, ...args],
			{ env: this.environment(logFile), timeoutMs: CLI_TIMEOUT_MS },
		);
		if (result.code !== 0) {
			throw new Error(`n8n ${args[0]} exited ${result.code}\n${tail(logFile, result.stderr)}`);
		}
	}

	private logFile(logName: string): string {
		return join(this.setup.logDir, `${logName}.log`);
	}

	/** The caller's environment minus anything n8n or npm would pick up, plus this instance's. */
	private environment(logFile: string): NodeJS.ProcessEnv {
		const inherited = Object.entries(process.env).filter(
			([name]) => !/^(N8N_|DB_|npm_|NODE_OPTIONS$|NODE_PATH$)/i.test(name),
		);
		return {
			...Object.fromEntries(inherited),
			// n8n starts its task runner with the `node` on PATH, which must be Node 24 too.
			PATH: `${dirname(this.setup.installation.nodeBinary)}:${process.env.PATH ?? ''}`,
			...QUIET_ENVIRONMENT,
			N8N_USER_FOLDER: this.setup.userFolder,
			N8N_PORT: String(this.setup.port),
			N8N_RUNNERS_BROKER_PORT: String(this.setup.brokerPort),
			N8N_LOG_FILE_LOCATION: logFile,
			...this.setup.environment,
		};
	}
}

/** `execute --rawOutput` logs the IRun as one message; with file logging each line is JSON. */
function loggedRun(logFile: string): IRun | undefined {
	if (!existsSync(logFile)) return undefined;
	const messages = readFileSync(logFile, 'utf8')
		.split('\n')
		.map((line) => parseJson(line))
		.map((entry) => (isRecord(entry) && typeof entry.message === 'string' ? entry.message : ''));
	for (const message of messages.reverse()) {
		if (!message.startsWith('{')) continue;
		const run = parseJson(message);
		if (isRecord(run) && isRecord(run.data) && isRecord(run.data.resultData)) {
			return run as unknown as IRun;
		}
	}
	return undefined;
}

function tail(logFile: string, extra: string): string {
	const logged = existsSync(logFile)
		? readFileSync(logFile, 'utf8')
				.split('\n')
				.map((line) => parseJson(line))
				.map((entry) => (isRecord(entry) ? String(entry.message).slice(0, MESSAGE_CHARS) : ''))
		: [];
	return [...logged.slice(-LOG_TAIL_MESSAGES), extra]
		.flatMap((text) => text.split('\n'))
		.filter((line) => line.trim() !== '')
		.map((line) => `    | ${line}`)
		.join('\n');
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface CredentialTestAnswer {
	status: string;
	message: string;
}

export interface ExecutionSummary {
	id: string;
	mode: string;
	status: string;
	startedAt: string;
	stoppedAt: string | null;
}

export interface OwnerAccount {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

function generatedOwner(): OwnerAccount {
	return {
		email: 'e2e-owner@example.com',
		firstName: 'E2E',
		lastName: 'Owner',
		password: `Aa1-${randomBytes(12).toString('hex')}`,
	};
}

/** The owner's session (editor REST API) and an API key (public API), as a user would have. */
export class N8nRest {
	private cookie = '';
	private apiKey = '';

	constructor(private readonly baseUrl: string) {}

	/** Creates the instance owner (a generated account unless one is given) and signs in as it. */
	async setupOwner(owner: OwnerAccount = generatedOwner()): Promise<OwnerAccount> {
		const response = await this.request('POST', '/rest/owner/setup', owner);
		if (!response.ok) {
			throw new Error(
				`POST /rest/owner/setup answered ${response.status}: ${await response.text()}`,
			);
		}
		const cookie = response.headers
			.getSetCookie()
			.map((header) => header.split(';')[0])
			.find((pair) => pair.startsWith('n8n-auth='));
		if (!cookie) throw new Error('POST /rest/owner/setup did not set the n8n-auth cookie');
		this.cookie = cookie;
		return owner;
	}

	async createApiKey(scopes: string[]): Promise<void> {
		const body = (await this.json('POST', '/rest/api-keys', {
			label: 'e2e harness',
			expiresAt: null,
			scopes,
		})) as { data?: { rawApiKey?: string } };
		const key = body.data?.rawApiKey;
		if (!key) throw new Error('POST /rest/api-keys returned no rawApiKey');
		this.apiKey = key;
	}

	async testCredential(id: string): Promise<CredentialTestAnswer> {
		return (await this.json('POST', `/api/v1/credentials/${id}/test`)) as CredentialTestAnswer;
	}

	/**
	 * What the editor's "Execute workflow" button sends: a full run from this trigger. Returns the
	 * execution ID at once; the run itself goes on (in queue mode, on a worker).
	 */
	async runManually(workflowId: string, triggerName: string): Promise<string> {
		const answer = (await this.json('POST', `/rest/workflows/${workflowId}/run`, {
			triggerToStartFrom: { name: triggerName },
		})) as { data?: { executionId?: string } };
		const executionId = answer.data?.executionId;
		if (!executionId) {
			throw new Error(`POST /rest/workflows/${workflowId}/run started no execution`);
		}
		return executionId;
	}

	/** Publishes (in n8n 1.x: activates) a workflow through the public API (`workflow:activate`). */
	async publishWorkflow(workflowId: string): Promise<void> {
		await this.json('POST', `/api/v1/workflows/${workflowId}/publish`, {});
	}

	async unpublishWorkflow(workflowId: string): Promise<void> {
		await this.json('POST', `/api/v1/workflows/${workflowId}/unpublish`);
	}

	/** A workflow's last 250 executions, newest first, without run data (public API, `execution:list`). */
	async executions(workflowId: string): Promise<ExecutionSummary[]> {
		const answer = (await this.json(
			'GET',
			`/api/v1/executions?workflowId=${encodeURIComponent(workflowId)}&limit=250`,
		)) as { data?: ExecutionSummary[] };
		return answer.data ?? [];
	}

	/** An execution with its run data, through the public API (needs the `execution:read` scope). */
	async execution(executionId: string): Promise<unknown> {
		return await this.json('GET', `/api/v1/executions/${executionId}?includeData=true`);
	}

	/**
	 * What the editor's execution view asks for when it opens an execution (`GET
	 * /rest/executions/:id` with the session cookie): the answer's status, the time until its last
	 * byte, and its size.
	 */
	async openExecutionAsEditor(
		executionId: string,
	): Promise<{ status: number; ms: number; bytes: number }> {
		const started = performance.now();
		const response = await this.request('GET', `/rest/executions/${executionId}`);
		const body = await response.arrayBuffer();
		return { status: response.status, ms: performance.now() - started, bytes: body.byteLength };
	}

	/** `POST /rest/dynamic-node-parameters/<endpoint>`; n8n's error message when it refuses. */
	async dynamicParameters(
		endpoint: 'options' | 'resource-locator-results',
		body: object,
	): Promise<unknown> {
		const answer = (await this.json('POST', `/rest/dynamic-node-parameters/${endpoint}`, body)) as {
			data?: unknown;
		};
		return answer.data;
	}

	private async json(method: string, path: string, body?: object): Promise<unknown> {
		const response = await this.request(method, path, body);
		const text = await response.text();
		const parsed = parseJson(text);
		if (!response.ok) {
			const message = isRecord(parsed) ? String(parsed.message) : text.slice(0, 300);
			throw new Error(`${method} ${path} answered ${response.status}: ${message}`);
		}
		return parsed;
	}

	private async request(method: string, path: string, body?: object): Promise<Response> {
		return await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: {
				'Content-Type': 'application/json',
				// The session cookie is bound to the browser ID it was issued with.
				'browser-id': 'e2e-harness',
				...(this.cookie ? { Cookie: this.cookie } : {}),
				...(this.apiKey && path.startsWith('/api/') ? { 'X-N8N-API-KEY': this.apiKey } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	}
}
