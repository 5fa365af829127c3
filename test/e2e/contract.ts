/**
 * What a workflow check (`workflows/<name>.check.ts`, beside `workflows/<name>.json`) exports as
 * `check`, and what the harness hands it.
 */
import type { IDataObject, IRun } from 'n8n-workflow';

import type { ConnectWiseSimulator } from '../simulators/connectwise';
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

export interface WorkflowCheck {
	/** Generator options over the harness' small default tenant, loaded fresh before the run. */
	tenant?: Partial<MspTenantOptions>;
	/** Values for the `@@name@@` placeholders of the workflow file (agent IDs and the like). */
	placeholders?: (tenant: GeneratedTenant) => Record<string, string | number>;
	/** Checked after the run, against the run data and the simulators' state. */
	expectations: (run: WorkflowRun, context: CheckContext) => Expectation[];
}
