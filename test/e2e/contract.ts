/**
 * What a workflow check (`workflows/<name>.check.ts`, beside `workflows/<name>.json`) exports as
 * `check`, and what the harness hands it.
 */
import type { IDataObject, IRun } from 'n8n-workflow';

import type { ConnectWiseSimulator } from '../simulators/connectwise';
import type { Configuration } from '../simulators/connectwise/model';
import type { DomotzSimulator } from '../simulators/domotz';
import type { GeneratedTenant, MspTenantOptions } from '../simulators/generator';

export interface Simulators {
	domotz: DomotzSimulator;
	connectwise: ConnectWiseSimulator;
}

/** One named assertion; `verify` throws (node:assert) when it does not hold. */
export interface Expectation {
	name: string;
	verify: () => void;
}

/** The IRun that `n8n execute --rawOutput` reported, with item access by node name. */
export interface WorkflowRun {
	status: IRun['status'];
	/** The run's error message, when n8n stopped the workflow on an error. */
	errorMessage?: string;
	/** JSON of the items a node put on one output in its first run; empty when it did not run. */
	items: (nodeName: string, outputIndex?: number) => IDataObject[];
	raw: IRun;
}

export interface CheckContext {
	tenant: GeneratedTenant;
	simulators: Simulators;
	/** The values put in for the workflow file's `@@name@@` placeholders. */
	placeholders: Readonly<Record<string, string>>;
}

interface WorkflowSetup {
	/** Generator options over the harness' small default tenant, loaded fresh before the run. */
	tenant?: Partial<MspTenantOptions>;
	/** Values for the `@@name@@` placeholders of the workflow file (agent IDs and the like). */
	placeholders?: (tenant: GeneratedTenant) => Record<string, string | number>;
}

/** A workflow run once by `n8n execute`, from its Manual Trigger. */
export interface ExecutedWorkflowCheck extends WorkflowSetup {
	/** Checked after the run, against the run data and the simulators' state. */
	expectations: (run: WorkflowRun, context: CheckContext) => Expectation[];
}

/**
 * A workflow started by publishing it in the running n8n (its n8n Trigger on "activate"): a
 * trigger execution, whose static data n8n keeps, unlike a manual one's.
 */
export interface PublishedWorkflowCheck extends WorkflowSetup {
	/** In order, each published, its execution awaited, then unpublished. */
	publications: Publication[];
}

export type WorkflowCheck = ExecutedWorkflowCheck | PublishedWorkflowCheck;

/**
 * One publication of a workflow: the first on a freshly loaded tenant, the others on the data the
 * previous one left (request log and faults cleared).
 */
export interface Publication {
	title: string;
	/** Changes before publishing: faults. */
	arrange?: (simulators: Simulators, tenant: GeneratedTenant) => void;
	expectations: (run: WorkflowRun, context: PublicationContext) => Expectation[];
}

export interface PublicationContext extends CheckContext {
	/** The runs of the earlier publications, in order. */
	earlier: WorkflowRun[];
}

/**
 * A parameter a user sets after importing an example (the agent to read, a default configuration
 * type): the example leaves it for them, so the harness must choose it too.
 */
export interface ParameterChoice {
	node: string;
	/** Dotted path below the node's `parameters`; it must already exist in the example. */
	parameter: string;
	value: unknown;
}

export interface ExampleStepContext {
	tenant: GeneratedTenant;
	simulators: Simulators;
	/** The runs of the scenario's earlier steps, in order. */
	earlier: WorkflowRun[];
	/** ConnectWise's configurations just before this step's execution. */
	configurationsBefore: Configuration[];
}

/** One execution of an example (or of a variant of it) and what must hold afterwards. */
export interface ExampleStep {
	title: string;
	/** `fresh`: the tenant loaded anew; `continue`: the data the previous step left (request log cleared). */
	start: 'fresh' | 'continue';
	/** A variant named in `ExampleCheck.variants` instead of the example. */
	variant?: string;
	/** Changes before the execution: faults, records a PSA user added. */
	arrange?: (simulators: Simulators, tenant: GeneratedTenant) => void;
	expectations: (run: WorkflowRun, context: ExampleStepContext) => Expectation[];
}

/** What `examples/<name>.check.ts` (for `examples/<name>.json` at the repository root) exports as `check`. */
export interface ExampleCheck {
	/** Generator options over the harness' small default tenant. */
	tenant?: Partial<MspTenantOptions>;
	/** The parameters a user must choose after importing; kept minimal and printed. */
	choices?: (tenant: GeneratedTenant) => ParameterChoice[];
	/** Further copies of the prepared example, by name, for steps that need them. */
	variants?: Record<string, ParameterChoice[]>;
	/** Executions through `n8n execute`; none for an example that starts from a webhook. */
	steps?: ExampleStep[];
	/** For an example that starts from the Domotz Trigger: published, then sent Domotz's webhooks. */
	triggered?: TriggeredExample;
	/**
	 * The execution that publishing the example (or a variant: a copy without the steps' static
	 * data) starts, through n8n's public API on a fresh tenant while `n8n start` runs; it must end
	 * within five minutes.
	 */
	published?: Omit<ExampleStep, 'start'>;
}

/** What a step of a triggered example sees. */
export interface TriggeredContext {
	tenant: GeneratedTenant;
	simulators: Simulators;
	/** The trigger's production URL in the running n8n, with the token given, or none. */
	webhookUrl: (token?: string) => string;
	/** The Webhook Secret of the Domotz credential the example uses. */
	webhookSecret: string;
}

/**
 * One thing that happens on the Domotz side while the example is published: `send` makes Domotz (or
 * someone else) post to n8n; the harness then waits for the executions it starts to end, and for a
 * few seconds more to see that no other starts.
 */
export interface TriggeredStep {
	title: string;
	/** Resolves once every request was answered; what it resolves to goes to `expectations`. */
	send: (context: TriggeredContext) => Promise<unknown>;
	/** The executions the step starts. */
	executions: number;
	/** How long they may take, from `send` until the last has ended. */
	withinSeconds: number;
	expectations: (
		runs: WorkflowRun[],
		sent: unknown,
		context: TriggeredContext & { configurationsBefore: Configuration[] },
	) => Expectation[];
}

/**
 * An example that starts from the Domotz Trigger, which `n8n execute` cannot start: the Portal step
 * done on the simulator, the example published in the running n8n (activation binds the profile),
 * the steps' webhooks sent in order, then the example unpublished (deactivation unbinds).
 */
export interface TriggeredExample {
	/** The trigger node, whose production URL the profile's webhook points at. */
	trigger: string;
	/** The Portal step and anything a person did before publishing (a binding of their own). */
	arrange: (context: TriggeredContext) => Promise<void>;
	/** Checked once publishing has activated the trigger. */
	published: (context: TriggeredContext) => Expectation[];
	steps: TriggeredStep[];
	/** Checked once unpublishing has deactivated it. */
	unpublished: (context: TriggeredContext) => Expectation[];
}
