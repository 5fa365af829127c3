/**
 * The ConnectWise `conditions` query language (reference §2.5): a tokenizer, a parser that builds a
 * condition tree, and a compiler that turns the tree into a record predicate. How much beyond the
 * Developer Guide's own forms is read is a grammar ({@link CONDITION_GRAMMARS}).
 *
 * Evaluation follows SQL Server, which ConnectWise translates conditions into: string comparisons
 * ignore case (default collation), `like`/`contains` use LIKE patterns (`*` and `%` match any run,
 * `_` one character, `[…]` a character class, so `[[]` is a literal `[`), and a comparison against a
 * missing (null) field is *unknown*: it matches neither `x = "a"` nor `x != "a"` nor their negation.
 */

export type ConditionValue =
	| { kind: 'string'; value: string }
	| { kind: 'number'; value: number }
	| { kind: 'boolean'; value: boolean }
	| { kind: 'null' }
	| { kind: 'datetime'; value: number; text: string };

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like' | 'contains' | 'in';

export type Condition =
	| { kind: 'and'; operands: Condition[] }
	| { kind: 'or'; operands: Condition[] }
	| { kind: 'not'; operand: Condition }
	| {
			kind: 'comparison';
			path: string[];
			operator: ComparisonOperator;
			negated: boolean;
			values: ConditionValue[];
	  };

/**
 * What the parser reads besides the forms the Developer Guide shows (`field op value`, `AND`/`OR`
 * in either case, `field not like|contains|in`, `in (…)` lists). No document shows the others,
 * so whether ConnectWise reads them is an option of the simulator.
 */
export interface ConditionGrammar {
	/** Parentheses that group conditions, e.g. `a = 1 and (b = 2 or c = 3)`. */
	grouping: boolean;
	/** `not` in front of a comparison or a group. */
	leadingNot: boolean;
	/** `<>` for `!=`. */
	angleInequality: boolean;
	/** `\"` and `\\` inside a string; without them any backslash in a string is refused. */
	backslashEscapes: boolean;
	/** customFieldConditions other than `caption = "X" AND value <operator> "Y"`, e.g. with OR. */
	freeCustomFieldConditions: boolean;
}

export type ConditionGrammarName = 'documented' | 'lenient';

export const CONDITION_GRAMMARS: Readonly<Record<ConditionGrammarName, ConditionGrammar>> = {
	documented: {
		grouping: false,
		leadingNot: false,
		angleInequality: false,
		backslashEscapes: false,
		freeCustomFieldConditions: false,
	},
	lenient: {
		grouping: true,
		leadingNot: true,
		angleInequality: true,
		backslashEscapes: true,
		freeCustomFieldConditions: true,
	},
};

export type ParseResult =
	| { ok: true; condition: Condition }
	| { ok: false; message: string; position: number };

/** Reads one field of a record; `undefined` and `null` both mean "no value". */
export type FieldReader = (record: unknown) => unknown;

/** A field the server accepts in conditions but does not filter on: its comparisons hold. */
export const IGNORED_FIELD = 'ignored';

/**
 * Maps a condition path to a reader, `undefined` when the resource has no such field, or
 * {@link IGNORED_FIELD}.
 */
export type FieldResolver = (
	path: readonly string[],
) => FieldReader | typeof IGNORED_FIELD | undefined;

export type Predicate = (record: unknown) => boolean;

export type CompileResult = { ok: true; predicate: Predicate } | { ok: false; message: string };

type Token =
	| { type: 'word'; text: string; position: number }
	| { type: 'string'; value: string; position: number }
	| { type: 'number'; value: number; position: number }
	| { type: 'datetime'; text: string; position: number }
	| { type: 'operator'; text: string; position: number }
	| { type: '(' | ')' | ','; position: number }
	| { type: 'end'; position: number };

type TokenizeResult =
	| { ok: true; tokens: Token[] }
	| { ok: false; message: string; position: number };

