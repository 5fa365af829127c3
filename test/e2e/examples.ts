/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test-only e2e harness: reads the example workflows and their checks from disk */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import type { GeneratedTenant, MspTenantOptions } from '../simulators/generator';
import type { ExampleCheck, ParameterChoice } from './contract';
import { REPO_ROOT } from './package';

/** The example workflows users import, at the repository root. */
export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');
/** Their checks: `examples/<name>.check.ts` here for each `examples/<name>.json` there. */
export const EXAMPLE_CHECKS_DIR = join(__dirname, 'examples');

/** A workflow as imported into n8n: the example with the user's choices, or a variant of it. */
export interface PreparedWorkflow {
	/** The n8n workflow ID: stable per example and variant, at most 21 characters as n8n wants. */
	id: string;
	name: string;
	definition: IDataObject;
}

export interface ExampleCase {
	/** File name without `.json`. */
	name: string;
	check: ExampleCheck;
	tenant: GeneratedTenant;
	example: PreparedWorkflow;
	variants: ReadonlyMap<string, PreparedWorkflow>;
	/** Every change made to the file, one line each, for the log. */
	adjustments: string[];
}

interface WorkflowNode {
	name: string;
	parameters?: IDataObject;
}

/** Every `examples/*.json`, unchanged but for the choices its check makes, in file name order. */
export async function loadExampleCases(
	tenantFor: (options?: Partial<MspTenantOptions>) => GeneratedTenant,
): Promise<ExampleCase[]> {
	return await Promise.all(
		exampleNames().map(async (name) => {
			const check = await loadCheck(name);
			const tenant = tenantFor(check.tenant);
			const choices = check.choices?.(tenant) ?? [];
			const example = prepareExample(name, choices);
			const variants = new Map(
				Object.entries(check.variants ?? {}).map(([variant, changes]) => [
					variant,
					prepareExample(name, choices, { name: variant, changes }),
				]),
			);
			const adjustments = [
				...choices.map((choice) => `${name}.json: ${describeChoice(choice)} (chosen after import)`),
				...Object.entries(check.variants ?? {}).flatMap(([variant, changes]) =>
					changes.map((choice) => `${name}.json, copy "${variant}": ${describeChoice(choice)}`),
				),
			];
			return { name, check, tenant, example, variants, adjustments };
		}),
	);
}

/** The names of the example files, without `.json`, in file name order. */
export function exampleNames(): string[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => basename(file, '.json'));
}

/**
 * An example as imported: the user's choices made (each must name a parameter the example has),
 * then, for a variant, its changes (which may add parameters).
 */
export function prepareExample(
	name: string,
	choices: readonly ParameterChoice[] = [],
	variant?: { name: string; changes: readonly ParameterChoice[] },
): PreparedWorkflow {
	const original = JSON.parse(
		readFileSync(join(EXAMPLES_DIR, `${name}.json`), 'utf8'),
	) as IDataObject;
	const definition = structuredClone(original);
	for (const choice of choices) applyChoice(name, definition, choice, 'existing');
	for (const change of variant?.changes ?? []) applyChoice(name, definition, change, 'new');
	const key = variant ? `${name}/${variant.name}` : name;
	const id = `ex${createHash('sha1').update(key).digest('hex').slice(0, 14)}`;
	const title = variant ? `${String(original.name)} (${variant.name})` : String(original.name);
	return { id, name: title, definition: { ...definition, id, name: title, active: false } };
}

/** The example, or the named variant of it. */
export function workflowOfStep(
	example: ExampleCase,
	variant: string | undefined,
): PreparedWorkflow {
	if (variant === undefined) return example.example;
	const workflow = example.variants.get(variant);
	if (!workflow)
		throw new Error(`examples/${example.name}: a step runs unknown variant "${variant}"`);
	return workflow;
}

async function loadCheck(name: string): Promise<ExampleCheck> {
	const file = join(EXAMPLE_CHECKS_DIR, `${name}.check.ts`);
	const module = existsSync(file) ? ((await import(file)) as { check?: ExampleCheck }) : {};
	if (!module.check) {
		throw new Error(
			`examples/${name}.json needs test/e2e/examples/${name}.check.ts exporting \`check\``,
		);
	}
	return module.check;
}

/**
 * Sets a parameter of a node. A user's choice must set a parameter the example already has, so
 * that a renamed parameter fails here instead of being added beside it; a variant may add one.
 */
function applyChoice(
	name: string,
	definition: IDataObject,
	choice: ParameterChoice,
	parameter: 'existing' | 'new',
): void {
	const node = (definition.nodes as WorkflowNode[]).find(
		(candidate) => candidate.name === choice.node,
	);
	const path = choice.parameter.split('.');
	let holder: IDataObject | undefined = node?.parameters;
	for (const key of path.slice(0, -1)) {
		const next: unknown = holder?.[key];
		holder = typeof next === 'object' && next !== null ? (next as IDataObject) : undefined;
	}
	const last = path[path.length - 1];
	if (!holder || (parameter === 'existing' && !(last in holder))) {
		throw new Error(`examples/${name}.json has no parameter ${choice.node} › ${choice.parameter}`);
	}
	holder[last] = choice.value as IDataObject[string];
}

function describeChoice(choice: ParameterChoice): string {
	return `${choice.node} › ${choice.parameter} = ${JSON.stringify(choice.value)}`;
}
