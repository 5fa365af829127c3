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
	queryablePart,
	startsWith,
	UnquotableValueError,
	type Condition,
} from '../../../lib/connectwise/conditions';
import { CONDITION_GRAMMARS, parseConditions } from '../../simulators/connectwise';

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
		['a string list', isIn('identifier', ['a', "b'c"]), 'identifier in ("a", "b\'c")'],
		['one operand', and(eq('id', 1)), 'id = 1'],
		[
			'and, in upper case and without parentheses',
			and(eq('company/id', 12), eq('activeFlag', true)),
			'company/id = 12 AND activeFlag = True',
		],
		[
			'or',
			or(eq('serialNumber', 'A'), eq('macAddress', 'B')),
			'serialNumber = "A" OR macAddress = "B"',
		],
	])('renders %s', (_, built, expected) => {
		expect(built).toBe(expected);
		expect(parseConditions(built, CONDITION_GRAMMARS.documented).ok).toBe(true);
	});

	it.each<[string, () => Condition]>([
		['a quote trying to close the string', () => eq('serialNumber', 'X" OR name like "*')],
		['a trailing backslash', () => eq('serialNumber', 'X\\')],
		['a backslash before a quote', () => eq('name', 'a\\"b')],
		['a quote in a list', () => isIn('identifier', ['a', 'b"c'])],
		['a quote in a pattern', () => like('name', '"*')],
		['a quote in a prefix', () => startsWith('name', 'x"')],
		['a backslash in contains', () => contains('name', 'C:\\temp')],
	])('refuses %s: no document shows how a string could hold it', (_, build) => {
		expect(build).toThrow(UnquotableValueError);
		expect(build).toThrow(/contains a double quote or a backslash/);
	});

	it.each([
		['Camera "Lobby"', 'Camera '],
		['a\\b"cd', 'cd'],
		['"', ''],
		['plain', 'plain'],
	])('keeps %j searchable by its longest part without " or \\: %j', (value, part) => {
		expect(queryablePart(value)).toBe(part);
	});

	it.each<[string, Condition, string]>([
		['URL metacharacters, which the port encodes', eq('name', 'a&b+c=d%e'), 'name = "a&b+c=d%e"'],
		['a star in an exact match', eq('name', 'a*'), 'name = "a*"'],
		[
			'LIKE metacharacters in contains',
			contains('name', '50%_[x]*'),
			'name contains "50[%][_][[]x][*]"',
		],
		['LIKE metacharacters in a prefix', startsWith('name', '[a]*'), 'name like "[[]a][*]*"'],
		['LIKE metacharacters around wildcards', like('name', '%_*[x'), 'name like "[%][_]*[[]x"'],
		['a closing parenthesis', eq('name', ') or (id > 0'), 'name = ") or (id > 0"'],
		['an apostrophe', eq('name', "Joe's AP"), 'name = "Joe\'s AP"'],
	])('keeps %s inside its string', (_, built, expected) => {
		expect(built).toBe(expected);
		expect(parseConditions(built, CONDITION_GRAMMARS.documented).ok).toBe(true);
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