const SYMBOL_OPERATORS = ['!=', '<=', '>=', '<>', '=', '<', '>'];
const WORD_PATTERN = /[A-Za-z_][A-Za-z0-9_]*(?:\/[A-Za-z_][A-Za-z0-9_]*)*/y;
const NUMBER_PATTERN = /-?\d+(?:\.\d+)?(?![A-Za-z_])/y;
const RESERVED_WORDS = new Set([
	'and',
	'or',
	'not',
	'like',
	'contains',
	'in',
	'true',
	'false',
	'null',
]);
const WORD_OPERATORS: Record<string, ComparisonOperator> = {
	like: 'like',
	contains: 'contains',
	in: 'in',
};
const LITERAL_WORDS: Record<string, ConditionValue> = {
	true: { kind: 'boolean', value: true },
	false: { kind: 'boolean', value: false },
	null: { kind: 'null' },
};

function tokenize(text: string, grammar: ConditionGrammar): TokenizeResult {
	const tokens: Token[] = [];
	let index = 0;
	while (index < text.length) {
		const character = text[index];
		if (/\s/.test(character)) {
			index += 1;
			continue;
		}
		const position = index;
		if (character === '(' || character === ')' || character === ',') {
			tokens.push({ type: character, position });
			index += 1;
			continue;
		}
		if (character === '"') {
			const read = readString(text, index, grammar);
			if ('failure' in read) return { ok: false, ...read.failure };
			tokens.push({ type: 'string', value: read.value, position });
			index = read.end;
			continue;
		}
		if (character === '[') {
			const close = text.indexOf(']', index);
			if (close === -1) return { ok: false, message: 'Unterminated [datetime] literal', position };
			tokens.push({ type: 'datetime', text: text.slice(index + 1, close).trim(), position });
			index = close + 1;
			continue;
		}
		const operator = SYMBOL_OPERATORS.find((candidate) => text.startsWith(candidate, index));
		if (operator === '<>' && !grammar.angleInequality) {
			return { ok: false, message: "'<>' is not a documented operator, use '!='", position };
		}
		if (operator) {
			tokens.push({ type: 'operator', text: operator === '<>' ? '!=' : operator, position });
			index += operator.length;
			continue;
		}
		const number = matchAt(NUMBER_PATTERN, text, index);
		if (number) {
			tokens.push({ type: 'number', value: Number(number), position });
			index += number.length;
			continue;
		}
		const word = matchAt(WORD_PATTERN, text, index);
		if (word) {
			tokens.push({ type: 'word', text: word, position });
			index += word.length;
			continue;
		}
		return { ok: false, message: `Unexpected character '${character}'`, position };
	}
	tokens.push({ type: 'end', position: text.length });
	return { ok: true, tokens };
}

function matchAt(pattern: RegExp, text: string, index: number): string | undefined {
	pattern.lastIndex = index;
	return pattern.exec(text)?.[0];
}

type StringRead =
	| { value: string; end: number }
	| { failure: { message: string; position: number } };

/**
 * Reads a double-quoted string. Where the grammar has escapes, only `\"` and `\\` are escapes
 * and other backslashes are literal; without them no backslash may appear.
 */
function readString(text: string, start: number, grammar: ConditionGrammar): StringRead {
	let value = '';
	let index = start + 1;
	while (index < text.length) {
		const character = text[index];
		if (character === '"') return { value, end: index + 1 };
		if (character === '\\' && !grammar.backslashEscapes) {
			return {
				failure: {
					message: 'A backslash inside a string value is not a documented form',
					position: index,
				},
			};
		}
		const next = text[index + 1];
		if (character === '\\' && (next === '"' || next === '\\')) {
			value += next;
			index += 2;
			continue;
		}
		value += character;
		index += 1;
	}
	return { failure: { message: 'Unterminated string literal', position: start } };
}

class SyntaxFailure {
	constructor(
		readonly message: string,
		readonly position: number,
	) {}
}

/** Recursive descent; OR binds looser than AND, and keywords are case-insensitive. */
class Parser {
	private index = 0;

	constructor(
		private readonly tokens: Token[],
		private readonly grammar: ConditionGrammar,
	) {}

	parse(): Condition {
		const condition = this.parseOr();
		const trailing = this.peek();
		if (trailing.type !== 'end') throw this.failure(`Unexpected ${describe(trailing)}`, trailing);
		return condition;
	}

