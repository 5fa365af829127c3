/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only e2e harness: builds, packs and runs the package in a real n8n on loopback */
/**
 * `npm run test:e2e`: the package as n8n users get it (built, packed, extracted into
 * `~/.n8n/nodes/node_modules`) inside a real n8n 2.41.1 on Node 24, against both simulators.
 * Each `workflows/<name>.json` runs through `n8n execute` and is checked by its
 * `<name>.check.ts`; each example workflow users import (`examples/*.json`) runs the steps of its
 * `examples/<name>.check.ts`; then `n8n start` answers the editor's credential tests and dynamic
 * lists, its node panel in Chromium finds the nodes by the names users know, publishing the
 * 12-hour example syncs at once, the workflows whose check has `publications` (the paused agent)
 * run once per publication instead of through `n8n execute`, and the example that starts from the
 * Domotz Trigger is published and sent Domotz's webhooks (`triggered.ts`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { INodeType } from 'n8n-workflow';

import type {
	ExampleStepContext,
	ExecutedWorkflowCheck,
	PublishedWorkflowCheck,
	WorkflowRun,
} from './contract';
import {
	credentialTests,
	dynamicParameterTests,
	offeredValues,
	verifyCredentialTest,
	verifyOfferedValues,
	type DynamicMethodKind,
	type DynamicParameterRow,
} from './editor-checks';
import { loadExampleCases, workflowOfStep, type ExampleCase } from './examples';
import { N8n, N8nRest } from './n8n';
import { ensureN8nInstalled } from './n8n-install';
import { checkNodeSearch } from './node-search';
import { npm, PACKAGE, packInto, REPO_ROOT } from './package';
import { freePort, ProcessGroup } from './processes';
import { checkPublishedExamples, checkPublishedWorkflows } from './published';
import { checkTriggeredExamples } from './triggered';
import { Reporter } from './report';
import { CREDENTIALS, E2eTenant, type CredentialKey } from './tenant';
import {
	isExecutedCase,
	isPublishedCase,
	loadWorkflowCases,
	toWorkflowRun,
	type WorkflowCase,
} from './workflows';

const credentialKeys = Object.keys(CREDENTIALS) as CredentialKey[];
/** The credential tests, and publishing a workflow and reading the execution it starts. */
const API_KEY_SCOPES = [
	'credential:read',
	'workflow:activate',
	'workflow:deactivate',
	'execution:list',
	'execution:read',
];

interface Harness {
	reporter: Reporter;
	processes: ProcessGroup;
	tenant: E2eTenant;
	workDir: string;
}

async function main(): Promise<number> {
	const harness: Harness = {
		reporter: new Reporter(),
		processes: new ProcessGroup(),
		tenant: new E2eTenant(),
		workDir: mkdtempSync(join(tmpdir(), 'n8n-e2e-')),
	};
	const abort = (signal: NodeJS.Signals, code: number): void => {
		harness.reporter.progress(`${signal}: stopping every process the harness started`);
		harness.processes.killAllNow();
		rmSync(harness.workDir, { recursive: true, force: true });
		process.exit(code);
	};
	process.once('SIGINT', () => abort('SIGINT', 130));
	process.once('SIGTERM', () => abort('SIGTERM', 143));

	await runEverything(harness).catch((error: unknown) =>
		harness.reporter.fail(
			`e2e harness, during ${harness.reporter.interruptedPhase ?? 'setup'}`,
			error,
		),
	);
	await harness.processes.stopAll();
	await harness.tenant.close();
	rmSync(harness.workDir, { recursive: true, force: true });
	harness.reporter.finish();
	return harness.reporter.failures > 0 ? 1 : 0;
}

