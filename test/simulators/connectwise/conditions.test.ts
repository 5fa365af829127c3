import {
	caseInsensitiveReader,
	compileConditions,
	CONDITION_GRAMMARS,
	customFieldFormProblem,
	likePattern,
	parseConditions,
	type ConditionGrammar,
	type FieldResolver,
} from './conditions';

const RECORDS = [
	{
		id: 1,
		name: 'Core Switch',
		serialNumber: 'SN-001',
		company: { id: 2, name: 'Acme' },
		type: { name: 'Switch' },
		activeFlag: true,
		ram: '16',
		backupYear: 2024,
		_info: { lastUpdated: '2024-01-01T00:00:00Z' },
	},
	{
		id: 2,
		name: 'core router',
		serialNumber: 'X" OR name like "*',
		company: { id: 3 },
		type: { name: 'Router' },
		activeFlag: false,
		backupYear: 2023,
		_info: { lastUpdated: '2025-06-01T12:00:00Z' },
	},
	{
		id: 3,
		name: 'Printer [2nd floor]',
		serialNumber: '100%_done',
		notes: 'a*b',
		company: { id: 2 },
		type: { name: 'Printer' },
		activeFlag: true,
		_info: { lastUpdated: '2024-03-01T00:00:00Z' },
	},
	{
		id: 4,
		name: 'AP & Guest + Wifi',
		serialNumber: 'C:\\temp',
		notes: 'axxb',
		company: { id: 4 },
		type: { name: 'Wireless Access Point' },
		activeFlag: true,
		backupYear: 2025,
		_info: { lastUpdated: '2024-02-01T00:00:00Z' },
	},
	{
		id: 5,
		name: 'Camera "Lobby"',
		company: { id: 2 },
		type: { name: 'IP Camera' },
		activeFlag: true,
		_info: { lastUpdated: '2024-02-01T00:00:00Z' },
	},
];

const anyField: FieldResolver = (path) => caseInsensitiveReader(path);

function matchingIds(
	conditions: string,
	grammar: ConditionGrammar = CONDITION_GRAMMARS.documented,
): number[] {
	const compiled = compileConditions(conditions, anyField, grammar);
	if (!compiled.ok) throw new Error(compiled.message);
	return RECORDS.filter((record) => compiled.predicate(record)).map((record) => record.id);
}

describe('conditions evaluation', () => {
	it.each<[string, number[]]>([
		['name = "Core Switch"', [1]],
		['NAME = "core switch"', [1]],
		['name != "Core Switch"', [2, 3, 4, 5]],
		['serialNumber != "SN-001"', [2, 3, 4]],
		['company/id = 2', [1, 3, 5]],
		['Company/ID = 2 and activeFlag = True', [1, 3, 5]],
		['company/id = 2 AND type/name = "Switch" OR company/id = 4', [1, 4]],
		['company/id = 4 OR company/id = 2 AND type/name = "Switch"', [1, 4]],
		['company/id in (3, 4)', [2, 4]],
		['type/name in ("Switch","Router")', [1, 2]],
		['company/id not in (2)', [2, 4]],
		['name like "core*"', [1, 2]],
		['name like "%switch"', [1]],
		['name like "cor_ s*"', [1]],
		['name contains "router"', [2]],
		['name not contains "core"', [3, 4, 5]],
		['name not like "core*"', [3, 4, 5]],
		['name like "Printer [[]2nd*"', [3]],
		['name like "Printer [2nd floor]"', []],
		['serialNumber like "100[%][_]done"', [3]],
		['serialNumber like "100%"', [3]],
		['notes like "a[*]b"', [3]],
		['notes like "a*b"', [3, 4]],
		['name contains "&"', [4]],
		['name contains "+"', [4]],
		['backupYear >= 2024', [1, 4]],
		['backupYear < 2024', [2]],
		['backupYear > 2023.5', [1, 4]],
		['backupYear <= -1', []],
		['activeFlag = false', [2]],
		['serialNumber = null', [5]],
		['serialNumber != null', [1, 2, 3, 4]],
		['_info/lastUpdated > [2025-01-01T00:00:00Z]', [2]],
		[
			'_info/lastUpdated >= [2024-02-01T00:00:00Z] and _info/lastUpdated < [2024-03-01T00:00:00Z]',
			[4, 5],
		],
		['ram = 16', [1]],
		['ram = "16"', [1]],
		['Name Like "CORE*" Or Name Contains "guest"', [1, 2, 4]],
		['name = "Core Switch" oR name = "core router"', [1, 2]],
		['nosuchfield = "x"', []],
		['nosuchfield != "x"', []],
	])('%s', (conditions, expected) => {
		expect(matchingIds(conditions)).toEqual(expected);
	});
});

describe('conditions evaluation in the lenient reading', () => {
	it.each<[string, number[]]>([
		['company/id = 2 AND (type/name = "Switch" OR type/name = "Printer")', [1, 3]],
		['((company/id = 3))', [2]],
		['serialNumber = "X\\" OR name like \\"*"', [2]],
		['serialNumber = "C:\\\\temp"', [4]],
		['serialNumber = "C:\\temp"', [4]],
		['name = "Camera \\"Lobby\\""', [5]],
		['not (company/id = 2)', [2, 4]],
		['not serialNumber = "SN-001"', [2, 3, 4]],
		['name <> "Core Switch"', [2, 3, 4, 5]],
	])('%s', (conditions, expected) => {
		expect(matchingIds(conditions, CONDITION_GRAMMARS.lenient)).toEqual(expected);
	});
});

