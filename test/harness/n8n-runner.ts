/**
 * Runs nodes through n8n-core's real execution engine (WorkflowExecute) with in-memory
 * credentials, the same path n8n takes in production minus the database: parameters and
 * expressions are resolved by n8n, credentials are applied by our helper exactly as n8n's
 * CredentialsHelper applies generic authentication, and errors surface as n8n shapes them.
 */
import { ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IConnections,
	type IDataObject,
	type IExecuteData,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
	type IRequestOptionsSimplified,
	type IRun,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { ConnectWisePsaApi } from '../../credentials/ConnectWisePsaApi.credentials';
import { DomotzApi } from '../../credentials/DomotzApi.credentials';
import {
	captureLogs,
	credentialSecrets,
	findLeaks,
	logMark,
	logSourcesSince,
	runSources,
	SecretLeakError,
} from '../reliability/secret-scan';

export const credentialTypes: Record<string, ICredentialType> = {
	domotzApi: new DomotzApi(),
	connectWisePsaApi: new ConnectWisePsaApi(),
};

export type CredentialData = Record<string, ICredentialDataDecryptedObject>;

class InMemoryCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: CredentialData) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const credentialType = credentialTypes[typeName];
		const authenticate = credentialType?.authenticate;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type === 'generic' && workflow && node) {
			const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [section, entries] of Object.entries(authenticate.properties)) {
				target[section] ??= {};
				for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
					target[section][resolve(key, credentials, workflow, node)] = resolve(
						value,
						credentials,
						workflow,
						node,
					);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('getCredentials is not used by the harness');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const found = this.data[type];
		if (!found) throw new Error(`No test credentials of type ${type}`);
		return { ...found };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypes[type]?.properties ?? [];
	}
}

/** Resolves `={{ ... }}` values the way n8n's CredentialsHelper.resolveValue does. */
export function resolve(
	value: unknown,
	credentials: ICredentialDataDecryptedObject,
	workflow: Workflow,
	node: INode,
): string {
	if (typeof value !== 'string' || !value.startsWith('=')) return String(value);
	const resolved = workflow.expression.getSimpleParameterValue(
		node,
		value,
		'internal',
		{ $credentials: credentials },
		undefined,
		'',
	);
	return resolved ? String(resolved) : '';
}

export class TestNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const found = this.types[nodeType];
		if (!found) throw new Error(`Unknown node type ${nodeType}`);
		return found;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

export interface HarnessNode {
	name: string;
	type: string;
	typeVersion?: number;
	parameters?: INodeParameters;
	/** Credential types the node uses; the harness fills in ids and names. */
	credentials?: string[];
	onError?: INode['onError'];
	retryOnFail?: boolean;
}

export interface WorkflowRunOptions {
	nodes: HarnessNode[];
	/** Pairs of node names, source → destination, on the main output (index 0 unless given). */
	connections?: Array<[from: string, to: string, outputIndex?: number]>;
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	credentials?: CredentialData;
	/** Items fed to the first node. */
	input?: INodeExecutionData[];
	staticData?: IDataObject;
	mode?: WorkflowExecuteMode;
}

export interface WorkflowRunResult {
	run: IRun;
	workflow: Workflow;
	/** All outputs of a node's first run, e.g. `outputs('Match')[0]` is the main output. */
	outputs(nodeName: string): INodeExecutionData[][];
	/** The first (main) output of a node's first run. */
	output(nodeName: string): INodeExecutionData[];
	error: IRun['data']['resultData']['error'];
	/** What the secrets check looked at: credential values, and items, errors and log lines. */
	secretsChecked: { secrets: number; sources: number };
}

export async function runWorkflow(options: WorkflowRunOptions): Promise<WorkflowRunResult> {
	const nodes: INode[] = options.nodes.map((node, index) => ({
		id: `node-${index}`,
		name: node.name,
		type: node.type,
		typeVersion: node.typeVersion ?? 1,
		position: [index * 220, 0],
		parameters: node.parameters ?? {},
		credentials: Object.fromEntries(
			(node.credentials ?? []).map((type) => [type, { id: `${type}-id`, name: `${type} (test)` }]),
		),
		...(node.onError ? { onError: node.onError } : {}),
	}));
	const connections: IConnections = {};
	for (const [from, to, outputIndex = 0] of options.connections ?? []) {
		connections[from] ??= { main: [] };
		const main = connections[from].main;
		while (main.length <= outputIndex) main.push([]);
		main[outputIndex]!.push({ node: to, type: 'main', index: 0 });
	}
	return await runNodes({ ...options, nodes, connections, startNode: nodes[0].name });
}

export interface NodesRunOptions {
	/** The workflow's nodes and connections as n8n stores them. */
	nodes: INode[];
	connections: IConnections;
	/** The node the execution starts at, fed `input`. */
	startNode: string;
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	credentials?: CredentialData;
	input?: INodeExecutionData[];
	staticData?: IDataObject;
	mode?: WorkflowExecuteMode;
}

/**
 * Runs a workflow as n8n stores it from one node on: the start node gets `input` (a webhook or
 * trigger node passes it on as it is, as in an execution its request started).
 */