async function runEverything(harness: Harness): Promise<void> {
	const { reporter, processes, tenant, workDir } = harness;
	const installation = await reporter.phase(
		'n8n install (cached after the first run)',
		async () => {
			const found = await ensureN8nInstalled(undefined, (line) => reporter.progress(line));
			reporter.progress(`using ${found.root}`);
			return found;
		},
	);
	await reporter.phase('npm run build', async () => await npm(processes, ['run', 'build']));
	const userFolder = join(workDir, 'n8nhome');
	await reporter.phase('npm pack into .n8n/nodes/node_modules', async () => {
		await packInto(processes, workDir, join(userFolder, '.n8n', 'nodes', 'node_modules'));
	});
	await reporter.phase('simulators on 127.0.0.1', async () => {
		await tenant.start();
		tenant.load(tenant.tenant());
	});

	const n8n = new N8n(processes, {
		installation,
		userFolder,
		logDir: join(workDir, 'logs'),
		port: await freePort(),
		brokerPort: await freePort(),
	});
	mkdirSync(join(workDir, 'logs'));
	const cases = await loadWorkflowCases((options) => tenant.tenant(options));
	const examples = await loadExampleCases((options) => tenant.tenant(options));
	await reporter.phase('n8n import:credentials', async () => {
		const file = join(workDir, 'credentials.json');
		writeFileSync(file, JSON.stringify(tenant.credentialFile(credentialKeys)));
		await n8n.importCredentials(file);
	});
	const imported: Array<{ id: string; definition: object }> = [
		...cases,
		...examples.flatMap((example) => [example.example, ...example.variants.values()]),
	];
	await reporter.phase(`n8n import:workflow (${imported.length} workflows)`, async () => {
		const dir = join(workDir, 'workflows');
		mkdirSync(dir);
		for (const workflow of imported) {
			writeFileSync(join(dir, `${workflow.id}.json`), JSON.stringify(workflow.definition));
		}
		await n8n.importWorkflows(dir);
	});

	for (const workflow of cases.filter(isExecutedCase)) await runWorkflow(harness, n8n, workflow);
	reporter.progress(
		[
			'examples/*.json are imported as they are, but for:',
			...examples.flatMap((e) => e.adjustments),
		].join('\n  '),
	);
	for (const example of examples) await runExample(harness, n8n, example);
	await checkEditor(harness, n8n, examples, cases.filter(isPublishedCase));
}

async function runWorkflow(
	harness: Harness,
	n8n: N8n,
	workflow: WorkflowCase<ExecutedWorkflowCheck>,
): Promise<void> {
	const { reporter, tenant } = harness;
	tenant.load(workflow.tenant);
	const title = `workflow ${workflow.name}`;
	const raw = await reporter
		.phase(
			`n8n execute ${workflow.name}`,
			async () => await n8n.execute(workflow.id, workflow.name),
		)
		.catch((error: unknown) => reporter.fail(title, error));
	if (!raw) return;
	const run = toWorkflowRun(raw);
	const context = {
		tenant: workflow.tenant,
		simulators: tenant,
		placeholders: workflow.placeholders,
	};
	const expectations = await Promise.resolve()
		.then(() => workflow.check.expectations(run, context))
		.catch((error: unknown) => reporter.fail(`${title} › expectations`, error));
	for (const expectation of expectations ?? []) {
		await reporter.check(`${title} › ${expectation.name}`, expectation.verify);
	}
	if (run.status !== 'success')
		reporter.progress(`n8n log of ${workflow.name}:\n${n8n.logTail(workflow.name)}`);
}

/** The example's steps in order; a step whose execution fails ends the example. */
async function runExample(harness: Harness, n8n: N8n, example: ExampleCase): Promise<void> {
	const { reporter, tenant } = harness;
	const earlier: WorkflowRun[] = [];
	for (const step of example.check.steps ?? []) {
		const title = `example ${example.name} › ${step.title}`;
		const workflow = workflowOfStep(example, step.variant);
		if (step.start === 'fresh') tenant.load(example.tenant);
		else tenant.clearRequests();
		step.arrange?.(tenant, example.tenant);
		const configurationsBefore = tenant.connectwise.state.configurations();
		const raw = await reporter
			.phase(`n8n execute ${workflow.name}`, async () => await n8n.execute(workflow.id, title))
			.catch((error: unknown) => reporter.fail(title, error));
		if (!raw) return;
		const run = toWorkflowRun(raw);
		const context: ExampleStepContext = {
			tenant: example.tenant,
			simulators: tenant,
			earlier: [...earlier],
			configurationsBefore,
		};
		const expectations = await Promise.resolve()
			.then(() => step.expectations(run, context))
			.catch((error: unknown) => reporter.fail(`${title} › expectations`, error));
		for (const expectation of expectations ?? []) {
			await reporter.check(`${title} › ${expectation.name}`, expectation.verify);
		}
		if (run.status !== 'success') reporter.progress(`n8n log of ${title}:\n${n8n.logTail(title)}`);
		earlier.push(run);
	}
}