	private parseOr(): Condition {
		const operands = [this.parseAnd()];
		while (this.acceptWord('or')) operands.push(this.parseAnd());
		return operands.length === 1 ? operands[0] : { kind: 'or', operands };
	}

	private parseAnd(): Condition {
		const operands = [this.parseUnary()];
		while (this.acceptWord('and')) operands.push(this.parseUnary());
		return operands.length === 1 ? operands[0] : { kind: 'and', operands };
	}

	private parseUnary(): Condition {
		const token = this.peek();
		if (this.acceptWord('not')) {
			if (!this.grammar.leadingNot) {
				throw this.failure("'not' belongs between a field and like, contains or in", token);
			}
			return { kind: 'not', operand: this.parseUnary() };
		}
		if (token.type === '(') {
			if (!this.grammar.grouping) {
				throw this.failure('Parentheses may only hold the list of an in', token);
			}
			this.index += 1;
			const inner = this.parseOr();
			const close = this.peek();
			if (close.type !== ')')
				throw this.failure(`Expected ')' but found ${describe(close)}`, close);
			this.index += 1;
			return inner;
		}
		return this.parseComparison();
	}

	private parseComparison(): Condition {
		const field = this.peek();
		if (field.type !== 'word' || RESERVED_WORDS.has(field.text.toLowerCase())) {
			throw this.failure(`Expected a field name but found ${describe(field)}`, field);
		}
		this.index += 1;
		const negated = this.acceptWord('not');
		const operatorToken = this.peek();
		const operator = operatorOf(operatorToken);
		if (!operator || (negated && !['like', 'contains', 'in'].includes(operator))) {
			throw this.failure(
				`Expected an operator after '${field.text}' but found ${describe(operatorToken)}`,
				operatorToken,
			);
		}
		this.index += 1;
		const values = operator === 'in' ? this.parseValueList() : [this.parseValue()];
		this.checkOperand(operator, values, operatorToken);
		return { kind: 'comparison', path: field.text.split('/'), operator, negated, values };
	}

	private checkOperand(operator: ComparisonOperator, values: ConditionValue[], at: Token): void {
		if ((operator === 'like' || operator === 'contains') && values[0].kind !== 'string') {
			throw this.failure(`'${operator}' needs a double-quoted string`, at);
		}
		const comparesNull = values.some((value) => value.kind === 'null');
		if (comparesNull && operator !== '=' && operator !== '!=' && operator !== 'in') {
			throw this.failure(`'${operator}' cannot compare with null`, at);
		}
	}

	private parseValueList(): ConditionValue[] {
		const open = this.peek();
		if (open.type !== '(')
			throw this.failure(`Expected '(' after 'in' but found ${describe(open)}`, open);
		this.index += 1;
		const values = [this.parseValue()];
		while (this.peek().type === ',') {
			this.index += 1;
			values.push(this.parseValue());
		}
		const close = this.peek();
		if (close.type !== ')') throw this.failure(`Expected ')' but found ${describe(close)}`, close);
		this.index += 1;
		return values;
	}

	private parseValue(): ConditionValue {
		const token = this.peek();
		this.index += 1;
		if (token.type === 'string') return { kind: 'string', value: token.value };
		if (token.type === 'number') return { kind: 'number', value: token.value };
		if (token.type === 'datetime') {
			const value = Date.parse(token.text);
			if (Number.isNaN(value)) throw this.failure(`Invalid datetime [${token.text}]`, token);
			return { kind: 'datetime', value, text: token.text };
		}
		const literal = token.type === 'word' ? LITERAL_WORDS[token.text.toLowerCase()] : undefined;
		if (literal) return literal;
		throw this.failure(`Expected a value but found ${describe(token)}`, token);
	}

	private acceptWord(word: string): boolean {
		const token = this.peek();
		if (token.type !== 'word' || token.text.toLowerCase() !== word) return false;
		this.index += 1;
		return true;
	}

	private peek(): Token {
		return this.tokens[this.index];
	}

	private failure(message: string, token: Token): SyntaxFailure {
		return new SyntaxFailure(`${message} at position ${token.position + 1}`, token.position);
	}
}

