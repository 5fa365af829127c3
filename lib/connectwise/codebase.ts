/**
 * The codebase of a ConnectWise PSA tenant (`v2025_1/`), the path segment its REST API lives
 * under: as configured, or discovered from the login screen's company info.
 */
import { ApiError, SetupError } from '../http/errors';
import type { RequestExecutor } from '../http/executor';
import type { RetryPolicy } from '../http/retry';
import { connectWiseRetryPolicy } from './request-policy';
import { cwCompanyInfoSchema } from './schemas';

/** The router codebase: every tenant answers on it, cloud ones by redirecting to their version. */
export const fallbackCodebase = 'v4_6_release/';

const codebasePattern = /^[A-Za-z0-9_.-]+\/$/;

/** Discovery is an optimisation with a fallback: one attempt, no retries. */
const singleAttempt: RetryPolicy = { ...connectWiseRetryPolicy, maxAttempts: 1 };

type CodebaseReading =
	| { kind: 'found'; codebase: string }
	| { kind: 'unknownCompany' }
	| { kind: 'unreadable' };

function normaliseCodebase(codebase: string): string {
	return `${codebase.trim().replace(/^\/+|\/+$/g, '')}/`;
}

function readCompanyInfo(body: unknown): CodebaseReading {
	const parsed = cwCompanyInfoSchema.safeParse(body);
	if (!parsed.success) return { kind: 'unreadable' };
	if (parsed.data === null) return { kind: 'unknownCompany' };
	const codebase = normaliseCodebase(parsed.data.Codebase);
	return codebasePattern.test(codebase) ? { kind: 'found', codebase } : { kind: 'unreadable' };
}

/** A codebase kept from an earlier run, in canonical form; undefined when it is not one. */
export function readCodebase(kept: unknown): string | undefined {
	if (typeof kept !== 'string') return undefined;
	const codebase = normaliseCodebase(kept);
	return codebasePattern.test(codebase) ? codebase : undefined;
}

/** A codebase given in the options (which skips discovery), in canonical form. */
export function configuredCodebase(given: string): string {
	const codebase = normaliseCodebase(given);
	if (!codebasePattern.test(codebase)) {
		throw new SetupError(`"${given}" is not a ConnectWise codebase`, 'e.g. v4_6_release/');
	}
	return codebase;
}

/** The codebase to call, and whether companyinfo told it: the router fallback is not worth keeping. */
export interface DiscoveredCodebase {
	codebase: string;
	found: boolean;
}

/** Any failure but an explicit "no such company" falls back to the router codebase. */
export function discoverCodebase(
	executor: RequestExecutor,
	origin: string,
	companyId: string,
): Promise<DiscoveredCodebase> {
	return executor
		.send({
			method: 'GET',
			url: `${origin}/login/companyinfo/${encodeURIComponent(companyId)}`,
			headers: { Accept: 'application/json' },
			retry: singleAttempt,
		})
		.then(
			(answer): CodebaseReading => readCompanyInfo(answer.body),
			(): CodebaseReading => ({ kind: 'unreadable' }),
		)
		.then((reading) => {
			if (reading.kind === 'unknownCompany') {
				throw new SetupError(
					`ConnectWise PSA does not know the company ID "${companyId}" on ${origin}`,
					'Check the company ID (it is case-sensitive) and the site in the credentials',
				);
			}
			return reading.kind === 'found'
				? { codebase: reading.codebase, found: true }
				: { codebase: fallbackCodebase, found: false };
		});
}

/**
 * The codebase a client calls under: configured (never discovered), remembered from an earlier
 * run, or discovered on first use. A 404 under a remembered codebase that no request has yet shown
 * to serve may say that ConnectWise upgraded the tenant: the codebase is then discovered again,
 * once.
 */
export class TenantCodebase {
	private current?: Promise<string>;

	/** The remembered codebase while no request has shown that it still serves the API. */
	private unconfirmed?: string;

	private rediscovery?: Promise<string>;

	constructor(
		private readonly discover: () => Promise<DiscoveredCodebase>,
		private readonly options: {
			configured?: string;
			remembered?: string;
			/** Told each codebase companyinfo gives, to be remembered for the next run. */
			onCodebase?: (codebase: string) => void;
		},
	) {
		const remembered = readCodebase(options.remembered);
		if (options.configured !== undefined) {
			this.current = Promise.resolve(configuredCodebase(options.configured));
		} else if (remembered !== undefined) {
			this.current = Promise.resolve(remembered);
			this.unconfirmed = remembered;
		}
	}

	get(): Promise<string> {
		this.current ??= this.discovered();
		return this.current;
	}

	/** A request under `codebase` succeeded. */
	served(codebase: string): void {
		if (this.unconfirmed === codebase) this.unconfirmed = undefined;
	}

	/**
	 * The codebase to repeat a request under after it failed under `used`: one discovered anew
	 * after a 404 under the unconfirmed remembered codebase, when it differs; else undefined.
	 */
	async movedFrom(used: string, error: unknown): Promise<string | undefined> {
		const stale = this.unconfirmed === used || this.rediscovery !== undefined;
		if (!stale || !(error instanceof ApiError) || error.status !== 404) return undefined;
		if (!this.rediscovery) {
			this.unconfirmed = undefined;
			this.rediscovery = this.discovered();
			this.current = this.rediscovery;
		}
		const fresh = await this.rediscovery;
		return fresh === used ? undefined : fresh;
	}

	private async discovered(): Promise<string> {
		const { codebase, found } = await this.discover();
		if (found) this.options.onCodebase?.(codebase);
		return codebase;
	}
}
