/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only: a loopback HTTP server standing in for n8n's webhook endpoint */
/**
 * Runs a webhook trigger node through n8n-core's own contexts, as n8n does for an active
 * workflow: `checkExists`, `create` and `delete` in a HookContext (activation and deactivation),
 * and `webhook` in a WebhookContext for each request that reaches the node's URL. The URL is a
 * real loopback server, so a simulator posts to it as Domotz would post to n8n. Like n8n, a
 * request the node answers itself (`noWebhookResponse`) gets that answer, and any other gets the
 * node's response code; items the node returns are kept as the executions they would start, and
 * with the rest of a workflow given, each starts an execution of it while the answer goes out.
 * Like n8n, every hook and request works on the workflow's static data as the database held it
 * when it began, and saves all of it back when it changed (the last to save wins), and so does
 * each execution when it ends. Every answer, item, hook error and log line is held to the
 * harness's secrets check.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

import { HookContext, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type IConnections,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeType,
	type IVersionedNodeType,
	type IWebhookData,
	type IWebhookDescription,
	type WorkflowActivateMode,
} from 'n8n-workflow';

import {
	captureLogs,
	credentialSecrets,
	findLeaks,
	logMark,
	logSourcesSince,
	SecretLeakError,
	textOf,
	type TextSource,
} from '../reliability/secret-scan';
import {
	createAdditionalData,
	credentialTypes,
	resolve,
	runNodes,
	TestNodeTypes,
	type CredentialData,
	type WorkflowRunResult,
} from './n8n-runner';
import { closeServer, listenOnLoopback } from '../support/loopback-server';

export interface TriggerHarnessOptions {
	type: string;
	nodeType: INodeType;
	parameters: INodeParameters;
	credentials: CredentialData;
	/** The trigger node's name; `Trigger` unless the workflow names it. */
	name?: string;
	/** The workflow's static data as the database holds it before the first hook. */
	staticData?: IDataObject;
	/** The rest of the workflow, run from the trigger by each request that returns items. */
	workflow?: {
		nodes: INode[];
		connections: IConnections;
		nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	};
}

export interface WebhookCall {
	status: number;
	body: unknown;
	/** The items of the execution the request started; none when it started none. */
	items: IDataObject[];
}

const WEBHOOK_ID = 'harness-webhook-id';
/** Each harness is a workflow of its own, as each test's trigger would be in n8n. */
let workflowsMade = 0;

export class TriggerHarness {
	readonly node: INode;
	/** Every request that reached the node, in the order their answers were sent. */
	readonly calls: WebhookCall[] = [];
	/** The executions requests started, with the rest of the workflow given, in order. */
	readonly executions: Array<Promise<WorkflowRunResult>> = [];
	/** The workflow as n8n builds it for a hook or a request, but for its static data. */
	private readonly workflow: Workflow;
	private readonly nodeTypes: TestNodeTypes;
	/** The workflow's static data as the database holds it. */
	private saved: IDataObject;
	private readonly webhookDescription: IWebhookDescription;
	private readonly workflowId = `harness-workflow-${++workflowsMade}`;
	private readonly sources: TextSource[] = [];
	private readonly logStart: number;
	private server: Server | undefined;
	private port = 0;

	constructor(private readonly options: TriggerHarnessOptions) {
		captureLogs();
		this.logStart = logMark();
		this.node = {
			id: 'trigger-node',
			name: options.name ?? 'Trigger',
			type: options.type,
			typeVersion: 1,
			position: [0, 0],
			webhookId: WEBHOOK_ID,
			parameters: options.parameters,
			credentials: Object.fromEntries(
				Object.keys(options.credentials).map((type) => [
					type,
					{ id: `${type}-id`, name: `${type} (test)` },
				]),
			),
		};
		this.nodeTypes = new TestNodeTypes({
			...options.workflow?.nodeTypes,
			[options.type]: options.nodeType,
		});
		this.saved = structuredClone(options.staticData ?? {});
		this.workflow = this.loadWorkflow();
		const [description] = options.nodeType.description.webhooks ?? [];
		if (!description) throw new Error(`${options.type} declares no webhook`);
		this.webhookDescription = description;
	}

