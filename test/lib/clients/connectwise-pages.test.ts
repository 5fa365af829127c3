import { ConnectWiseClient } from '../../../lib/connectwise/client';
import {
	connectWiseMaxInFlight,
	connectWiseMaxInFlightWhenThrottled,
} from '../../../lib/connectwise/request-policy';
import { ApiError } from '../../../lib/http/errors';
import type { HttpPort, HttpRequest, HttpResponse } from '../../../lib/http/port';
import { recordingSleep } from '../../support/time';
import { rejectionOf, settle } from './helpers';

const origin = 'https://psa.example.com';

interface Pending {
	request: HttpRequest;
	answer(response: HttpResponse): void;
}

/** A port that holds every request until the test answers it, to see what is in flight at once. */
function heldPort(): { http: HttpPort; pending: Pending[] } {
	const pending: Pending[] = [];
	const http: HttpPort = (request) =>
		new Promise((resolve) => pending.push({ request, answer: resolve }));
	return { http, pending };
}

function pageOf(request: HttpRequest): number {
	return Number(request.query?.page);
}

/** A page of `rows` configurations whose `Link` names the next and the last page. */
function page(number: number, rows: number, last: number): HttpResponse {
	const rels = number < last ? { next: number + 1, last } : {};
	return {
		status: 200,
		headers: {
			link: Object.entries(rels)
				.map(([rel, target]) => `<${origin}/x?page=${target}>; rel="${rel}"`)
				.join(', '),
		},
		body: Array.from({ length: rows }, (_, index) => ({ id: number * 10_000 + index })),
	};
}

function client(http: HttpPort, maxInFlight?: number, sleep = recordingSleep().sleep) {
	return new ConnectWiseClient({
		http,
		sleep,
		site: origin,
		companyId: 'acme',
		codebase: 'v2025_1/',
		maxInFlight,
	});
}

describe('ConnectWise paging side by side', () => {
	it('asks for every page up to the last one as soon as the first page names it, and keeps page order', async () => {
		const { http, pending } = heldPort();
		const listing = client(http).listConfigurations();
		await settle();
		expect(pending.map((entry) => pageOf(entry.request))).toEqual([1]);
		pending.shift()!.answer(page(1, 1000, 4));
		await settle();
		expect(pending.map((entry) => pageOf(entry.request))).toEqual([2, 3, 4]);
		// Answered out of order: the result is still in page order.
		for (const entry of [...pending].reverse()) {
			entry.answer(page(pageOf(entry.request), pageOf(entry.request) === 4 ? 3 : 1000, 4));
		}
		const listed = await listing;
		expect(listed).toHaveLength(3003);
		expect(listed.map((configuration) => Math.floor(configuration.id / 10_000))).toEqual([
			...Array<number>(1000).fill(1),
			...Array<number>(1000).fill(2),
			...Array<number>(1000).fill(3),
			...Array<number>(3).fill(4),
		]);
	});

	it('hands each page to onPage once it and every page before it have answered', async () => {
		const { http, pending } = heldPort();
		const handed: number[][] = [];
		const listing = client(http).listConfigurations({
			onPage: (rows) => handed.push([...new Set(rows.map(({ id }) => Math.floor(id / 10_000)))]),
		});
		await settle();
		pending.shift()!.answer(page(1, 1000, 3));
		await settle();
		expect(handed).toEqual([[1]]);
		const [second, third] = pending.splice(0);
		third.answer(page(3, 5, 3));
		await settle();
		expect(handed).toEqual([[1]]);
		second.answer(page(2, 1000, 3));
		await listing;
		expect(handed).toEqual([[1], [2], [3]]);
	});

	it.each([
		['by default', undefined, connectWiseMaxInFlight],
		['when told', 2, 2],
	])('keeps no more pages in flight than the client allows %s', async (_, limit, expected) => {
		const { http, pending } = heldPort();
		const listing = client(http, limit).listConfigurations();
		await settle();
		// More pages than the default lets out at once.
		const pages = 40;
		pending.shift()!.answer(page(1, 1000, pages));
		await settle();
		expect(pending.map((entry) => pageOf(entry.request))).toEqual(
			Array.from({ length: expected }, (_, index) => index + 2),
		);
		let inFlight = 0;
		for (let round = 0; round < 100 && pending.length > 0; round += 1) {
			inFlight = Math.max(inFlight, pending.length);
			for (const entry of pending.splice(0)) {
				const number = pageOf(entry.request);
				entry.answer(page(number, number === pages ? 1 : 1000, pages));
			}
			await settle();
		}
		await expect(listing).resolves.toHaveLength((pages - 1) * 1000 + 1);
		expect(inFlight).toBe(expected);
	});

	it('goes on page by page when the last page turns out not to be the last', async () => {
		const { http, pending } = heldPort();
		const listing = client(http).listConfigurations();
		await settle();
		pending.shift()!.answer(page(1, 1000, 2));
		await settle();
		// A record was added meanwhile: page 2 is full and names a third page.
		pending.shift()!.answer(page(2, 1000, 3));
		await settle();
		expect(pending.map((entry) => pageOf(entry.request))).toEqual([3]);
		pending.shift()!.answer(page(3, 1, 3));
		await expect(listing).resolves.toHaveLength(2001);
	});

	it('reads one page at a time when a limit may stop it early', async () => {
		const { http, pending } = heldPort();
		const listing = client(http).listConfigurations({ limit: 2500 });
		await settle();
		pending.shift()!.answer(page(1, 1000, 9));
		await settle();
		expect(pending.map((entry) => pageOf(entry.request))).toEqual([2]);
		pending.shift()!.answer(page(2, 1000, 9));
		await settle();
		expect(pending.map((entry) => pageOf(entry.request))).toEqual([3]);
		pending.shift()!.answer(page(3, 1000, 9));
		await expect(listing).resolves.toHaveLength(3000);
		expect(pending).toEqual([]);
	});

	it('fails with the first failing page once every page it asked for has answered', async () => {
		const { http, pending } = heldPort();
		const listing = client(http).listConfigurations();
		await settle();
		pending.shift()!.answer(page(1, 1000, 3));
		await settle();
		const [second, third] = pending.splice(0);
		second.answer({ status: 400, headers: {}, body: { code: 'InvalidObject', message: 'bad' } });
		await settle();
		third.answer(page(3, 5, 3));
		const error = await rejectionOf(listing);
		expect(error).toBeInstanceOf(ApiError);
		expect((error as ApiError).status).toBe(400);
	});
});

