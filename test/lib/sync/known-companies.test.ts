import type { CwConfiguration } from '../../../lib/connectwise/schemas';
import {
	companiesToKeep,
	parseKnownCompanies,
	vouchedCompany,
} from '../../../lib/sync/known-companies';

const row = (id: number, company: { id: number; identifier?: string; name?: string }) =>
	({ id, company }) as CwConfiguration;

const harbour = { id: 50, identifier: 'HARBOUR', name: 'Harbour Dental' };

describe('vouchedCompany', () => {
	it.each([
		['no configuration', [], undefined],
		['configurations naming the Customer ID', [row(1, harbour), row(2, harbour)], harbour],
		[
			'the identifier in another case',
			[row(1, { ...harbour, identifier: 'harbour ' })],
			{ ...harbour, identifier: 'harbour ' },
		],
		[
			'the company now under another identifier',
			[row(1, { ...harbour, identifier: 'OLD' })],
			undefined,
		],
		[
			'one configuration naming another identifier',
			[row(1, harbour), row(2, { ...harbour, identifier: 'OLD' })],
			undefined,
		],
		[
			'configurations of two companies',
			[row(1, harbour), row(2, { ...harbour, id: 51 })],
			undefined,
		],
		['a company without its identifier', [row(1, { id: 50 })], undefined],
	])('with %s', (_case, rows, expected) => {
		expect(vouchedCompany('Harbour', rows)).toEqual(expected);
	});
});

describe('what a run keeps', () => {
	it('only the companies that have configurations, by Customer ID without case', () => {
		expect(
			companiesToKeep([
				{ company: harbour, hasConfigurations: true },
				{ company: { id: 60, identifier: 'EMPTY', name: 'Empty Co' }, hasConfigurations: false },
			]),
		).toEqual({ harbour });
	});

	it.each([
		['nothing', undefined],
		['another shape', { harbour: { id: '50' } }],
		['a list', [harbour]],
	])('reads %s as none kept', (_case, stored) => {
		expect(parseKnownCompanies(stored)).toEqual({});
	});

	it('reads what it keeps', () => {
		expect(parseKnownCompanies({ harbour })).toEqual({ harbour });
	});
});