	/** Every item every request started, in order. */
	get items(): IDataObject[] {
		return this.calls.flatMap((call) => call.items);
	}

	/** The URL to give Domotz: a loopback stand-in for the node's production URL, plus `suffix`. */
	url(suffix = ''): string {
		return `http://127.0.0.1:${this.port}/webhook/${WEBHOOK_ID}/webhook${suffix}`;
	}

	/** The node's static data, as the database holds it. */
	staticData(): IDataObject {
		return structuredClone((this.saved[`node:${this.node.name}`] as IDataObject) ?? {});
	}

	/** Every execution started so far, once each has ended. */
	async executionsEnded(): Promise<WorkflowRunResult[]> {
		return await Promise.all(this.executions);
	}

	async start(): Promise<void> {
		const server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				void this.receive(req.method ?? 'POST', req.url ?? '/', req.headers, chunks).then(
					(call) => {
						res.writeHead(call.status, { 'content-type': 'application/json' });
						res.end(JSON.stringify(call.body ?? {}));
					},
				);
			});
		});
		this.port = await listenOnLoopback(server);
		this.server = server;
	}

	async close(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		await closeServer(server);
	}

	async checkExists(activation: WorkflowActivateMode = 'activate'): Promise<boolean> {
		return (await this.hook('checkExists', activation)) === true;
	}

	/** What n8n does on activation: `create` unless `checkExists` finds everything in place. */
	async activate(activation: WorkflowActivateMode = 'activate'): Promise<'created' | 'existed'> {
		if (await this.checkExists(activation)) return 'existed';
		await this.hook('create', activation);
		return 'created';
	}

	async deactivate(): Promise<void> {
		await this.hook('delete', 'activate');
	}

	/** Fails the test when any answer, item, hook error or log line so far shows a credential. */
	async assertNoSecretLeaks(): Promise<{ secrets: number; sources: number }> {
		const secrets = await credentialSecrets(
			this.options.credentials,
			credentialTypes,
			(value, data) => resolve(value, data, this.workflow, this.node),
		);
		const sources = [...this.sources, ...logSourcesSince(this.logStart)];
		const leaks = findLeaks(secrets, sources);
		if (leaks.length > 0) throw new SecretLeakError(leaks);
		return { secrets: secrets.length, sources: sources.length };
	}

	private webhookData(): IWebhookData {
		return {
			httpMethod: 'POST',
			node: this.node.name,
			path: `${WEBHOOK_ID}/${this.webhookDescription.path}`,
			webhookDescription: this.webhookDescription,
			workflowId: this.workflow.id,
			workflowExecuteAdditionalData: createAdditionalData(this.options.credentials),
			webhookId: WEBHOOK_ID,
		};
	}

	private async hook(
		method: 'checkExists' | 'create' | 'delete',
		activation: WorkflowActivateMode,
	): Promise<boolean | undefined> {
		const webhookFunction = this.options.nodeType.webhookMethods?.default?.[method];
		if (!webhookFunction) throw new Error(`${this.options.type} has no webhook method ${method}`);
		const workflow = this.loadWorkflow();
		const webhookData = this.webhookData();
		const context = new HookContext(
			workflow,
			this.node,
			webhookData.workflowExecuteAdditionalData,
			'trigger',
			activation,
			webhookData,
		);
		try {
			return await webhookFunction.call(context).catch(async (error: unknown) => {
				this.sources.push({ where: `error of ${method}`, text: textOf(error) });
				return await Promise.reject(error);
			});
		} finally {
			this.saveStaticData(workflow);
		}
	}

	/** What n8n does for each hook and request: the workflow read from the database anew. */
	private loadWorkflow(): Workflow {
		return new Workflow({
			id: this.workflowId,
			name: 'Harness workflow',
			nodes: [
				this.node,
				...(this.options.workflow?.nodes ?? []).filter((node) => node.name !== this.node.name),
			],
			connections: this.options.workflow?.connections ?? {},
			active: true,
			nodeTypes: this.nodeTypes,
			staticData: structuredClone(this.saved),
			settings: { executionOrder: 'v1' },
		});
	}

	/** n8n saves the whole static data when anything in it changed. */
	private saveStaticData(workflow: Workflow): void {
		if (workflow.staticData.__dataChanged !== true) return;
		this.saved = plainStaticData(workflow);
		workflow.staticData.__dataChanged = false;
	}

	private async receive(
		method: string,
		rawUrl: string,
		headers: IncomingHttpHeaders,
		chunks: Buffer[],
	): Promise<WebhookCall> {
		const url = new URL(rawUrl, 'http://127.0.0.1');
		const text = Buffer.concat(chunks).toString('utf8');
		const response = new CapturedResponse();
		const request = {
			method,
			url: rawUrl,
			headers,
			params: {},
			query: Object.fromEntries(url.searchParams),
			body: parseBody(text),
			rawBody: Buffer.from(text),
		};
		const webhookData = this.webhookData();
		const additionalData = {
			...webhookData.workflowExecuteAdditionalData,
			httpRequest: request,
			httpResponse: response,
		} as unknown as IWebhookData['workflowExecuteAdditionalData'];
		const workflow = this.loadWorkflow();
		const context = new WebhookContext(
			workflow,
			this.node,
			additionalData,
			'webhook',
			webhookData,
			[],
			null,
		);
		const call = await this.run(context, response);
		this.saveStaticData(workflow);
		if (call.items.length > 0 && this.options.workflow) {
			this.executions.push(this.execute(workflow, call.items));
		}
		this.calls.push(call);
		this.sources.push({ where: `answer ${this.calls.length}`, text: textOf(call) });
		return call;
	}

	/**
	 * The execution a request started: the workflow from the trigger on, with the static data the
	 * request left, saved when the execution ends if it changed.
	 */
	private async execute(
		requestWorkflow: Workflow,
		items: IDataObject[],
	): Promise<WorkflowRunResult> {
		const workflow = this.options.workflow!;
		const result = await runNodes({
			nodes: [this.node, ...workflow.nodes.filter((node) => node.name !== this.node.name)],
			connections: workflow.connections,
			startNode: this.node.name,
			nodeTypes: { ...workflow.nodeTypes, [this.options.type]: this.options.nodeType },
			credentials: this.options.credentials,
			input: items.map((json) => ({ json })),
			staticData: plainStaticData(requestWorkflow),
			mode: 'webhook',
		});
		this.saveStaticData(result.workflow);
		return result;
	}

	private async run(context: WebhookContext, response: CapturedResponse): Promise<WebhookCall> {
		try {
			const result = await this.options.nodeType.webhook!.call(context);
			if (result.noWebhookResponse)
				return { status: response.statusCode, body: response.body, items: [] };
			const status = Number(
				this.workflow.expression.getSimpleParameterValue(
					this.node,
					this.webhookDescription.responseCode as string,
					'webhook',
					{},
					undefined,
					200,
				),
			);
			const items = (result.workflowData ?? []).flat().map((item) => item.json);
			return {
				status,
				body: result.workflowData ? { message: 'Workflow was started' } : result.webhookResponse,
				items,
			};
		} catch (error) {
			return { status: 500, body: { message: textOf(error) }, items: [] };
		}
	}
}

/** The static data as n8n stores it: plain JSON, without the flag that marks a change. */
function plainStaticData(workflow: Workflow): IDataObject {
	const plain = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
	delete plain.__dataChanged;
	return plain;
}

/** The part of Express's response a node uses to answer a request itself. */
class CapturedResponse {
	statusCode = 200;
	body: unknown;

	status(code: number): this {
		this.statusCode = code;
		return this;
	}

	json(body: unknown): this {
		this.body = body;
		return this;
	}

	send(body: unknown): this {
		this.body = body;
		return this;
	}

	end(): this {
		return this;
	}
}

/** Like n8n's body parser for a JSON request: an unparseable body reaches the node as text. */
function parseBody(text: string): unknown {
	if (text === '') return {};
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}