function operatorOf(token: Token): ComparisonOperator | undefined {
	if (token.type === 'operator') return token.text as ComparisonOperator;
	if (token.type === 'word') return WORD_OPERATORS[token.text.toLowerCase()];
	return undefined;
}

function describe(token: Token): string {
	switch (token.type) {
		case 'end':
			return 'the end of the conditions';
		case 'word':
			return `'${token.text}'`;
		case 'string':
			return `string "${token.value}"`;
		case 'number':
			return `number ${token.value}`;
		case 'datetime':
			return `[${token.text}]`;
		case 'operator':
			return `'${token.text}'`;
		default:
			return `'${token.type}'`;
	}
}

export function parseConditions(
	text: string,
	grammar: ConditionGrammar = CONDITION_GRAMMARS.documented,
): ParseResult {
	const tokenized = tokenize(text, grammar);
	if (!tokenized.ok) {
		return {
			ok: false,
			message: `${tokenized.message} at position ${tokenized.position + 1}`,
			position: tokenized.position,
		};
	}
	try {
		return { ok: true, condition: new Parser(tokenized.tokens, grammar).parse() };
	} catch (error) {
		if (error instanceof SyntaxFailure) {
			return { ok: false, message: error.message, position: error.position };
		}
		return { ok: false, message: String(error), position: 0 };
	}
}

/** Three-valued (SQL) truth: `undefined` is *unknown*. */
type Truth = boolean | undefined;
type Evaluator = (record: unknown) => Truth;
type ValueTest = (fieldValue: unknown) => Truth;

/** Parses and compiles in one step, resolving every field path through `resolveField`. */
export function compileConditions(
	text: string,
	resolveField: FieldResolver,
	grammar: ConditionGrammar = CONDITION_GRAMMARS.documented,
): CompileResult {
	const parsed = parseConditions(text, grammar);
	if (!parsed.ok) return { ok: false, message: parsed.message };
	return compileCondition(parsed.condition, resolveField);
}

const CUSTOM_FIELD_FORM =
	'customFieldConditions take the documented form caption = "X" AND value <operator> "Y"';

/**
 * Why customFieldConditions are not in the documented form `caption = "X" AND value <op> "Y"`
 * (the value may also be compared with null; `in` is not an operator of custom fields).
 */
export function customFieldFormProblem(condition: Condition): string | undefined {
	if (condition.kind !== 'and' || condition.operands.length !== 2) return CUSTOM_FIELD_FORM;
	const [caption, value] = condition.operands;
	const captionHolds =
		isComparisonOf(caption, 'caption') &&
		caption.operator === '=' &&
		!caption.negated &&
		caption.values[0].kind === 'string';
	const valueHolds =
		isComparisonOf(value, 'value') &&
		value.operator !== 'in' &&
		(value.values[0].kind === 'string' || value.values[0].kind === 'null');
	return captionHolds && valueHolds ? undefined : CUSTOM_FIELD_FORM;
}

function isComparisonOf(
	condition: Condition,
	field: string,
): condition is Extract<Condition, { kind: 'comparison' }> {
	return (
		condition.kind === 'comparison' &&
		condition.path.length === 1 &&
		condition.path[0].toLowerCase() === field
	);
}

export function compileCondition(condition: Condition, resolveField: FieldResolver): CompileResult {
	const unknownFields: string[] = [];
	const evaluate = compileNode(condition, resolveField, unknownFields);
	if (unknownFields.length > 0) {
		return { ok: false, message: `Unknown field '${unknownFields[0]}' in conditions` };
	}
	return { ok: true, predicate: (record) => evaluate(record) === true };
}

