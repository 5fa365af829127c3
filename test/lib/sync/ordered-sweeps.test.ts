import type { CwConfiguration } from '../../../lib/connectwise/schemas';
import { OrderedSweeps } from '../../../lib/sync/ordered-sweeps';
import { settledNow } from './support';

const row = (id: number, companyId: number | null): CwConfiguration =>
	({
		id,
		name: `c${id}`,
		company: companyId === null ? null : { id: companyId },
	}) as CwConfiguration;

const ids = (rows: readonly CwConfiguration[]) => rows.map((configuration) => configuration.id);

describe('OrderedSweeps', () => {
	it('hands a company out once the sweep has passed it, before the sweep ends', async () => {
		const sweeps = new OrderedSweeps(1);
		const first = sweeps.rowsOf(501);
		const second = sweeps.rowsOf(502);
		sweeps.take(0, [row(1, 501), row(7, 501), row(2, 502)]);
		expect(ids((await settledNow(first)) as CwConfiguration[])).toEqual([1, 7]);
		expect(await settledNow(second)).toBe('pending');
		sweeps.take(0, [row(3, 502), row(4, 503)]);
		expect(ids((await settledNow(second)) as CwConfiguration[])).toEqual([2, 3]);
		expect(sweeps.inOrder).toBe(true);
	});

	it('hands out a company the sweep passed without rows as having none, and the rest at the end', async () => {
		const sweeps = new OrderedSweeps(1);
		sweeps.take(0, [row(1, 501), row(2, 503)]);
		expect(await settledNow(sweeps.rowsOf(502))).toEqual([]);
		const last = sweeps.rowsOf(503);
		const absent = sweeps.rowsOf(900);
		expect(await settledNow(last)).toBe('pending');
		sweeps.end(0);
		expect(ids(await last)).toEqual([2]);
		expect(await absent).toEqual([]);
	});

	it('waits for every sweep to pass a company', async () => {
		const sweeps = new OrderedSweeps(2);
		const wanted = sweeps.rowsOf(501);
		sweeps.take(0, [row(1, 501), row(2, 502)]);
		expect(await settledNow(wanted)).toBe('pending');
		sweeps.take(1, [row(5, 600)]);
		expect(ids(await wanted)).toEqual([1]);
	});

	it('keeps rows without a company out of every company and out of the order check', async () => {
		const sweeps = new OrderedSweeps(1);
		sweeps.take(0, [row(9, null), row(1, 501), row(8, null), row(2, 501)]);
		sweeps.end(0);
		expect(ids(await sweeps.rowsOf(501))).toEqual([1, 2]);
		expect(sweeps.inOrder).toBe(true);
	});

	it.each([
		['a lower company', [row(1, 502), row(2, 501)]],
		['a lower id within a company', [row(5, 501), row(4, 501)]],
		['the same row twice', [row(5, 501), row(5, 501)]],
	])('stops handing out on %s and serves every later ask from the fallback', async (_, page) => {
		const sweeps = new OrderedSweeps(1);
		const waiting = sweeps.rowsOf(501);
		sweeps.take(0, page);
		sweeps.end(0);
		expect(sweeps.inOrder).toBe(false);
		expect(await settledNow(waiting)).toBe('pending');
		const fallback = jest.fn(async (companyId: number) => [row(100 + companyId, companyId)]);
		sweeps.abandon(fallback);
		expect(ids(await waiting)).toEqual([601]);
		expect(ids(await sweeps.rowsOf(502))).toEqual([602]);
		expect(fallback.mock.calls).toEqual([[501], [502]]);
	});

	it('adds nothing to a company it handed out when a later page breaks the order', async () => {
		const sweeps = new OrderedSweeps(1);
		sweeps.take(0, [row(1, 501), row(2, 502)]);
		const handedOut = await sweeps.rowsOf(501);
		sweeps.take(0, [row(3, 501)]);
		expect(sweeps.inOrder).toBe(false);
		expect(ids(handedOut)).toEqual([1]);
	});
});
