/**
 * Builds ConnectWise `conditions` (and `customFieldConditions`) strings from typed parts, in the
 * forms the Developer Guide shows and no others: comparisons joined by `AND` or `OR`, never grouped
 * (an `in` list is the only parenthesis). Strings are double-quoted, and since no document shows
 * how a `"` or a `\` could sit inside one, a value holding either is refused
 * ({@link UnquotableValueError}): the caller asks something wider and filters, or says why it
 * cannot ask. Inside `like`/`contains` the LIKE metacharacters of a value match only themselves.
 * The result is the raw condition text; the HTTP port URL-encodes it once, as a query value.
 */

/** A condition built here; plain strings cannot be passed where one is expected. */
export type Condition = string & { readonly __brand: 'ConnectWiseCondition' };

/** One comparison: only these are joined, since joined conditions cannot be grouped. */
export type Comparison = Condition & { readonly __comparison: true };

export type ConditionValue = string | number | boolean | Date | null;

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** A string no documented condition can hold: it contains `"` or `\`. */
export class UnquotableValueError extends RangeError {
	constructor(readonly value: string) {
		super(
			`"${value}" contains a double quote or a backslash, which no documented ConnectWise condition can hold`,
		);
		this.name = 'UnquotableValueError';
	}
}

/** Whether `value` can be asked about in a condition: it holds no `"` and no `\`. */
export function isQueryableText(value: string): boolean {
	return !/["\\]/.test(value);
}

/** The longest run of `value` without `"` or `\`: what a search can ask for before filtering. */
export function queryablePart(value: string): string {
	return value
		.split(/["\\]/)
		.reduce((longest, part) => (part.length > longest.length ? part : longest), '');
}

/** `company/id`, `serialNumber`, `type/name`: names and `/`-separated references, nothing else. */
const fieldPattern = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Plain decimals only: CW does not read exponents, and NaN or Infinity would be literal words. */
const numberPattern = /^-?\d+(\.\d+)?$/;

/** SQL Server LIKE: `%` and `*` match any run, `_` one character, `[` opens a character class. */
const likeMetacharacters = /[[*%_]/g;

function comparison(text: string): Comparison {
	return text as Comparison;
}

function field(name: string): string {
	if (typeof name !== 'string' || !fieldPattern.test(name)) {
		throw new RangeError(`"${String(name)}" is not a ConnectWise field name`);
	}
	return name;
}

function quoted(value: string): string {
	if (!isQueryableText(value)) throw new UnquotableValueError(value);
	return `"${value}"`;
}

function escapeLike(value: string): string {
	return value.replace(likeMetacharacters, (character) => `[${character}]`);
}

/** `2024-05-01T10:20:30Z`, the form CW shows in its own examples (no milliseconds). */
function datetime(value: Date): string {
	if (Number.isNaN(value.getTime()))
		throw new RangeError('An invalid date cannot be a condition value');
	return `[${value.toISOString().replace(/\.\d{3}Z$/, 'Z')}]`;
}

function literal(value: ConditionValue): string {
	if (value === null) return 'null';
	if (value instanceof Date) return datetime(value);
	if (typeof value === 'string') return quoted(value);
	if (typeof value === 'boolean') return value ? 'True' : 'False';
	if (typeof value === 'number' && Number.isFinite(value) && numberPattern.test(String(value))) {
		return String(value);
	}
	throw new RangeError(`${String(value)} cannot be a condition value`);
}

function text(value: string): string {
	if (typeof value !== 'string') throw new RangeError('like and contains compare strings only');
	return value;
}

/** Keeps the caller's `*` as the wildcard and makes every other metacharacter literal. */
function wildcardPattern(pattern: string): string {
	return text(pattern).split('*').map(escapeLike).join('*');
}

export function compare(
	name: string,
	operator: ComparisonOperator,
	value: ConditionValue,
): Comparison {
	return comparison(`${field(name)} ${operator} ${literal(value)}`);
}

export const eq = (name: string, value: ConditionValue): Comparison => compare(name, '=', value);
export const ne = (name: string, value: ConditionValue): Comparison => compare(name, '!=', value);
export const lt = (name: string, value: number | Date): Comparison => compare(name, '<', value);
export const le = (name: string, value: number | Date): Comparison => compare(name, '<=', value);
export const gt = (name: string, value: number | Date): Comparison => compare(name, '>', value);
export const ge = (name: string, value: number | Date): Comparison => compare(name, '>=', value);

/**
 * A LIKE pattern in which `*` is the wildcard and every other character matches itself:
 * `like('name', 'core-sw*')` finds names starting with `core-sw`.
 */
export function like(name: string, pattern: string): Comparison {
	return comparison(`${field(name)} like ${quoted(wildcardPattern(pattern))}`);
}

export function notLike(name: string, pattern: string): Comparison {
	return comparison(`${field(name)} not like ${quoted(wildcardPattern(pattern))}`);
}

/** Values starting with `prefix`, taken literally (a `*` in it is not a wildcard). */
export function startsWith(name: string, prefix: string): Comparison {
	return comparison(`${field(name)} like ${quoted(`${escapeLike(text(prefix))}*`)}`);
}

/** Values containing `part`, taken literally. */
export function contains(name: string, part: string): Comparison {
	return comparison(`${field(name)} contains ${quoted(escapeLike(text(part)))}`);
}

export function notContains(name: string, part: string): Comparison {
	return comparison(`${field(name)} not contains ${quoted(escapeLike(text(part)))}`);
}

/** `id in (1, 2)`; an empty list is a caller bug, not a query that matches nothing. */
export function isIn(name: string, values: ReadonlyArray<string | number>): Comparison {
	if (values.length === 0) throw new RangeError(`isIn(${name}) needs at least one value`);
	return comparison(`${field(name)} in (${values.map(literal).join(', ')})`);
}

function join(keyword: 'AND' | 'OR', operands: readonly Comparison[]): Condition {
	if (operands.length === 0) throw new RangeError(`${keyword} needs at least one comparison`);
	return operands.join(` ${keyword} `) as Condition;
}

/** `a AND b`: upper-case, as the Developer Guide writes it, and never in parentheses. */
export const and = (...operands: Comparison[]): Condition => join('AND', operands);
export const or = (...operands: Comparison[]): Condition => join('OR', operands);
