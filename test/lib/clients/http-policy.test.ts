import { connectWiseOrigin } from '../../../lib/connectwise/site';
import { nextPage, parseLinkHeader } from '../../../lib/connectwise/pagination';
import { SetupError, type NetworkFailure } from '../../../lib/http/errors';
import { ConcurrencyLimiter } from '../../../lib/http/limiter';
import {
	decideRetry,
	parseRetryAfterSeconds,
	resolveRetryPolicy,
	type AttemptOutcome,
	type RetryDecision,
	type RetryPolicy,
} from '../../../lib/http/retry';
import { classifyTransportFailure } from '../../../lib/http/transport-failure';
import { settle, transportError } from './helpers';

const policy: RetryPolicy = {
	maxAttempts: 3,
	baseDelayMs: 100,
	maxDelayMs: 250,
	retryStatuses: [429, 503],
	retryNetworkFailures: ['timeout', 'connectionRefused'],
};

const half = () => 0.5;

describe('decideRetry', () => {
	it.each<[string, AttemptOutcome, number, boolean, RetryDecision]>([
		[
			'a retryable status',
			{ kind: 'answered', status: 503 },
			1,
			true,
			{ kind: 'retry', delayMs: 50 },
		],
		[
			'the second attempt',
			{ kind: 'answered', status: 503 },
			2,
			true,
			{ kind: 'retry', delayMs: 100 },
		],
		[
			'an attempt beyond the limit',
			{ kind: 'answered', status: 429 },
			5,
			true,
			{ kind: 'stop', why: 'attemptsExhausted' },
		],
		[
			'Retry-After over the cap',
			{ kind: 'answered', status: 429, retryAfterSeconds: 30 },
			1,
			true,
			{ kind: 'retry', delayMs: 30_000 },
		],
		['a 400', { kind: 'answered', status: 400 }, 1, true, { kind: 'stop', why: 'final' }],
		[
			'a 500 not in the list',
			{ kind: 'answered', status: 500 },
			1,
			true,
			{ kind: 'stop', why: 'final' },
		],
		[
			'the last attempt',
			{ kind: 'answered', status: 503 },
			3,
			true,
			{ kind: 'stop', why: 'attemptsExhausted' },
		],
		[
			'a timeout',
			{ kind: 'noAnswer', failure: 'timeout' },
			1,
			true,
			{ kind: 'retry', delayMs: 50 },
		],
		[
			'a reset not in the list',
			{ kind: 'noAnswer', failure: 'connectionReset' },
			1,
			true,
			{ kind: 'stop', why: 'final' },
		],
		[
			'a write that timed out',
			{ kind: 'noAnswer', failure: 'timeout' },
			1,
			false,
			{ kind: 'stop', why: 'uncertainWrite' },
		],
		[
			'a write that was reset',
			{ kind: 'noAnswer', failure: 'connectionReset' },
			1,
			false,
			{ kind: 'stop', why: 'uncertainWrite' },
		],
		[
			'a write that failed unknowably',
			{ kind: 'noAnswer', failure: 'unknown' },
			1,
			false,
			{ kind: 'stop', why: 'uncertainWrite' },
		],
		[
			'a write answered 503',
			{ kind: 'answered', status: 503 },
			1,
			false,
			{ kind: 'stop', why: 'uncertainWrite' },
		],
		[
			'a write answered 500',
			{ kind: 'answered', status: 500 },
			1,
			false,
			{ kind: 'stop', why: 'uncertainWrite' },
		],
		[
			'a write refused with 429',
			{ kind: 'answered', status: 429 },
			1,
			false,
			{ kind: 'retry', delayMs: 50 },
		],
		[
			'a write never connected',
			{ kind: 'noAnswer', failure: 'connectionRefused' },
			1,
			false,
			{ kind: 'retry', delayMs: 50 },
		],
		[
			'a write answered 400',
			{ kind: 'answered', status: 400 },
			1,
			false,
			{ kind: 'stop', why: 'final' },
		],
	])('after %s', (_, outcome, attempt, idempotent, expected) => {
		expect(decideRetry(policy, outcome, attempt, { idempotent, random: half })).toEqual(expected);
	});

	it('grows the jitter ceiling up to maxDelayMs', () => {
		const longPolicy = { ...policy, maxAttempts: 10 };
		const almostOne = () => 0.999_999;
		const delays = [1, 2, 3, 4].map((attempt) => {
			const decision = decideRetry(longPolicy, { kind: 'answered', status: 503 }, attempt, {
				idempotent: true,
				random: almostOne,
			});
			return decision.kind === 'retry' ? decision.delayMs : undefined;
		});
		expect(delays).toEqual([99, 199, 249, 249]);
	});

	it.each([
		['30', 30],
		[' 2 ', 2],
		['1.5', 1.5],
		['Wed, 21 Oct 2015 07:28:00 GMT', undefined],
		['-1', undefined],
		['', undefined],
		[undefined, undefined],
	])('reads Retry-After %j as %j seconds', (header, expected) => {
		expect(parseRetryAfterSeconds(header)).toBe(expected);
	});

	it.each<Partial<RetryPolicy>>([
		{ maxAttempts: 0 },
		{ maxAttempts: 1.5 },
		{ baseDelayMs: -1 },
		{ maxDelayMs: 50 },
	])('rejects the policy override %j', (override) => {
		expect(() => resolveRetryPolicy(policy, override)).toThrow(RangeError);
	});
});