export async function runNodes(options: NodesRunOptions): Promise<WorkflowRunResult> {
	captureLogs();
	const logStart = logMark();
	const mode = options.mode ?? 'manual';
	const { nodes, connections } = options;
	const workflow = new Workflow({
		id: 'harness-workflow',
		name: 'Harness workflow',
		nodes,
		connections,
		active: false,
		nodeTypes: new TestNodeTypes(options.nodeTypes),
		staticData: options.staticData ?? {},
		settings: { executionOrder: 'v1' },
	});

	const firstNode = workflow.getNode(options.startNode);
	if (!firstNode) throw new Error(`The workflow has no node ${options.startNode}`);
	const executeData: IExecuteData = {
		node: firstNode,
		data: { main: [options.input ?? [{ json: {} }]] },
		source: null,
	};
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [executeData] },
	});

	let finished: IRun | undefined;
	const hooks = new ExecutionLifecycleHooks(mode, 'harness-execution', {
		id: 'harness-workflow',
		name: 'Harness workflow',
		active: false,
		isArchived: false,
		nodes,
		connections,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	});
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => {
		finished = fullRunData;
	});

	const additionalData = createAdditionalData(options.credentials ?? {}, hooks);

	const run = await new WorkflowExecute(
		additionalData,
		mode,
		runExecutionData,
	).processRunExecutionData(workflow);
	const final = finished ?? run;
	const secretsChecked = await checkSecrets(
		final,
		logStart,
		options.credentials ?? {},
		workflow,
		firstNode,
	);
	const outputs = (nodeName: string): INodeExecutionData[][] => {
		const taskData = final.data.resultData.runData[nodeName]?.[0];
		return (taskData?.data?.main ?? []).map((items) => items ?? []);
	};
	return {
		run: final,
		workflow,
		outputs,
		output: (nodeName) => outputs(nodeName)[0] ?? [],
		error: final.data.resultData.error,
		secretsChecked,
	};
}

/**
 * Every run of the suite is held to the secrets rule: a credential value in any output item,
 * error or log line written during the run fails the test that ran it.
 */
async function checkSecrets(
	run: IRun,
	logStart: number,
	credentials: CredentialData,
	workflow: Workflow,
	node: INode,
): Promise<WorkflowRunResult['secretsChecked']> {
	const secrets = await credentialSecrets(credentials, credentialTypes, (value, data) =>
		resolve(value, data, workflow, node),
	);
	const sources = [...runSources(run), ...logSourcesSince(logStart)];
	const leaks = findLeaks(secrets, sources);
	if (leaks.length > 0) throw new SecretLeakError(leaks);
	return { secrets: secrets.length, sources: sources.length };
}

export function createAdditionalData(
	credentials: CredentialData,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: new InMemoryCredentialsHelper(credentials),
		hooks,
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not supported by the harness');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		variables: {},
		userId: 'harness-user',
	} as unknown as IWorkflowExecuteAdditionalData;
}

/**
 * The context n8n gives a node's list-search and load-options methods while a user edits it,
 * for a node with the given parameters and credentials.
 */
export function loadOptionsContext(options: {
	type: string;
	nodeType: INodeType | IVersionedNodeType;
	parameters: INodeParameters;
	credentials: CredentialData;
	/** Where the parameter being edited sits, as the editor sends it: `parameters.agentLinks.links[0].siteId`. */
	path?: string;
}): LoadOptionsContext {
	const node: INode = {
		id: 'node-0',
		name: 'Node',
		type: options.type,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: Object.fromEntries(
			Object.keys(options.credentials).map((type) => [
				type,
				{ id: `${type}-id`, name: `${type} (test)` },
			]),
		),
	};
	const workflow = new Workflow({
		id: 'harness-workflow',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new TestNodeTypes({ [options.type]: options.nodeType }),
	});
	// The editor sends the parameters being edited; getCurrentNodeParameter reads them from here.
	const additionalData = {
		...createAdditionalData(options.credentials),
		currentNodeParameters: options.parameters,
	};
	return new LoadOptionsContext(workflow, node, additionalData, options.path ?? '');
}

export interface CredentialTestOutcome {
	status: 'OK' | 'Error';
	message: string;
	httpCode?: string;
}

/**
 * Runs a credential type's declarative `test` request through n8n's RoutingNode (the engine
 * path n8n's credential tester takes) and applies its `responseCode` rules the way the tester
 * does: a rule matching the status gives the message, otherwise the HTTP error itself.
 */
export async function testCredential(
	typeName: string,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestOutcome> {
	const credentialType = credentialTypes[typeName];
	const testRequest = credentialType?.test;
	if (!testRequest) throw new Error(`Credential type ${typeName} has no test request`);
	const probeType: INodeType = {
		description: {
			displayName: 'Credential test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: 'Runs a credential test request',
			defaults: { name: 'Credential test' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: typeName, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: { request: testRequest.request },
				},
			],
		},
	};
	const result = await runWorkflow({
		nodes: [{ name: 'Credential test', type: 'credentialTest', credentials: [typeName] }],
		nodeTypes: { credentialTest: probeType },
		credentials: { [typeName]: data },
	});
	if (!result.error) return { status: 'OK', message: 'Connection tested successfully' };
	const httpCode = (result.error as { httpCode?: string | null }).httpCode ?? undefined;
	const rule = testRequest.rules?.find(
		(candidate) =>
			candidate.type === 'responseCode' && String(candidate.properties.value) === httpCode,
	);
	return { status: 'Error', message: rule?.properties.message ?? result.error.message, httpCode };
}
