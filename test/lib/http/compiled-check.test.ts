import { z } from 'zod';

import { seededRandom, type Random } from '../../../bench/random';
import {
	cwCompanyNoteSchema,
	cwCompanySchema,
	cwConfigurationSchema,
	cwManufacturerSchema,
	cwSiteSchema,
	cwUserDefinedFieldSchema,
} from '../../../lib/connectwise/schemas';
import {
	domotzAgentDetailSchema,
	domotzAgentSchema,
	domotzDeviceSchema,
	listOf,
} from '../../../lib/domotz/schemas';
import { compileCheck } from '../../../lib/http/compiled-check';
import { ResponseShapeError } from '../../../lib/http/errors';
import { parseResponseBody } from '../../../lib/http/parse';

/** zod's definition, as far as the generator reads it. */
interface Definition {
	typeName: string;
	innerType?: z.ZodTypeAny;
	options?: z.ZodTypeAny[];
	type?: z.ZodTypeAny;
	shape?: () => Record<string, z.ZodTypeAny>;
	checks?: Array<{ kind: string }>;
}

class Weird {
	id = 1;
}

/** Values of every JSON type and a few no JSON body can hold, to put where they do not belong. */
const strays: ReadonlyArray<() => unknown> = [
	() => null,
	() => undefined,
	() => 'text',
	() => '',
	() => 0,
	() => 7,
	() => 2.5,
	() => Number.NaN,
	() => Number.POSITIVE_INFINITY,
	() => true,
	() => [],
	() => ['a', 1],
	() => ({}),
	() => ({ id: 3, name: 'x' }),
	() => new Date(0),
	() => new Weird(),
	() => Object.create(null) as unknown,
	() => JSON.parse('{"__proto__": {"polluted": true}, "id": 4}') as unknown,
];

/**
 * A value for `schema`: mostly what it accepts, now and then (at any depth) something else, and
 * sometimes an extra key the schema does not name.
 */
function sample(schema: z.ZodTypeAny, random: Random, strayRate: number, depth = 0): unknown {
	if (random.next() < strayRate) return random.pick(strays)();
	const definition = schema._def as Definition;
	switch (definition.typeName) {
		case 'ZodString':
			return random.pick(['', 'SN-1', 'Main office', 'a'.repeat(random.integer(40))]);
		case 'ZodNumber':
			return definition.checks?.some((check) => check.kind === 'int')
				? random.integer(100_000)
				: random.pick([0, 1.5, -3, 42]);
		case 'ZodBoolean':
			return random.next() < 0.5;
		case 'ZodOptional':
			return random.next() < 0.2
				? undefined
				: sample(definition.innerType!, random, strayRate, depth + 1);
		case 'ZodNullable':
			return random.next() < 0.2 ? null : sample(definition.innerType!, random, strayRate, depth);
		case 'ZodUnion':
			return sample(random.pick(definition.options!), random, strayRate, depth);
		case 'ZodArray':
			return Array.from({ length: depth > 3 ? 0 : random.integer(4) }, () =>
				sample(definition.type!, random, strayRate, depth + 1),
			);
		case 'ZodObject': {
			const value: Record<string, unknown> = {};
			for (const [key, field] of Object.entries(definition.shape!())) {
				const fieldValue = sample(field, random, strayRate, depth + 1);
				// An optional field is as often absent as present with `undefined`.
				if (fieldValue !== undefined || random.next() < 0.5) value[key] = fieldValue;
			}
			if (random.next() < 0.3) value[`extra${random.integer(5)}`] = random.pick(strays)();
			return value;
		}
		default:
			throw new Error(`the generator does not know ${definition.typeName}`);
	}
}

const schemas: Array<[string, z.ZodTypeAny]> = [
	['configuration page', cwConfigurationSchema.array().nullish()],
	[
		'sweep page (partial configurations)',
		cwConfigurationSchema
			.pick({ id: true, name: true, company: true, customFields: true, serialNumber: true })
			.array()
			.nullish(),
	],
	['company page', cwCompanySchema.array().nullish()],
	['site page', cwSiteSchema.array().nullish()],
	['manufacturer', cwManufacturerSchema],
	['user-defined field', cwUserDefinedFieldSchema],
	['company note', cwCompanyNoteSchema],
	['device list', listOf(domotzDeviceSchema)],
	['agent list', listOf(domotzAgentSchema)],
	['agent detail', domotzAgentDetailSchema],
];