describe('classifyTransportFailure', () => {
	const nested = (code: string) =>
		Object.assign(new Error('NodeApiError'), { cause: transportError(code) });
	const deep = (code: string) =>
		Object.assign(new Error('outer'), {
			cause: Object.assign(new Error('axios'), { cause: { code } }),
		});

	it.each<[string, unknown, NetworkFailure]>([
		['ETIMEDOUT', transportError('ETIMEDOUT'), 'timeout'],
		["axios's ECONNABORTED", transportError('ECONNABORTED'), 'timeout'],
		[
			'an abort timeout',
			Object.assign(new Error('timed out'), { name: 'TimeoutError' }),
			'timeout',
		],
		['ECONNRESET', transportError('ECONNRESET'), 'connectionReset'],
		['ECONNREFUSED', transportError('ECONNREFUSED'), 'connectionRefused'],
		['ENOTFOUND', transportError('ENOTFOUND'), 'hostNotFound'],
		['an n8n-wrapped ECONNRESET', nested('ECONNRESET'), 'connectionReset'],
		['a doubly wrapped ETIMEDOUT', deep('ETIMEDOUT'), 'timeout'],
		['a lower-case code', transportError('econnrefused'), 'connectionRefused'],
		['an error without code', new Error('something'), 'unknown'],
		['a string', 'ECONNRESET', 'unknown'],
		['undefined', undefined, 'unknown'],
		['null', null, 'unknown'],
	])('classifies %s', (_, error, expected) => {
		expect(classifyTransportFailure(error)).toBe(expected);
	});

	it('stops following a cycle of causes', () => {
		const looped: { cause?: unknown } = {};
		looped.cause = looped;
		expect(classifyTransportFailure(looped)).toBe('unknown');
	});
});

describe('ConcurrencyLimiter', () => {
	it('keeps at most N tasks running and runs all of them', async () => {
		const limiter = new ConcurrencyLimiter(3);
		let running = 0;
		let peak = 0;
		const releases: Array<() => void> = [];
		const tasks = Array.from({ length: 10 }, (_, index) =>
			limiter.run(async () => {
				running += 1;
				peak = Math.max(peak, running);
				await new Promise<void>((resolve) => releases.push(resolve));
				running -= 1;
				return index;
			}),
		);
		for (let settled = 0; settled < 10; settled += 1) {
			await settle();
			expect(running).toBeLessThanOrEqual(3);
			releases.shift()?.();
		}
		await expect(Promise.all(tasks)).resolves.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(peak).toBe(3);
	});

	it('keeps at most the lowered limit running once the running tasks above it finish', async () => {
		const limiter = new ConcurrencyLimiter(6);
		let running = 0;
		const afterLowering: number[] = [];
		const releases: Array<() => void> = [];
		const tasks = Array.from({ length: 12 }, () =>
			limiter.run(async () => {
				running += 1;
				await new Promise<void>((resolve) => releases.push(resolve));
				running -= 1;
			}),
		);
		await settle();
		expect(running).toBe(6);
		limiter.lower(2);
		expect(limiter.limit).toBe(2);
		while (releases.length > 0) {
			releases.shift()!();
			await settle();
			afterLowering.push(running);
		}
		await Promise.all(tasks);
		// The six running finish one by one; no new task starts until two or fewer run.
		expect(afterLowering.slice(0, 4)).toEqual([5, 4, 3, 2]);
		expect(Math.max(...afterLowering.slice(4))).toBeLessThanOrEqual(2);
		expect(() => limiter.lower(0)).toThrow(RangeError);
	});

	it('frees the slot of a failed task', async () => {
		const limiter = new ConcurrencyLimiter(1);
		await expect(limiter.run(() => Promise.reject(new Error('first')))).rejects.toThrow('first');
		await expect(limiter.run(async () => 'second')).resolves.toBe('second');
	});

	it.each([0, -1, 1.5, Number.NaN])('rejects a limit of %p', (limit) => {
		expect(() => new ConcurrencyLimiter(limit)).toThrow(RangeError);
	});
});

