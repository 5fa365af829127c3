/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only e2e harness: reads workflow files and their checks from disk */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import type { IDataObject, IRun } from 'n8n-workflow';

import type {
	ExecutedWorkflowCheck,
	PublishedWorkflowCheck,
	WorkflowCheck,
	WorkflowRun,
} from './contract';
import type { GeneratedTenant, MspTenantOptions } from '../simulators/generator';

export const WORKFLOW_DIR = join(__dirname, 'workflows');

/** A workflow file, its check, its tenant and the workflow as imported into n8n. */
export interface WorkflowCase<Check extends WorkflowCheck = WorkflowCheck> {
	/** File name without `.json`. */
	name: string;
	/** The n8n workflow ID: stable per file name, at most 21 characters as n8n wants. */
	id: string;
	check: Check;
	tenant: GeneratedTenant;
	placeholders: Record<string, string>;
	definition: IDataObject;
}

const PLACEHOLDER = /@@(\w+)@@/g;

/** Every `workflows/<name>.json` with its `workflows/<name>.check.ts`, in file name order. */
export async function loadWorkflowCases(
	tenantFor: (options?: Partial<MspTenantOptions>) => GeneratedTenant,
): Promise<WorkflowCase[]> {
	const files = readdirSync(WORKFLOW_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort();
	return await Promise.all(
		files.map(async (file) => {
			const name = basename(file, '.json');
			const check = await loadCheck(name);
			const tenant = tenantFor(check.tenant);
			const placeholders = Object.fromEntries(
				Object.entries(check.placeholders?.(tenant) ?? {}).map(([key, value]) => [
					key,
					String(value),
				]),
			);
			const id = `e2e${createHash('sha1').update(name).digest('hex').slice(0, 13)}`;
			const text = readFileSync(join(WORKFLOW_DIR, file), 'utf8');
			const definition = { ...fillPlaceholders(name, text, placeholders), id, active: false };
			return { name, id, check, tenant, placeholders, definition };
		}),
	);
}

export const isExecutedCase = (
	workflow: WorkflowCase,
): workflow is WorkflowCase<ExecutedWorkflowCheck> => 'expectations' in workflow.check;

export const isPublishedCase = (
	workflow: WorkflowCase,
): workflow is WorkflowCase<PublishedWorkflowCheck> => 'publications' in workflow.check;

async function loadCheck(name: string): Promise<WorkflowCheck> {
	const file = join(WORKFLOW_DIR, `${name}.check.ts`);
	const module = existsSync(file) ? ((await import(file)) as { check?: WorkflowCheck }) : {};
	if (!module.check) {
		throw new Error(`workflows/${name}.json needs workflows/${name}.check.ts exporting \`check\``);
	}
	return module.check;
}

function fillPlaceholders(name: string, text: string, values: Record<string, string>): IDataObject {
	const missing = new Set<string>();
	const filled = text.replace(PLACEHOLDER, (whole, key: string) => {
		if (values[key] === undefined) missing.add(key);
		return JSON.stringify(values[key] ?? whole).slice(1, -1);
	});
	if (missing.size > 0) {
		throw new Error(`workflows/${name}.json: no value for @@${[...missing].join('@@, @@')}@@`);
	}
	return JSON.parse(filled) as IDataObject;
}

export function toWorkflowRun(raw: IRun): WorkflowRun {
	const runData = raw.data.resultData.runData;
	return {
		status: raw.status,
		errorMessage: raw.data.resultData.error?.message,
		items: (nodeName, outputIndex = 0) =>
			(runData[nodeName]?.[0]?.data?.main?.[outputIndex] ?? []).map((item) => item.json),
		raw,
	};
}
