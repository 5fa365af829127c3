import {
	and,
	compare,
	contains,
	eq,
	ge,
	gt,
	isIn,
	le,
	like,
	lt,
	ne,
	notContains,
	notLike,
	or,
	startsWith,
	type Condition,
} from '../../../lib/connectwise/conditions';

describe('ConnectWise conditions builder', () => {
	it.each<[string, Condition, string]>([
		['a number', eq('company/id', 12), 'company/id = 12'],
		['a negative decimal', gt('backupBillableSpaceGb', -1.5), 'backupBillableSpaceGb > -1.5'],
		['a string', eq('serialNumber', 'SN-1'), 'serialNumber = "SN-1"'],
		['a boolean', eq('activeFlag', true), 'activeFlag = True'],
		['false', ne('closedFlag', false), 'closedFlag != False'],
		['null', ne('value', null), 'value != null'],
		[
			'a datetime without milliseconds',
			ge('lastUpdated', new Date('2016-08-20T18:04:26.123Z')),
			'lastUpdated >= [2016-08-20T18:04:26Z]',
		],
		['less than', lt('id', 10), 'id < 10'],
		['at most', le('id', 10), 'id <= 10'],
		['an explicit operator', compare('type/name', '!=', 'Switch'), 'type/name != "Switch"'],
		['a prefix search', like('name', 'abc*'), 'name like "abc*"'],
		['a pattern with inner wildcards', like('name', '*core*sw'), 'name like "*core*sw"'],
		['a negated pattern', notLike('name', 'tmp*'), 'name not like "tmp*"'],
		['a literal prefix', startsWith('name', 'abc'), 'name like "abc*"'],
		['contains', contains('name', 'core'), 'name contains "core"'],
		['not contains', notContains('summary', 'Low Priority'), 'summary not contains "Low Priority"'],
		['a number list', isIn('id', [1, 2, 3]), 'id in (1, 2, 3)'],
		['a string list', isIn('identifier', ['a', 'b"c']), 'identifier in ("a", "b\\"c")'],
		['one operand', and(eq('id', 1)), 'id = 1'],
		[
			'and',
			and(eq('company/id', 12), eq('activeFlag', true)),
			'(company/id = 12 and activeFlag = True)',
		],
		[
			'or inside and',
			and(eq('company/id', 12), or(eq('serialNumber', 'A'), eq('macAddress', 'B'))),
			'(company/id = 12 and (serialNumber = "A" or macAddress = "B"))',
		],
	])('renders %s', (_, built, expected) => {
		expect(built).toBe(expected);
	});

	it.each<[string, Condition, string]>([
		[
			'a quote trying to close the string',
			eq('serialNumber', 'X" OR name like "*'),
			'serialNumber = "X\\" OR name like \\"*"',
		],
		['a trailing backslash', eq('serialNumber', 'X\\'), 'serialNumber = "X\\\\"'],
		['a backslash before a quote', eq('name', 'a\\"b'), 'name = "a\\\\\\"b"'],
		['URL metacharacters, which the port encodes', eq('name', 'a&b+c=d%e'), 'name = "a&b+c=d%e"'],
		['a star in an exact match', eq('name', 'a*'), 'name = "a*"'],
		[
			'LIKE metacharacters in contains',
			contains('name', '50%_[x]*'),
			'name contains "50[%][_][[]x][*]"',
		],
		['LIKE metacharacters in a prefix', startsWith('name', '[a]*'), 'name like "[[]a][*]*"'],
		['LIKE metacharacters around wildcards', like('name', '%_*[x'), 'name like "[%][_]*[[]x"'],
		[
			'a quote inside a LIKE pattern',
			contains('name', 'x" or id > "0'),
			'name contains "x\\" or id > \\"0"',
		],
		['a closing parenthesis', eq('name', ') or (id > 0'), 'name = ") or (id > 0"'],
	])('keeps %s inside its string', (_, built, expected) => {
		expect(built).toBe(expected);
	});

	it.each<[string, () => Condition]>([
		['NaN', () => eq('id', Number.NaN)],
		['Infinity', () => eq('id', Number.POSITIVE_INFINITY)],
		['an exponent', () => eq('id', 1e21)],
		['an invalid date', () => ge('lastUpdated', new Date('not a date'))],
		['an empty list', () => isIn('id', [])],
		['a NaN in a list', () => isIn('id', [1, Number.NaN])],
		['no operands', () => and()],
		['a field with spaces', () => eq('name = "x" or name', 'y')],
		['a field with a quote', () => eq('name"', 'y')],
		['a field with a parenthesis', () => eq('id)', 1)],
		['an empty field', () => eq('', 1)],
		['a field ending in a slash', () => eq('company/', 1)],
		['a non-string pattern', () => like('name', 5 as unknown as string)],
	])('rejects %s', (_, build) => {
		expect(build).toThrow(RangeError);
	});
});
