import type { CwConfiguration } from '../connectwise/schemas';

/** The order the sweeps ask ConnectWise for: by company, and within a company by id. */
export const companyThenIdOrder = 'company/id asc, id asc';

type Rows = (companyId: number) => Promise<CwConfiguration[]>;

/**
 * The configurations of many companies, read in sweeps ordered by company and then id, handed out
 * company by company as soon as every sweep has passed it: an agent is planned while the sweep's
 * later pages are still on their way. That a company's rows are complete rests on ConnectWise
 * honouring the order, which is known only when every sweep has ended (`inOrder`); until then
 * nothing planned from these rows may be written.
 */
export class OrderedSweeps {
	private readonly rows = new Map<number, CwConfiguration[]>();
	/** Per sweep: the company of its latest row (every lower company is complete in it). */
	private readonly reached: number[];
	private readonly latest: Array<{ companyId: number; id: number } | undefined>;
	private readonly waiting = new Map<number, Array<(rows: Promise<CwConfiguration[]>) => void>>();
	private ordered = true;
	private fallback?: Rows;

	constructor(sweeps: number) {
		this.reached = Array.from({ length: sweeps }, () => Number.NEGATIVE_INFINITY);
		this.latest = Array.from({ length: sweeps }, () => undefined);
	}

	/** Whether every row so far came in company-then-id order. */
	get inOrder(): boolean {
		return this.ordered;
	}

	/** A sweep's next page, pages in order. */
	take(sweep: number, page: readonly CwConfiguration[]): void {
		if (!this.ordered) return;
		for (const row of page) {
			const companyId = row.company?.id;
			if (companyId === undefined || companyId === null) continue;
			const latest = this.latest[sweep];
			if (
				latest &&
				(companyId < latest.companyId || (companyId === latest.companyId && row.id <= latest.id))
			) {
				// Rows already handed out may lack some: nothing more is handed out from these sweeps.
				this.ordered = false;
				return;
			}
			this.latest[sweep] = { companyId, id: row.id };
			this.rowsOfCompany(companyId).push(row);
		}
		this.reached[sweep] = this.latest[sweep]?.companyId ?? this.reached[sweep];
		this.release();
	}

	/** A sweep read its last page. */
	end(sweep: number): void {
		if (!this.ordered) return;
		this.reached[sweep] = Number.POSITIVE_INFINITY;
		this.release();
	}

	/** The company's rows once every sweep has passed it, or what `abandon`'s reader reads. */
	rowsOf(companyId: number): Promise<CwConfiguration[]> {
		if (this.fallback) return this.fallback(companyId);
		if (this.ordered && companyId < this.watermark()) {
			return Promise.resolve(this.rowsOfCompany(companyId));
		}
		return new Promise<CwConfiguration[]>((resolve) => {
			const waiters = this.waiting.get(companyId) ?? [];
			waiters.push(resolve);
			this.waiting.set(companyId, waiters);
		});
	}

	/**
	 * The sweeps cannot be used: every company not handed out yet, and every later ask, is read by
	 * `fallback`.
	 */
	abandon(fallback: Rows): void {
		this.fallback = fallback;
		for (const [companyId, waiters] of this.waiting) {
			const rows = fallback(companyId);
			for (const resolve of waiters) resolve(rows);
		}
		this.waiting.clear();
	}

	private watermark(): number {
		return Math.min(...this.reached);
	}

	private rowsOfCompany(companyId: number): CwConfiguration[] {
		let rows = this.rows.get(companyId);
		if (!rows) {
			rows = [];
			this.rows.set(companyId, rows);
		}
		return rows;
	}

	private release(): void {
		const watermark = this.watermark();
		for (const [companyId, waiters] of this.waiting) {
			if (companyId >= watermark) continue;
			const rows = Promise.resolve(this.rowsOfCompany(companyId));
			for (const resolve of waiters) resolve(rows);
			this.waiting.delete(companyId);
		}
	}
}
