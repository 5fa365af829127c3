/**
 * The shape of a JSON value: its field names and JSON types, not its values. Items of a list are
 * folded into one entry (`[]`), so that two lists of the same kind of record have the same shape
 * whatever their length. Made to compare what a simulator answers with what an API answered.
 */

export type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

/** Each path (`$`, `$.name`, `$[].id`) with the JSON types found there. */
export type JsonShape = ReadonlyMap<string, ReadonlySet<JsonType>>;

export function jsonTypeOf(value: unknown): JsonType {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	const type = typeof value;
	if (type === 'boolean' || type === 'number' || type === 'string' || type === 'object') {
		return type;
	}
	throw new TypeError(`${type} is not a JSON type`);
}

export function jsonShape(value: unknown): JsonShape {
	const shape = new Map<string, Set<JsonType>>();
	const visit = (at: string, item: unknown): void => {
		const types = shape.get(at) ?? new Set<JsonType>();
		types.add(jsonTypeOf(item));
		shape.set(at, types);
		if (Array.isArray(item)) item.forEach((element) => visit(`${at}[]`, element));
		else if (typeof item === 'object' && item !== null) {
			for (const [key, field] of Object.entries(item)) visit(`${at}.${key}`, field);
		}
	};
	visit('$', value);
	return shape;
}

/** Where two shapes differ, one line each; empty when they are the same. */
export function shapeDifferences(expected: unknown, actual: unknown): string[] {
	const want = jsonShape(expected);
	const got = jsonShape(actual);
	const describe = (types: ReadonlySet<JsonType> | undefined) =>
		types ? [...types].sort().join('|') : 'absent';
	return [...new Set([...want.keys(), ...got.keys()])].sort().flatMap((path) => {
		const wanted = describe(want.get(path));
		const found = describe(got.get(path));
		return wanted === found ? [] : [`${path}: expected ${wanted}, got ${found}`];
	});
}
