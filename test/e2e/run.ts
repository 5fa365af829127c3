/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only e2e harness: builds, packs and runs the package in a real n8n on loopback */
/**
 * `npm run test:e2e`: the package as n8n users get it (built, packed, extracted into
 * `~/.n8n/nodes/node_modules`) inside a real n8n 2.41.1 on Node 24, against both simulators.
 * Each `workflows/<name>.json` runs through `n8n execute` and is checked by its
 * `<name>.check.ts`; then `n8n start` answers the editor's credential tests and dynamic lists.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { INodeType } from 'n8n-workflow';

import {
	credentialTests,
	dynamicParameterTests,
	offeredValues,
	verifyCredentialTest,
	verifyOfferedValues,
	type DynamicMethodKind,
	type DynamicParameterRow,
} from './editor-checks';
import { N8n, N8nRest } from './n8n';
import { ensureN8nInstalled } from './n8n-install';
import { freePort, ProcessGroup } from './processes';
import { Reporter } from './report';
import { CREDENTIALS, E2eTenant, type CredentialKey } from './tenant';
import { loadWorkflowCases, toWorkflowRun, type WorkflowCase } from './workflows';

const REPO_ROOT = join(__dirname, '..', '..');
const PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[] };
};
const OUTPUT_TAIL_LINES = 25;
const ESCAPE = String.fromCharCode(27);
/** The build's spinner moves the cursor back to redraw a line: only the last drawing shows. */
const CURSOR_BACK = new RegExp(`${ESCAPE}\\[\\d*D`);
const TERMINAL_CONTROL = new RegExp(`${ESCAPE}\\[[0-9;?]*[A-Za-z]`, 'g');

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
	await reporter.phase('n8n import:credentials', async () => {
		const file = join(workDir, 'credentials.json');
		writeFileSync(file, JSON.stringify(credentialFile(tenant)));
		await n8n.importCredentials(file);
	});
	await reporter.phase(`n8n import:workflow (${cases.length} workflows)`, async () => {
		const dir = join(workDir, 'workflows');
		mkdirSync(dir);
		for (const workflow of cases) {
			writeFileSync(join(dir, `${workflow.id}.json`), JSON.stringify(workflow.definition));
		}
		await n8n.importWorkflows(dir);
	});

	for (const workflow of cases) await runWorkflow(harness, n8n, workflow);
	await checkEditor(harness, n8n);
}

async function runWorkflow(harness: Harness, n8n: N8n, workflow: WorkflowCase): Promise<void> {
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

async function checkEditor(harness: Harness, n8n: N8n): Promise<void> {
	const { reporter, tenant } = harness;
	const defaultTenant = tenant.tenant();
	tenant.load(defaultTenant);
	await reporter.phase('n8n start', async () => await n8n.start());
	const rest = new N8nRest(n8n.baseUrl);
	await reporter.phase('owner setup and API key', async () => {
		await rest.setupOwner();
		await rest.createApiKey(['credential:read']);
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

function credentialFile(tenant: E2eTenant): object[] {
	const data = tenant.credentialData();
	return (Object.keys(CREDENTIALS) as CredentialKey[]).map((key) => ({
		...CREDENTIALS[key],
		data: data[key],
	}));
}

async function npm(processes: ProcessGroup, args: string[]): Promise<string> {
	const result = await processes.run('npm', args, { cwd: REPO_ROOT });
	if (result.code !== 0) {
		const output = `${result.stdout}\n${result.stderr}`
			.split('\n')
			.map((line) => (line.split(CURSOR_BACK).at(-1) ?? '').replace(TERMINAL_CONTROL, ''))
			.filter((line) => line.trim() !== '')
			.slice(-OUTPUT_TAIL_LINES)
			.join('\n');
		throw new Error(`npm ${args.join(' ')} exited ${result.code}\n${output}`);
	}
	return result.stdout;
}

/** What n8n does when installing a community package: the tarball's files, no node_modules. */
async function packInto(
	processes: ProcessGroup,
	workDir: string,
	nodeModules: string,
): Promise<void> {
	const packed = JSON.parse(
		await npm(processes, ['pack', '--json', '--pack-destination', workDir]),
	) as Array<{ filename: string }>;
	const target = join(nodeModules, PACKAGE.name);
	mkdirSync(target, { recursive: true });
	const untar = await processes.run('tar', [
		'-xzf',
		join(workDir, packed[0].filename),
		'-C',
		target,
		'--strip-components=1',
	]);
	if (untar.code !== 0) throw new Error(`tar exited ${untar.code}: ${untar.stderr}`);
}

void main().then((code) => process.exit(code));