describe('connectWiseOrigin', () => {
	it.each([
		['na.myconnectwise.net', 'https://api-na.myconnectwise.net'],
		['eu.myconnectwise.net', 'https://api-eu.myconnectwise.net'],
		['au.myconnectwise.net', 'https://api-au.myconnectwise.net'],
		['aus.myconnectwise.net', 'https://api-aus.myconnectwise.net'],
		['za.myconnectwise.net', 'https://api-za.myconnectwise.net'],
		['staging.connectwisedev.com', 'https://api-staging.connectwisedev.com'],
		['api-na.myconnectwise.net', 'https://api-na.myconnectwise.net'],
		['NA.MyConnectWise.net', 'https://api-na.myconnectwise.net'],
		[
			'https://na.myconnectwise.net/v4_6_release/services/system_io/',
			'https://api-na.myconnectwise.net',
		],
		['http://api-eu.myconnectwise.net', 'https://api-eu.myconnectwise.net'],
		['psa.example.com', 'https://psa.example.com'],
		[' psa.example.com/ ', 'https://psa.example.com'],
		['psa.example.com:8443', 'https://psa.example.com:8443'],
		['http://127.0.0.1:5000', 'http://127.0.0.1:5000'],
		['https://user:secret@psa.example.com/x?y=1', 'https://psa.example.com'],
	])('calls %s at %s', (site, expected) => {
		expect(connectWiseOrigin(site)).toBe(expected);
	});

	it.each(['', 'ftp://psa.example.com', 'psa example.com', 'https://'])('rejects %j', (site) => {
		expect(() => connectWiseOrigin(site)).toThrow(SetupError);
	});
});

describe('Link header paging', () => {
	const base = 'https://api-na.myconnectwise.net/v4_6_release/apis/3.0/company/configurations';

	it('reads rels from links whose URLs contain commas', () => {
		expect(
			parseLinkHeader(
				`<${base}?fields=id,name&page=2>; rel="next", <${base}?fields=id,name&page=9>; rel="last"`,
			),
		).toEqual({ next: `${base}?fields=id,name&page=2`, last: `${base}?fields=id,name&page=9` });
	});

	it.each([
		['a next link', `<${base}?pageSize=2&page=3>; rel="next"`, 2, 2, { kind: 'page', page: 3 }],
		[
			'no next link',
			`<${base}?page=1>; rel="first", <${base}?page=1>; rel="prev"`,
			2,
			1,
			{ kind: 'done' },
		],
		['a next link that goes back', `<${base}?page=1>; rel="next"`, 2, 2, { kind: 'page', page: 3 }],
		[
			'a next link without page',
			`<${base}?pageId=77>; rel="next"`,
			2,
			2,
			{ kind: 'page', page: 3 },
		],
		['an empty page', `<${base}?page=3>; rel="next"`, 2, 0, { kind: 'done' }],
		['no header and a full page', undefined, 2, 2, { kind: 'page', page: 3 }],
		['no header and a short page', undefined, 2, 1, { kind: 'done' }],
	])('after %s', (_, header, page, received, expected) => {
		expect(nextPage(header, page, received, 2)).toEqual(expected);
	});
});
