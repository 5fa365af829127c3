/**
 * A check compiled from a zod schema for the large lists a sync reads: thousands of configurations
 * and devices per run. zod builds a copy of every record and a parse context per field, which costs
 * more time and memory than matching and planning together; this check allocates nothing and, when
 * it passes, the body itself is the parsed value. It covers only what it can decide exactly:
 * passthrough objects, arrays without length rules, plain strings, numbers (whole or not),
 * booleans, optional and nullable values and unions of those. A schema with anything else
 * (transforms, refinements, string or length rules) is not compiled, and zod parses it.
 *
 * Why the body may stand for zod's output: for these schemas zod's output holds exactly the
 * input's keys and values (but an unnamed key set to `undefined`, which no JSON body holds). An
 * object with an own `__proto__` key (zod leaves it out) or with a prototype other than a plain
 * object's is never passed by the check.
 */

import type { z } from 'zod';

export type CompiledCheck = (value: unknown) => boolean;

const compiled = new WeakMap<z.ZodTypeAny, CompiledCheck | null>();

/** The check for `schema`, or undefined when its rules go beyond what a check can decide. */
export function compileCheck(schema: z.ZodTypeAny): CompiledCheck | undefined {
	const known = compiled.get(schema);
	if (known !== undefined) return known ?? undefined;
	const check = compileNode(schema);
	compiled.set(schema, check ?? null);
	return check;
}

/** zod's definitions as far as the check reads them. */
interface Definition {
	typeName?: string;
	checks?: ReadonlyArray<{ kind: string }>;
	innerType?: z.ZodTypeAny;
	options?: readonly z.ZodTypeAny[];
	type?: z.ZodTypeAny;
	minLength?: unknown;
	maxLength?: unknown;
	exactLength?: unknown;
	unknownKeys?: string;
	catchall?: z.ZodTypeAny;
	shape?: () => Record<string, z.ZodTypeAny>;
	coerce?: boolean;
}

type Compiler = (definition: Definition) => CompiledCheck | undefined;

const isString: CompiledCheck = (value) => typeof value === 'string';
const isBoolean: CompiledCheck = (value) => typeof value === 'boolean';
const isNumber: CompiledCheck = (value) => typeof value === 'number' && !Number.isNaN(value);
const isWholeNumber: CompiledCheck = (value) => Number.isInteger(value);

function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null) return false;
	const prototype: unknown = Object.getPrototypeOf(value);
	return (
		(prototype === Object.prototype || prototype === null) && !Object.hasOwn(value, '__proto__')
	);
}

const compilers: Record<string, Compiler> = {
	ZodString: (definition) => (noRules(definition) ? isString : undefined),
	ZodBoolean: (definition) => (definition.coerce ? undefined : isBoolean),
	ZodNumber: (definition) => {
		if (definition.coerce) return undefined;
		const kinds = (definition.checks ?? []).map((check) => check.kind);
		if (kinds.length === 0) return isNumber;
		return kinds.every((kind) => kind === 'int') ? isWholeNumber : undefined;
	},
	ZodOptional: (definition) => {
		const inner = definition.innerType && compileCheck(definition.innerType);
		return inner && ((value) => value === undefined || inner(value));
	},
	ZodNullable: (definition) => {
		const inner = definition.innerType && compileCheck(definition.innerType);
		return inner && ((value) => value === null || inner(value));
	},
	ZodUnion: (definition) => {
		const options = (definition.options ?? []).map((option) => compileCheck(option));
		if (options.length === 0 || !options.every((option) => option !== undefined)) return undefined;
		const checks = options as CompiledCheck[];
		return (value) => checks.some((check) => check(value));
	},
	ZodArray: (definition) => {
		const lengthRules = [definition.minLength, definition.maxLength, definition.exactLength];
		if (lengthRules.some((rule) => rule !== null && rule !== undefined)) return undefined;
		const element = definition.type && compileCheck(definition.type);
		return element && ((value) => Array.isArray(value) && value.every((item) => element(item)));
	},
	ZodObject: (definition) => {
		const catchallIsNever = definition.catchall?._def?.typeName === 'ZodNever';
		if (definition.unknownKeys !== 'passthrough' || !catchallIsNever || !definition.shape) {
			return undefined;
		}
		const fields = Object.entries(definition.shape()).map(
			([key, field]) => [key, compileCheck(field)] as const,
		);
		if (!fields.every(([, check]) => check !== undefined)) return undefined;
		const checks = fields as ReadonlyArray<readonly [string, CompiledCheck]>;
		return (value) => {
			if (!isPlainObject(value)) return false;
			for (const [key, check] of checks) {
				if (!check(value[key])) return false;
			}
			return true;
		};
	},
};

function noRules(definition: Definition): boolean {
	return !definition.coerce && (definition.checks ?? []).length === 0;
}

function compileNode(schema: z.ZodTypeAny): CompiledCheck | undefined {
	const definition = schema._def as Definition;
	const compiler = definition.typeName ? compilers[definition.typeName] : undefined;
	return compiler?.(definition);
}