describe('the documented grammar', () => {
	it.each<[string, string, number]>([
		[
			'company/id = 2 AND (type/name = "Switch")',
			'Parentheses may only hold the list of an in',
			20,
		],
		['(company/id = 3)', 'Parentheses may only hold the list of an in', 1],
		['serialNumber = "C:\\temp"', 'A backslash inside a string value is not a documented form', 19],
		[
			'name = "Camera \\"Lobby\\""',
			'A backslash inside a string value is not a documented form',
			16,
		],
		['not serialNumber = "SN-001"', "'not' belongs between a field and like, contains or in", 1],
		['name <> "x"', "'<>' is not a documented operator, use '!='", 6],
	])('refuses %s', (conditions, message, position) => {
		expect(parseConditions(conditions)).toEqual({
			ok: false,
			message: `${message} at position ${position}`,
			position: position - 1,
		});
	});

	it.each([
		'company/id in (3, 4) and name not like "x*"',
		'name contains "core" OR serialNumber != null AND backupYear >= 2024',
		'lastUpdated > [2016-08-20T18:04:26Z]',
	])('reads %s', (conditions) => {
		expect(parseConditions(conditions).ok).toBe(true);
	});

	it.each<[string, boolean]>([
		['caption = "Domotz Link" AND value like "domotz:1/2*"', true],
		['caption="Domotz ID" and value != null', true],
		['caption = "X" AND value not contains "y"', true],
		['value = "y" AND caption = "X"', false],
		['caption = "X"', false],
		['caption = "X" AND value = "y" OR value = "z"', false],
		['caption = "X" AND value in ("y", "z")', false],
		['caption like "X*" AND value = "y"', false],
	])('reads customFieldConditions %s as documented: %s', (text, documented) => {
		const parsed = parseConditions(text);
		if (!parsed.ok) throw new Error(parsed.message);
		expect(customFieldFormProblem(parsed.condition) === undefined).toBe(documented);
	});
});

describe('conditions syntax errors', () => {
	it.each<[string, string]>([
		['name =', 'Expected a value but found the end of the conditions at position 7'],
		['name "x"', 'Expected an operator'],
		['name = "unterminated', 'Unterminated string literal at position 8'],
		['name = "x" AND', 'Expected a field name'],
		['lastUpdated > [not a date]', 'Invalid datetime [not a date]'],
		['lastUpdated > [2024-01-01', 'Unterminated [datetime]'],
		['name like 5', "'like' needs a double-quoted string"],
		['name < null', "'<' cannot compare with null"],
		['name = "x" extra', "Unexpected 'extra'"],
		["name = 'single'", "Unexpected character '''"],
		['name not = "x"', 'Expected an operator'],
		['name in "x"', "Expected '(' after 'in'"],
		['and = 1', 'Expected a field name'],
		['name = "a",', "Unexpected ','"],
	])('%s', (conditions, message) => {
		const parsed = parseConditions(conditions);
		expect(parsed.ok).toBe(false);
		expect(parsed.ok ? '' : parsed.message).toContain(message);
	});

	it('reports an unclosed group in the lenient reading', () => {
		const parsed = parseConditions('(name = "x"', CONDITION_GRAMMARS.lenient);
		expect(parsed.ok ? '' : parsed.message).toContain("Expected ')'");
	});

	it('reports an unknown field when the resolver does not know it', () => {
		const known: FieldResolver = (path) =>
			path[0].toLowerCase() === 'name' ? caseInsensitiveReader(path) : undefined;
		expect(compileConditions('name = "a" or colour = "red"', known)).toEqual({
			ok: false,
			message: "Unknown field 'colour' in conditions",
		});
	});
});

describe('conditions tree', () => {
	it('binds AND tighter than OR and keeps paths split', () => {
		expect(parseConditions('a = 1 or b/id = 2 and c like "x*"')).toEqual({
			ok: true,
			condition: {
				kind: 'or',
				operands: [
					{
						kind: 'comparison',
						path: ['a'],
						operator: '=',
						negated: false,
						values: [{ kind: 'number', value: 1 }],
					},
					{
						kind: 'and',
						operands: [
							{
								kind: 'comparison',
								path: ['b', 'id'],
								operator: '=',
								negated: false,
								values: [{ kind: 'number', value: 2 }],
							},
							{
								kind: 'comparison',
								path: ['c'],
								operator: 'like',
								negated: false,
								values: [{ kind: 'string', value: 'x*' }],
							},
						],
					},
				],
			},
		});
	});

	it('reads <> as != and unescapes only \\" and \\\\ in the lenient reading', () => {
		expect(parseConditions('a <> "q\\"\\\\\\n"', CONDITION_GRAMMARS.lenient)).toEqual({
			ok: true,
			condition: {
				kind: 'comparison',
				path: ['a'],
				operator: '!=',
				negated: false,
				values: [{ kind: 'string', value: 'q"\\\\n' }],
			},
		});
	});
});

describe('likePattern', () => {
	it.each<[string, string, boolean]>([
		['abc', 'ABC', true],
		['a*', 'a\nb', true],
		['a_c', 'abc', true],
		['a_c', 'ac', false],
		['[abc]x', 'bx', true],
		['[a-c]x', 'dx', false],
		['[^a]x', 'bx', true],
		['[^a]x', 'ax', false],
		['[[]x]', '[x]', true],
		['a[*]', 'a*', true],
		['a[*]', 'ab', false],
		['a[%]', 'a%', true],
		['a[_]', 'ab', false],
		['a.b', 'axb', false],
		['(a)', '(a)', true],
		['a[', 'a[', true],
		['a[]', 'a[]', true],
	])('%s against %j is %s', (pattern, text, expected) => {
		expect(likePattern(pattern).test(text)).toBe(expected);
	});
});
