/**
 * The codebase of a ConnectWise PSA tenant (`v2025_1/`), the path segment its REST API lives
 * under: as configured, or discovered from the login screen's company info.
 */
import { SetupError } from '../http/errors';
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

/** A codebase given in the options (which skips discovery), in canonical form. */
export function configuredCodebase(given: string): string {
	const codebase = normaliseCodebase(given);
	if (!codebasePattern.test(codebase)) {
		throw new SetupError(`"${given}" is not a ConnectWise codebase`, 'e.g. v4_6_release/');
	}
	return codebase;
}

/** Any failure but an explicit "no such company" falls back to the router codebase. */
export function discoverCodebase(
	executor: RequestExecutor,
	origin: string,
	companyId: string,
): Promise<string> {
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
			return reading.kind === 'found' ? reading.codebase : fallbackCodebase;
		});
}
