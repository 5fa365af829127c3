/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only e2e harness: loads the built trigger and polls the running n8n for the executions webhooks start */
/**
 * Examples that start from the Domotz Trigger, which `n8n execute` cannot start: the Portal step
 * done on the simulator, the example published in the running n8n, Domotz's webhooks sent to it
 * step by step (each step's executions awaited, then a few seconds more to see that no other
 * starts), and the example unpublished. Nothing here prints the trigger's URL, which carries the
 * Webhook Secret.
 */
import { join } from 'node:path';

import type { INodeType, IRun } from 'n8n-workflow';

import type { Expectation, TriggeredContext, TriggeredStep } from './contract';
import type { ExampleCase } from './examples';
import type { ExecutionSummary, N8nRest } from './n8n';
import { REPO_ROOT } from './package';
import type { Reporter } from './report';
import { WEBHOOK_SECRET, type E2eTenant } from './tenant';
import { toWorkflowRun } from './workflows';
import { checkExpectations } from './published';

const POLL_MS = 500;
/** After the awaited executions: long enough for a stray one to show. */
const QUIET_MS = 3_000;
/**
 * n8n 2.x publishes through an outbox: the public API answers before the trigger's activation (or
 * deactivation) has run, so the harness waits for its effects, at most this long.
 */
const ACTIVATION_DEADLINE_MS = 60_000;
const UNFINISHED = new Set(['new', 'running', 'waiting']);

/** The path of the trigger's production webhook below `<webhookId>/`, as the built node declares it. */
async function triggerPath(): Promise<string> {
	const built = join(REPO_ROOT, 'dist', 'nodes', 'DomotzTrigger', 'DomotzTrigger.node.js');
	const { DomotzTrigger } = (await import(built)) as { DomotzTrigger: new () => INodeType };
	const [webhook] = new DomotzTrigger().description.webhooks ?? [];
	if (!webhook) throw new Error('the Domotz Trigger declares no webhook');
	return String(webhook.path);
}

export async function checkTriggeredExamples(
	reporter: Reporter,
	tenant: E2eTenant,
	rest: N8nRest,
	n8n: { baseUrl: string; logTail: () => string },
	examples: readonly ExampleCase[],
): Promise<void> {
	const { baseUrl } = n8n;
	for (const example of examples) {
		const triggered = example.check.triggered;
		if (!triggered) continue;
		const title = `example ${example.name}`;
		const { id, name, definition } = example.example;
		const trigger = (definition.nodes as Array<{ name: string; webhookId?: string }>).find(
			(node) => node.name === triggered.trigger,
		);
		if (!trigger?.webhookId) {
			reporter.fail(title, new Error(`${triggered.trigger} has no webhookId in the example`));
			continue;
		}
		const path = await triggerPath();
		const context: TriggeredContext = {
			tenant: example.tenant,
			simulators: tenant,
			webhookSecret: WEBHOOK_SECRET,
			webhookUrl: (token) => {
				const url = `${baseUrl}/webhook/${trigger.webhookId}/${path}`;
				return token === undefined ? url : `${url}?token=${encodeURIComponent(token)}`;
			},
		};
		tenant.load(example.tenant);
		const published = await reporter
			.phase(`${title}: the Portal step, then publish ${name} (public API)`, async () => {
				await triggered.arrange(context);
				await rest.publishWorkflow(id);
				return true;
			})
			.catch((error: unknown) => reporter.fail(`${title} › publish`, error));
		if (!published) continue;
		const failuresBefore = reporter.failures;
		try {
			await awaitEffects(reporter, 'activation', () => triggered.published(context));
			await checkExpectations(reporter, `${title} › published`, () => triggered.published(context));
			for (const step of triggered.steps) {
				await runStep(reporter, rest, id, `${title} › ${step.title}`, step, context);
			}
		} finally {
			await reporter
				.phase(
					`unpublish ${name}`,
					async () =>
						await untilAnswered(
							() => rest.unpublishWorkflow(id),
							Date.now() + ACTIVATION_DEADLINE_MS,
						),
				)
				.catch((error: unknown) => reporter.fail(`${title} › unpublish`, error));
		}
		await awaitEffects(reporter, 'deactivation', () => triggered.unpublished(context));
		await checkExpectations(reporter, `${title} › unpublished`, () =>
			triggered.unpublished(context),
		);
		if (reporter.failures > failuresBefore) reporter.progress(`n8n log:\n${n8n.logTail()}`);
	}
}

