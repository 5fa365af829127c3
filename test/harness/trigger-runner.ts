/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only: a loopback HTTP server standing in for n8n's webhook endpoint */
/**
 * Runs a webhook trigger node through n8n-core's own contexts, as n8n does for an active
 * workflow: `checkExists`, `create` and `delete` in a HookContext (activation and deactivation),
 * and `webhook` in a WebhookContext for each request that reaches the node's URL. The URL is a
 * real loopback server, so a simulator posts to it as Domotz would post to n8n. Like n8n, a
 * request the node answers itself (`noWebhookResponse`) gets that answer, and any other gets the
 * node's response code; items the node returns are kept as the executions they would start.
 * Every answer, item, hook error and log line is held to the harness's secrets check.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

import { HookContext, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeType,
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
	TestNodeTypes,
	type CredentialData,
} from './n8n-runner';

export interface TriggerHarnessOptions {
	type: string;
	nodeType: INodeType;
	parameters: INodeParameters;
	credentials: CredentialData;
	/** The workflow's static data as the database holds it; shared by every hook and request. */
	staticData?: IDataObject;
}

export interface WebhookCall {
	status: number;
	body: unknown;
	/** The items of the execution the request started; none when it started none. */
	items: IDataObject[];
}

const WEBHOOK_ID = 'harness-webhook-id';

export class TriggerHarness {
	readonly workflow: Workflow;
	readonly node: INode;
	/** Every request that reached the node, in the order their answers were sent. */
	readonly calls: WebhookCall[] = [];
	private readonly webhookDescription: IWebhookDescription;
	private readonly sources: TextSource[] = [];
	private readonly logStart: number;
	private server: Server | undefined;
	private port = 0;

	constructor(private readonly options: TriggerHarnessOptions) {
		captureLogs();
		this.logStart = logMark();
		this.node = {
			id: 'trigger-node',
			name: 'Trigger',
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
		this.workflow = new Workflow({
			id: 'harness-workflow',
			name: 'Harness workflow',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: new TestNodeTypes({ [options.type]: options.nodeType }),
			staticData: options.staticData ?? {},
			settings: { executionOrder: 'v1' },
		});
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

	/** The node's static data, as n8n would save it. */
	staticData(): IDataObject {
		return JSON.parse(
			JSON.stringify(this.workflow.getStaticData('node', this.node)),
		) as IDataObject;
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
		await new Promise<void>((done, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => done());
		});
		const address = server.address();
		this.port = typeof address === 'object' && address ? address.port : 0;
		this.server = server;
	}

	async close(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (server) await new Promise<void>((done) => server.close(() => done()));
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
	assertNoSecretLeaks(): { secrets: number; sources: number } {
		const secrets = credentialSecrets(this.options.credentials, credentialTypes, (value, data) =>
			resolve(value, data, this.workflow, this.node),
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
		const webhookData = this.webhookData();
		const context = new HookContext(
			this.workflow,
			this.node,
			webhookData.workflowExecuteAdditionalData,
			'trigger',
			activation,
			webhookData,
		);
		return await webhookFunction.call(context).catch(async (error: unknown) => {
			this.sources.push({ where: `error of ${method}`, text: textOf(error) });
			return await Promise.reject(error);
		});
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
		const context = new WebhookContext(
			this.workflow,
			this.node,
			additionalData,
			'webhook',
			webhookData,
			[],
			null,
		);
		const call = await this.run(context, response);
		this.calls.push(call);
		this.sources.push({ where: `answer ${this.calls.length}`, text: textOf(call) });
		return call;
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