async function checkEditor(
	harness: Harness,
	n8n: N8n,
	examples: readonly ExampleCase[],
	publishedWorkflows: ReadonlyArray<WorkflowCase<PublishedWorkflowCheck>>,
): Promise<void> {
	const { reporter, tenant } = harness;
	const defaultTenant = tenant.tenant();
	tenant.load(defaultTenant);
	await reporter.phase('n8n start', async () => await n8n.start());
	const rest = new N8nRest(n8n.baseUrl);
	const owner = await reporter.phase('owner setup and API key', async () => {
		const account = await rest.setupOwner();
		await rest.createApiKey(API_KEY_SCOPES);
		return account;
	});

	for (const row of credentialTests) {
		const { id, name } = CREDENTIALS[row.credential];
		await reporter.check(`credential test › ${name}`, async () => {
			verifyCredentialTest(row, await rest.testCredential(id), tenant);
		});
	}

	const declared = await declaredMethods();
	for (const row of dynamicParameterTests) {
		const title = `editor list › ${row.title} (${row.method})`;
		if (!declared.get(row.node)?.[row.kind].has(row.method)) {
			reporter.skip(title, `${row.node} declares no ${row.kind} method ${row.method} yet`);
			continue;
		}
		await reporter.check(title, async () => {
			const answer = await rest.dynamicParameters(
				row.kind === 'listSearch' ? 'resource-locator-results' : 'options',
				dynamicParameterRequest(row, defaultTenant),
			);
			verifyOfferedValues(offeredValues(answer), row.expectedValues(tenant, defaultTenant));
		});
	}

	await checkNodeSearch(reporter, harness.processes, {
		baseUrl: n8n.baseUrl,
		owner,
		workflowId: examples[0].example.id,
	});
	await checkPublishedExamples(reporter, tenant, rest, examples);
	await checkPublishedWorkflows(reporter, tenant, rest, publishedWorkflows);
	await checkTriggeredExamples(
		reporter,
		tenant,
		rest,
		{ baseUrl: n8n.baseUrl, logTail: () => n8n.logTail('start') },
		examples,
	);
}

function dynamicParameterRequest(
	row: DynamicParameterRow,
	tenant: ReturnType<E2eTenant['tenant']>,
): object {
	return {
		path: `parameters.${row.parameter}`,
		methodName: row.method,
		nodeTypeAndVersion: { name: `${PACKAGE.name}.${row.node}`, version: 1 },
		currentNodeParameters: row.parameters?.(tenant) ?? {},
		credentials: Object.fromEntries(
			row.credentials.map((key) => {
				const { id, name, type } = CREDENTIALS[key];
				return [type, { id, name }];
			}),
		),
		...(row.filter ? { filter: row.filter(tenant) } : {}),
	};
}

/** The list methods of each node as built into dist/, so a row for a method not written yet is skipped. */
async function declaredMethods(): Promise<Map<string, Record<DynamicMethodKind, Set<string>>>> {
	const declared = new Map<string, Record<DynamicMethodKind, Set<string>>>();
	for (const file of PACKAGE.n8n.nodes) {
		const module = (await import(join(REPO_ROOT, file))) as Record<string, new () => INodeType>;
		for (const NodeClass of Object.values(module)) {
			const node = new NodeClass();
			declared.set(node.description.name, {
				listSearch: new Set(Object.keys(node.methods?.listSearch ?? {})),
				loadOptions: new Set(Object.keys(node.methods?.loadOptions ?? {})),
			});
		}
	}
	return declared;
}

void main().then((code) => process.exit(code));
