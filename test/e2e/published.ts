/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test-only e2e harness: polls the running n8n for the execution publishing started */
/**
 * Publishing a workflow in the running n8n, as a user turns the automatic sync on: the execution
 * the publication starts must end within five minutes and pass the example's `published` check,
 * or the workflow check's publication.
 */
import type { IRun } from 'n8n-workflow';

import type {
	ExampleStepContext,
	Expectation,
	PublicationContext,
	PublishedWorkflowCheck,
	WorkflowRun,
} from './contract';
import { workflowOfStep, type ExampleCase } from './examples';
import type { ExecutionSummary, N8nRest } from './n8n';
import type { Reporter } from './report';
import type { E2eTenant } from './tenant';
import { toWorkflowRun, type WorkflowCase } from './workflows';

/** Domotz's guide: once the automatic sync is on, the first sync runs within five minutes. */
const FIRST_SYNC_DEADLINE_MS = 5 * 60_000;
const POLL_MS = 1_000;
const UNFINISHED = new Set(['new', 'running', 'waiting']);

export async function checkPublishedExamples(
	reporter: Reporter,
	tenant: E2eTenant,
	rest: N8nRest,
	examples: readonly ExampleCase[],
): Promise<void> {
	for (const example of examples) {
		const published = example.check.published;
		if (!published) continue;
		const title = `example ${example.name} › ${published.title}`;
		const workflow = workflowOfStep(example, published.variant);
		tenant.load(example.tenant);
		published.arrange?.(tenant, example.tenant);
		const context: ExampleStepContext = {
			tenant: example.tenant,
			simulators: tenant,
			earlier: [],
			configurationsBefore: tenant.connectwise.state.configurations(),
		};
		const run = await publishAndRun(reporter, rest, workflow, title);
		if (run) await checkExpectations(reporter, title, () => published.expectations(run, context));
	}
}

/** Each workflow's publications in order; one whose execution does not end ends that workflow's. */
export async function checkPublishedWorkflows(
	reporter: Reporter,
	tenant: E2eTenant,
	rest: N8nRest,
	workflows: ReadonlyArray<WorkflowCase<PublishedWorkflowCheck>>,
): Promise<void> {
	for (const workflow of workflows) {
		tenant.load(workflow.tenant);
		const earlier: WorkflowRun[] = [];
		for (const publication of workflow.check.publications) {
			const title = `workflow ${workflow.name} › ${publication.title}`;
			if (earlier.length > 0) tenant.clearRequests();
			publication.arrange?.(tenant, workflow.tenant);
			const run = await publishAndRun(reporter, rest, workflow, title);
			if (!run) break;
			const context: PublicationContext = {
				tenant: workflow.tenant,
				simulators: tenant,
				placeholders: workflow.placeholders,
				earlier: [...earlier],
			};
			await checkExpectations(reporter, title, () => publication.expectations(run, context));
			earlier.push(run);
		}
	}
}

/**
 * Publishes the workflow, waits for the execution that starts, and unpublishes it in any case, so
 * that no later check finds it active. Undefined, the failure reported, when none ended.
 */
async function publishAndRun(
	reporter: Reporter,
	rest: N8nRest,
	workflow: { id: string; name: string },
	title: string,
): Promise<WorkflowRun | undefined> {
	const execution = await reporter
		.phase(`publish ${workflow.name} (public API) and wait for its execution`, async () => {
			const earlierIds = new Set((await rest.executions(workflow.id)).map((summary) => summary.id));
			await rest.publishWorkflow(workflow.id);
			try {
				return await firstNewExecution(rest, workflow.id, earlierIds, reporter);
			} finally {
				await rest.unpublishWorkflow(workflow.id);
			}
		})
		.catch((error: unknown) => reporter.fail(title, error));
	return execution ? toWorkflowRun(execution) : undefined;
}

/** Checks each expectation under the title; expectations that cannot be made fail as one. */
export async function checkExpectations(
	reporter: Reporter,
	title: string,
	expectationsOf: () => Expectation[],
): Promise<void> {
	const expectations = await Promise.resolve()
		.then(expectationsOf)
		.catch((error: unknown) => reporter.fail(`${title} › expectations`, error));
	for (const expectation of expectations ?? []) {
		await reporter.check(`${title} › ${expectation.name}`, expectation.verify);
	}
}

/** The first execution that was not there before publishing, once it has ended, with its data. */
async function firstNewExecution(
	rest: N8nRest,
	workflowId: string,
	earlierIds: ReadonlySet<string>,
	reporter: Reporter,
): Promise<IRun> {
	const published = Date.now();
	while (Date.now() - published < FIRST_SYNC_DEADLINE_MS) {
		const ended = (await rest.executions(workflowId)).find(
			(summary: ExecutionSummary) => !earlierIds.has(summary.id) && !UNFINISHED.has(summary.status),
		);
		if (ended) {
			const seconds = ((Date.parse(ended.stoppedAt ?? '') - published) / 1000).toFixed(1);
			reporter.progress(
				`execution ${ended.id} (mode ${ended.mode}, ${ended.status}) ended ${seconds} s after publishing`,
			);
			return (await rest.execution(ended.id)) as IRun;
		}
		await new Promise((resolve) => setTimeout(resolve, POLL_MS));
	}
	throw new Error(
		`no execution of workflow ${workflowId} ended within ${FIRST_SYNC_DEADLINE_MS / 60_000} minutes of publishing`,
	);
}