function compileNode(
	condition: Condition,
	resolveField: FieldResolver,
	unknownFields: string[],
): Evaluator {
	switch (condition.kind) {
		case 'and': {
			const operands = condition.operands.map((operand) =>
				compileNode(operand, resolveField, unknownFields),
			);
			return (record) => {
				let result: Truth = true;
				for (const operand of operands) {
					const value = operand(record);
					if (value === false) return false;
					if (value === undefined) result = undefined;
				}
				return result;
			};
		}
		case 'or': {
			const operands = condition.operands.map((operand) =>
				compileNode(operand, resolveField, unknownFields),
			);
			return (record) => {
				let result: Truth = false;
				for (const operand of operands) {
					const value = operand(record);
					if (value === true) return true;
					if (value === undefined) result = undefined;
				}
				return result;
			};
		}
		case 'not': {
			const operand = compileNode(condition.operand, resolveField, unknownFields);
			return (record) => {
				const value = operand(record);
				return value === undefined ? undefined : !value;
			};
		}
		case 'comparison': {
			const read = resolveField(condition.path);
			if (!read) {
				unknownFields.push(condition.path.join('/'));
				return () => undefined;
			}
			if (read === IGNORED_FIELD) return () => true;
			const test = valueTest(condition);
			return (record) => test(read(record));
		}
	}
}

function valueTest(comparison: Extract<Condition, { kind: 'comparison' }>): ValueTest {
	const { operator, negated, values } = comparison;
	const positive = positiveTest(operator, values);
	if (!negated) return positive;
	return (fieldValue) => {
		const result = positive(fieldValue);
		return result === undefined ? undefined : !result;
	};
}

const ORDERINGS: Record<'=' | '!=' | '<' | '<=' | '>' | '>=', (order: number) => boolean> = {
	'=': (order) => order === 0,
	'!=': (order) => order !== 0,
	'<': (order) => order < 0,
	'<=': (order) => order <= 0,
	'>': (order) => order > 0,
	'>=': (order) => order >= 0,
};

function positiveTest(operator: ComparisonOperator, values: ConditionValue[]): ValueTest {
	if (operator === 'like' || operator === 'contains') {
		const text = (values[0] as { value: string }).value;
		const pattern = likePattern(operator === 'contains' ? `*${text}*` : text);
		return (fieldValue) => (isMissing(fieldValue) ? undefined : pattern.test(String(fieldValue)));
	}
	if (operator === 'in') {
		if (values.length > 0 && values.every((value) => value.kind === 'string')) {
			return textMembership(values as Array<{ kind: 'string'; value: string }>);
		}
		const tests = values.map((value) => positiveTest('=', [value]));
		return (fieldValue) => {
			let result: Truth = false;
			for (const test of tests) {
				const value = test(fieldValue);
				if (value === true) return true;
				if (value === undefined) result = undefined;
			}
			return result;
		};
	}
	const literal = values[0];
	if (literal.kind === 'null') {
		return operator === '='
			? (fieldValue) => isMissing(fieldValue)
			: (fieldValue) => !isMissing(fieldValue);
	}
	const accepts = ORDERINGS[operator];
	const order = orderAgainst(literal);
	return (fieldValue) => {
		if (isMissing(fieldValue)) return undefined;
		const result = order(fieldValue);
		return result === undefined ? undefined : accepts(result);
	};
}

/**
 * `in` over text literals, as the `=` of each literal would decide it but with one lookup: a
 * number equals a numeric literal by value and any other literal by its text; other values compare
 * as lower-cased text; a missing value or an object is unknown against every literal.
 */
function textMembership(literals: ReadonlyArray<{ value: string }>): ValueTest {
	const numbers = new Set<number>();
	const texts = new Set<string>();
	const nonNumericTexts = new Set<string>();
	for (const { value } of literals) {
		const lowered = value.toLowerCase();
		texts.add(lowered);
		const numeric = numericText(value);
		if (numeric === undefined) nonNumericTexts.add(lowered);
		else numbers.add(numeric);
	}
	return (fieldValue) => {
		if (isMissing(fieldValue) || typeof fieldValue === 'object') return undefined;
		if (typeof fieldValue === 'number') {
			return numbers.has(fieldValue) || nonNumericTexts.has(String(fieldValue).toLowerCase());
		}
		return texts.has(String(fieldValue).toLowerCase());
	};
}

function isMissing(value: unknown): boolean {
	return value === undefined || value === null;
}