describe('ConnectWise requests side by side after a 429', () => {
	/** A sleep the test ends by hand, to see what is sent while a back-off runs. */
	function heldSleep() {
		const delays: number[] = [];
		const wakers: Array<() => void> = [];
		const sleep = (milliseconds: number) =>
			new Promise<void>((resolve) => {
				delays.push(milliseconds);
				wakers.push(resolve);
			});
		return { sleep, delays, wakeAll: () => wakers.splice(0).forEach((wake) => wake()) };
	}

	const refusal = (status: number, retryAfter?: string): HttpResponse => ({
		status,
		headers: retryAfter ? { 'retry-after': retryAfter } : {},
		body: { error: 'ConnectWiseAPI', message: 'Too many requests.' },
	});
	const info: HttpResponse = { status: 200, headers: {}, body: { version: 'v2025.1' } };

	function twoReads(firstAnswer: HttpResponse) {
		const { http, pending } = heldPort();
		const held = heldSleep();
		const connectwise = client(http, undefined, held.sleep);
		const first = connectwise.getSystemInfo();
		return {
			pending,
			held,
			first,
			async start() {
				await settle();
				pending.shift()!.answer(firstAnswer);
				await settle();
				// Wrapped: returned bare, the caller would wait for its answer.
				return { second: connectwise.getSystemInfo() };
			},
		};
	}

	it("holds every request until the 429's Retry-After has passed: one refusal, not one per request", async () => {
		const run = twoReads(refusal(429, '20'));
		const { second } = await run.start();
		await settle();
		expect(run.held.delays).toEqual([20_000]);
		expect(run.pending).toHaveLength(0);
		run.held.wakeAll();
		await settle();
		expect(run.pending).toHaveLength(2);
		run.pending.splice(0).forEach((entry) => entry.answer(info));
		await expect(Promise.all([run.first, second])).resolves.toEqual([
			{ version: 'v2025.1' },
			{ version: 'v2025.1' },
		]);
	});

	it('sends at most 8 at once after a 429, 32 before', async () => {
		const { http, pending } = heldPort();
		const held = heldSleep();
		const connectwise = client(http, undefined, held.sleep);
		const reads = Array.from({ length: 60 }, () => connectwise.getSystemInfo());
		await settle();
		expect(pending).toHaveLength(connectWiseMaxInFlight);
		pending.shift()!.answer(refusal(429, '1'));
		await settle();
		const inFlight: number[] = [];
		for (let round = 0; round < 200; round += 1) {
			held.wakeAll();
			await settle();
			if (pending.length === 0) break;
			inFlight.push(pending.length);
			pending.shift()!.answer(info);
			await settle();
		}
		await expect(Promise.all(reads)).resolves.toHaveLength(60);
		// The refused request's slot went to the next one before its 429 was read; those on their way
		// finish, and no new one starts until fewer than 8 are in flight.
		expect(inFlight[0]).toBe(connectWiseMaxInFlight);
		const lowered = inFlight.findIndex((count) => count <= connectWiseMaxInFlightWhenThrottled);
		expect(inFlight.slice(0, lowered)).toEqual(
			Array.from({ length: lowered }, (_, index) => connectWiseMaxInFlight - index),
		);
		expect(Math.max(...inFlight.slice(lowered))).toBe(connectWiseMaxInFlightWhenThrottled);
	});

	it("does not hold other requests during a 5xx back-off: that failure is the request's own", async () => {
		const run = twoReads(refusal(503));
		const { second } = await run.start();
		await settle();
		expect(run.held.delays).toHaveLength(1);
		expect(run.pending).toHaveLength(1);
		run.pending.shift()!.answer(info);
		await expect(second).resolves.toEqual({ version: 'v2025.1' });
		run.held.wakeAll();
		await settle();
		run.pending.shift()!.answer(info);
		await expect(run.first).resolves.toEqual({ version: 'v2025.1' });
	});
});