describe('compileCheck', () => {
	it.each(schemas)('compiles the %s schema', (_name, schema) => {
		expect(compileCheck(schema)).toBeDefined();
	});

	/**
	 * Bodies as the HTTP ports hand them over (JSON decoded): zod's output is exactly the body. Raw
	 * values, with what no JSON holds (NaN, dates, class instances, `undefined`), are checked too:
	 * zod accepts them all the same, and its output differs at most by keys set to `undefined`.
	 */
	it.each(schemas)(
		'passes a %s only when zod accepts it and gives back the same data',
		(name, schema) => {
			const check = compileCheck(schema)!;
			const random = seededRandom(name.length * 7_919);
			const tally = { passed: 0, refused: 0 };
			for (let round = 0; round < 3_000; round += 1) {
				const raw = sample(schema, random, round % 3 === 0 ? 0 : 0.02);
				const decoded = JSON.parse(JSON.stringify(raw) ?? 'null') as unknown;
				for (const [value, equal] of [
					[raw, 'toEqual'],
					[decoded, 'toStrictEqual'],
				] as const) {
					const parsed = schema.safeParse(value);
					if (!check(value)) {
						tally.refused += 1;
						continue;
					}
					tally.passed += 1;
					expect(parsed.success).toBe(true);
					expect(parsed.data)[equal](value);
				}
			}
			// Both branches ran often: the property is not vacuous.
			expect(tally.passed).toBeGreaterThan(1_000);
			expect(tally.refused).toBeGreaterThan(100);
		},
	);

	it('passes every value zod accepts when nothing is out of place', () => {
		const random = seededRandom(11);
		for (const [, schema] of schemas) {
			const check = compileCheck(schema)!;
			for (let round = 0; round < 300; round += 1) {
				const value = JSON.parse(JSON.stringify(sample(schema, random, 0)) ?? 'null') as unknown;
				expect(schema.safeParse(value).success).toBe(true);
				expect(check(value)).toBe(true);
			}
		}
	});

	it.each<[string, unknown]>([
		['a float where a whole number belongs', [{ id: 1.5 }]],
		['NaN for a number', [{ id: 1, locationId: Number.NaN }]],
		['a string for a number', [{ id: '1' }]],
		['an array for an object', [[]]],
		['a date for an object', [new Date(0)]],
		['an instance of a class', [new Weird()]],
		['an own __proto__ key', [JSON.parse('{"id": 1, "__proto__": {"x": 1}}')]],
		['null for a required id', [{ id: null }]],
		['a number for a custom field value list', [{ id: 1, customFields: 5 }]],
	])('refuses %s', (_case, value) => {
		expect(compileCheck(cwConfigurationSchema.array().nullish())!(value)).toBe(false);
	});

	it.each<[string, z.ZodTypeAny]>([
		['a transform', z.array(z.string()).transform((items) => items.length)],
		['a refinement', z.string().refine((text) => text.length > 0)],
		['a string rule', z.string().min(1)],
		['a number rule other than whole', z.number().nonnegative()],
		['a minimum length', z.array(z.string()).min(1)],
		['an object that strips unknown keys', z.object({ id: z.number() })],
		['a strict object', z.object({ id: z.number() }).strict()],
		['a catch-all', z.object({ id: z.number() }).catchall(z.string())],
		['a coercion', z.coerce.number()],
		['a default', z.string().default('x')],
		['a literal', z.literal('x')],
		['a nested transform', z.object({ id: z.string().trim() }).passthrough()],
	])('leaves %s to zod', (_case, schema) => {
		expect(compileCheck(schema)).toBeUndefined();
	});
});

describe('parseResponseBody', () => {
	const request = { api: 'ConnectWise PSA' as const, method: 'GET' as const, path: '/x' };
	const pageSchema = cwConfigurationSchema.array().nullish();

	it('hands back the body itself when the compiled check passes it', () => {
		const body = [{ id: 1, name: 'FW', serialNumber: 'SN1', extra: { kept: true } }];
		expect(parseResponseBody(pageSchema, body, request, 'configuration list')).toBe(body);
	});

	it("reports zod's issues, with the path, when the check refuses the body", () => {
		const body = [{ id: 1 }, { id: 'two' }];
		expect(() => parseResponseBody(pageSchema, body, request, 'configuration list')).toThrow(
			ResponseShapeError,
		);
		expect(() => parseResponseBody(pageSchema, body, request, 'configuration list')).toThrow(
			/\[1\]\.id: Expected number/,
		);
	});

	it('parses schemas it cannot compile with zod, transforms included', () => {
		const counted = z.array(z.string()).transform((items) => items.length);
		expect(parseResponseBody(counted, ['a', 'b'], request, 'list')).toBe(2);
	});
});