/** Returns how a field value orders against the literal, or `undefined` when incomparable. */
function orderAgainst(
	literal: Exclude<ConditionValue, { kind: 'null' }>,
): (value: unknown) => number | undefined {
	switch (literal.kind) {
		case 'number':
			return (value) => {
				const number = typeof value === 'number' ? value : numericText(value);
				return number === undefined ? undefined : Math.sign(number - literal.value);
			};
		case 'string': {
			const lowered = literal.value.toLowerCase();
			const numeric = numericText(literal.value);
			return (value) => {
				if (typeof value === 'number' && numeric !== undefined) return Math.sign(value - numeric);
				if (typeof value === 'object') return undefined;
				return compareText(String(value).toLowerCase(), lowered);
			};
		}
		case 'boolean':
			return (value) => {
				const flag = typeof value === 'boolean' ? value : booleanText(value);
				return flag === undefined ? undefined : Number(flag) - Number(literal.value);
			};
		case 'datetime':
			return (value) => {
				if (typeof value !== 'string') return undefined;
				const time = Date.parse(value);
				return Number.isNaN(time) ? undefined : Math.sign(time - literal.value);
			};
	}
}

function numericText(value: unknown): number | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const number = Number(value);
	return Number.isFinite(number) ? number : undefined;
}

function booleanText(value: unknown): boolean | undefined {
	if (typeof value !== 'string') return undefined;
	const lowered = value.toLowerCase();
	if (lowered === 'true') return true;
	if (lowered === 'false') return false;
	return undefined;
}

function compareText(left: string, right: string): number {
	if (left === right) return 0;
	return left < right ? -1 : 1;
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/-]/g;

function escapeRegex(text: string): string {
	return text.replace(REGEX_SPECIAL, '\\$&');
}

/**
 * Translates a SQL LIKE pattern (with ConnectWise's `*` wildcard) into an anchored, case-insensitive
 * regular expression. An unterminated or empty `[` is taken literally.
 */
export function likePattern(pattern: string): RegExp {
	let source = '';
	let index = 0;
	while (index < pattern.length) {
		const character = pattern[index];
		if (character === '*' || character === '%') {
			source += '[\\s\\S]*';
		} else if (character === '_') {
			source += '[\\s\\S]';
		} else if (character === '[') {
			const close = pattern.indexOf(']', index + 2);
			if (close === -1) {
				source += '\\[';
			} else {
				source += characterClass(pattern.slice(index + 1, close));
				index = close;
			}
		} else {
			source += escapeRegex(character);
		}
		index += 1;
	}
	return new RegExp(`^${source}$`, 'i');
}

/** `[abc]`, `[a-z]`, `[^a]` as in SQL Server; `[[]`, `[*]`, `[%]`, `[_]` are the escapes. */
function characterClass(body: string): string {
	const negated = body.length > 1 && body.startsWith('^');
	const members = negated ? body.slice(1) : body;
	let source = '';
	let index = 0;
	while (index < members.length) {
		const isRange = members[index + 1] === '-' && index + 2 < members.length;
		if (isRange) {
			source += `${escapeRegex(members[index])}-${escapeRegex(members[index + 2])}`;
			index += 3;
		} else {
			source += escapeRegex(members[index]);
			index += 1;
		}
	}
	return `[${negated ? '^' : ''}${source}]`;
}

/**
 * The default field reader: walks `a/b/c` through nested objects, matching keys without regard to
 * case, and remembers the spelling it found so that the next record costs one property lookup.
 */
export function caseInsensitiveReader(path: readonly string[]): FieldReader {
	const lowered = path.map((segment) => segment.toLowerCase());
	const spellings: Array<string | undefined> = lowered.map(() => undefined);
	return (record) => {
		let current: unknown = record;
		for (let depth = 0; depth < lowered.length; depth += 1) {
			if (current === null || typeof current !== 'object' || Array.isArray(current))
				return undefined;
			const object = current as Record<string, unknown>;
			let key = spellings[depth];
			if (key === undefined || !(key in object)) {
				key = Object.keys(object).find((candidate) => candidate.toLowerCase() === lowered[depth]);
				if (key === undefined) return undefined;
				spellings[depth] = key;
			}
			current = object[key];
		}
		return current;
	};
}