/** Waits until every expectation holds, or the deadline passes; says how long it took. */
async function awaitEffects(
	reporter: Reporter,
	what: string,
	expectationsOf: () => Expectation[],
): Promise<void> {
	const started = Date.now();
	const holds = () => {
		try {
			for (const expectation of expectationsOf()) expectation.verify();
			return true;
		} catch {
			return false;
		}
	};
	while (!holds() && Date.now() - started < ACTIVATION_DEADLINE_MS) {
		await new Promise((resolve) => setTimeout(resolve, POLL_MS));
	}
	reporter.progress(
		`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s after the public API answered`,
	);
}

async function runStep(
	reporter: Reporter,
	rest: N8nRest,
	workflowId: string,
	title: string,
	step: TriggeredStep,
	context: TriggeredContext,
): Promise<void> {
	const { simulators } = context;
	simulators.domotz.http.resetCounts();
	simulators.connectwise.http.resetCounts();
	const configurationsBefore = simulators.connectwise.state.configurations();
	const earlier = new Set((await rest.executions(workflowId)).map((summary) => summary.id));
	const outcome = await reporter
		.phase(`${title}: send, then await ${step.executions} execution(s)`, async () => {
			const started = Date.now();
			const sent = await step.send(context);
			const ended = await endedExecutions(rest, workflowId, earlier, step, started);
			reporter.progress(
				`${ended.summaries.length} execution(s) ended, the last ${ended.seconds.toFixed(1)} s after sending`,
			);
			const runs = await Promise.all(
				ended.summaries.map(async (summary) =>
					toWorkflowRun((await rest.execution(summary.id)) as IRun),
				),
			);
			return { sent, runs, seconds: ended.seconds, started: ended.started };
		})
		.catch((error: unknown) => reporter.fail(title, error));
	if (!outcome) return;
	const { sent, runs, seconds, started } = outcome;
	await checkExpectations(reporter, title, () => [
		{
			name: `starts ${step.executions} execution(s)`,
			verify: () => {
				if (started !== step.executions) {
					throw new Error(`${started} executions started, ${step.executions} expected`);
				}
			},
		},
		{
			name: `they end within ${step.withinSeconds} s`,
			verify: () => {
				if (seconds > step.withinSeconds) throw new Error(`the last ended after ${seconds} s`);
			},
		},
		...step.expectations(runs, sent, { ...context, configurationsBefore }),
	]);
}

/**
 * The executions that started after `earlier`, once the step's count has ended (or its time is
 * up) and nothing else started for a few seconds; in the order they started.
 */
async function endedExecutions(
	rest: N8nRest,
	workflowId: string,
	earlier: ReadonlySet<string>,
	step: TriggeredStep,
	started: number,
): Promise<{ summaries: ExecutionSummary[]; seconds: number; started: number }> {
	const deadline = started + step.withinSeconds * 1000;
	let lastEnded = started;
	for (;;) {
		const fresh = (await executionsOrNone(rest, workflowId, deadline)).filter(
			(summary) => !earlier.has(summary.id),
		);
		const ended = fresh.filter((summary) => !UNFINISHED.has(summary.status));
		for (const summary of ended) {
			lastEnded = Math.max(lastEnded, Date.parse(summary.stoppedAt ?? '') || lastEnded);
		}
		const settled = ended.length === fresh.length && ended.length >= step.executions;
		if (settled || Date.now() > deadline) {
			await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
			const after = (await executionsOrNone(rest, workflowId, Date.now() + QUIET_MS)).filter(
				(summary) => !earlier.has(summary.id),
			);
			return {
				summaries: ended.sort((left, right) => Number(left.id) - Number(right.id)),
				seconds: (lastEnded - started) / 1000,
				started: after.length,
			};
		}
		await new Promise((resolve) => setTimeout(resolve, POLL_MS));
	}
}

/** Asks again while n8n answers with an error (a busy SQLite database: 503), until the deadline. */
async function untilAnswered<T>(ask: () => Promise<T>, deadline: number): Promise<T> {
	for (;;) {
		const answer = await ask().then(
			(value) => ({ value }),
			(error: unknown) => ({ error }),
		);
		if ('value' in answer) return answer.value;
		if (Date.now() > deadline) return await Promise.reject(answer.error);
		await new Promise((resolve) => setTimeout(resolve, POLL_MS));
	}
}

/**
 * The workflow's executions; while n8n answers with an error (a busy SQLite database makes it
 * answer 503 for a while), asked again until the deadline, then the error is thrown.
 */
async function executionsOrNone(
	rest: N8nRest,
	workflowId: string,
	deadline: number,
): Promise<ExecutionSummary[]> {
	return await untilAnswered(() => rest.executions(workflowId), deadline);
}
