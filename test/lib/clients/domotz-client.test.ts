import nock from 'nock';

import { DomotzClient } from '../../../lib/domotz/client';
import { domotzApiBase } from '../../../lib/domotz/endpoint';
import type { DomotzEditableField } from '../../../lib/domotz/field-values';
import { isAgentApiEnabled } from '../../../lib/domotz/schemas';
import {
	ApiError,
	NetworkError,
	ResponseShapeError,
	SetupError,
	UncertainWriteError,
} from '../../../lib/http/errors';
import type { HttpPort } from '../../../lib/http/port';
import { domotzApiKey } from '../../support/fetch-port';
import {
	portAndSleep,
	rejectionOf,
	sequenceRandom,
	settle,
	transportError,
	useNock,
} from './helpers';

const host = 'https://api-us-east-1-cell-1.domotz.com';
const api = '/public-api/v1';
const apiKey = 'dummy-domotz-key-0123456789';

useNock();

function client(overrides: Partial<ConstructorParameters<typeof DomotzClient>[0]> = {}) {
	const ports = portAndSleep({ authenticate: domotzApiKey(apiKey) });
	const domotz = new DomotzClient({ ...ports, baseUrl: `${host}${api}`, ...overrides });
	return { domotz, delays: ports.delays };
}

function agent(id: number, fields: Record<string, unknown> = {}) {
	return { id, display_name: `agent-${id}`, ...fields };
}

const agents = (from: number, count: number) =>
	Array.from({ length: count }, (_, index) => agent(from + index));

describe('DomotzClient endpoint', () => {
	it.each([
		['https://api-us-east-1-cell-1.domotz.com/public-api/v1', `${host}${api}`],
		['https://api-us-east-1-cell-1.domotz.com/public-api/v1/', `${host}${api}`],
		['https://api-us-east-1-cell-1.domotz.com', `${host}${api}`],
		['  https://api-us-east-1-cell-1.domotz.com/ ', `${host}${api}`],
		['https://api-us-east-1-cell-1.domotz.com/public-api', `${host}${api}`],
		['http://127.0.0.1:8080/', `http://127.0.0.1:8080${api}`],
		['https://proxy.example/domotz/public-api/v1', `https://proxy.example/domotz${api}`],
	])('reads %j as %s', (pasted, expected) => {
		expect(domotzApiBase(pasted)).toBe(expected);
	});

	it.each(['', 'api-us-east-1-cell-1.domotz.com', 'ftp://files.example/public-api/v1'])(
		'rejects %j with a SetupError',
		(pasted) => {
			expect(() => domotzApiBase(pasted)).toThrow(SetupError);
		},
	);

	it('sends the key only through the port and identifies itself by nothing else', async () => {
		nock(host, { badheaders: ['authorization'] })
			.get(`${api}/user`)
			.matchHeader('x-api-key', apiKey)
			.reply(200, { id: 7, name: 'ops' });
		await expect(client().domotz.getUser()).resolves.toEqual({ id: 7, name: 'ops' });
	});
});

describe('DomotzClient agents', () => {
	it('reads pages of 100 from page 0 until a short page', async () => {
		nock(host)
			.get(`${api}/agent`)
			.query({ page_size: '100', page_number: '0' })
			.reply(200, agents(1, 100))
			.get(`${api}/agent`)
			.query({ page_size: '100', page_number: '1' })
			.reply(200, agents(101, 100))
			.get(`${api}/agent`)
			.query({ page_size: '100', page_number: '2' })
			.reply(200, agents(201, 3));
		const listed = await client().domotz.listAgents();
		expect(listed.map((item) => item.id)).toEqual(agents(1, 203).map((item) => item.id));
	});

	it('asks one more page when the total is a multiple of 100, with the name filter', async () => {
		nock(host)
			.get(`${api}/agent`)
			.query({ page_size: '100', page_number: '0', display_name: 'Acme & Sons' })
			.reply(200, agents(1, 100))
			.get(`${api}/agent`)
			.query({ page_size: '100', page_number: '1', display_name: 'Acme & Sons' })
			.reply(200, []);
		await expect(client().domotz.listAgents({ displayName: 'Acme & Sons' })).resolves.toHaveLength(
			100,
		);
	});

	it('stops when a server ignores paging and repeats the same full page', async () => {
		nock(host).get(`${api}/agent`).query(true).times(2).reply(200, agents(1, 100));
		await expect(client().domotz.listAgents()).resolves.toHaveLength(100);
	});

	it('keeps agents whose plan has no API access recognisable', async () => {
		nock(host)
			.get(`${api}/agent`)
			.query(true)
			.reply(200, [
				agent(1, { access_right: { api_enabled: true, status: 'OWNED' } }),
				agent(2, { access_right: { api_enabled: false }, licence: { type: 'MONTHLY' } }),
				agent(3),
			]);
		const listed = await client().domotz.listAgents();
		expect(listed.map(isAgentApiEnabled)).toEqual([true, false, true]);
		expect(listed[1].licence).toEqual({ type: 'MONTHLY' });
	});

	it('reads agent details', async () => {
		nock(host)
			.get(`${api}/agent/12`)
			.reply(200, agent(12, { location: { latitude: '45.1', longitude: 9.2 }, listen_on: 'eth0' }));
		await expect(client().domotz.getAgent(12)).resolves.toMatchObject({
			id: 12,
			location: { latitude: '45.1', longitude: 9.2 },
			listen_on: 'eth0',
		});
	});
});

describe('DomotzClient devices', () => {
	const local = {
		id: 1,
		display_name: 'core-switch',
		protocol: 'IP',
		ip_addresses: ['10.0.0.2'],
		hw_address: 'BC:24:11:67:60:FC',
		details: { serial: 'SN1', zone: null },
		user_data: { type: 5 },
		names: { dhcp: 'sw' },
	};
	const subnet = {
		id: 2,
		display_name: 'branch-router',
		protocol: 'IP',
		ip_addresses: ['10.9.0.1'],
	};
	const external = {
		id: 3,
		display_name: 'website',
		protocol: 'IP_EXTERNAL',
		ip_addresses: ['203.0.113.5'],
		hw_address: null,
	};
	const dummy = { id: 4, display_name: 'power outlet', protocol: 'DUMMY', details: null };

	it('reads every subtype in one unpaginated call, sending no paging parameters', async () => {
		nock(host).get(`${api}/agent/12/device`).reply(200, [local, subnet, external, dummy]);
		const devices = await client().domotz.listDevices(12);
		expect(devices.map((device) => [device.protocol, device.hw_address ?? null])).toEqual([
			['IP', 'BC:24:11:67:60:FC'],
			['IP', null],
			['IP_EXTERNAL', null],
			['DUMMY', null],
		]);
		expect(devices[0].names).toEqual({ dhcp: 'sw' });
	});

	it('passes the visibility filters as booleans', async () => {
		nock(host)
			.get(`${api}/agent/12/device`)
			.query({ show_hidden: 'true', show_excluded: 'false' })
			.reply(200, [local]);
		await expect(
			client().domotz.listDevices(12, { showHidden: true, showExcluded: false }),
		).resolves.toHaveLength(1);
	});

	it.each([
		['a JSON null', 'null'],
		['an empty body', ''],
	])('reads %s as no devices', async (_, body) => {
		nock(host)
			.get(`${api}/agent/12/device`)
			.reply(200, body, { 'Content-Type': 'application/json' });
		await expect(client().domotz.listDevices(12)).resolves.toEqual([]);
	});

	it('names the path of a malformed device', async () => {
		nock(host)
			.get(`${api}/agent/12/device`)
			.reply(200, [local, { ...subnet, id: '2' }, { ...dummy, details: { serial: 42 } }]);
		const error = await rejectionOf(client().domotz.listDevices(12));
		expect(error).toBeInstanceOf(ResponseShapeError);
		const shapeError = error as ResponseShapeError;
		expect(shapeError.issues.map((issue) => issue.path)).toEqual(['[1].id', '[2].details.serial']);
		expect(shapeError.message).toContain('[1].id');
		expect(shapeError.message).toContain(`GET ${api}/agent/12/device`);
	});

	it('says that the agent plan does not allow API access on a 403', async () => {
		nock(host).get(`${api}/agent/12/device`).reply(403, { error: 'Forbidden' });
		const error = await rejectionOf(client().domotz.listDevices(12));
		expect(error).toBeInstanceOf(ApiError);
		expect(error).toMatchObject({ status: 403, reason: 'permission' });
		expect((error as ApiError).message).toMatch(/agent 12.*plan does not allow API access/);
	});

	it('reads one device', async () => {
		nock(host).get(`${api}/agent/12/device/1`).reply(200, local);
		await expect(client().domotz.getDevice(12, 1)).resolves.toMatchObject({ id: 1 });
	});

	it.each([
		[401, 'authentication', { error: 'Invalid API Key' }, /401.*Invalid API Key/],
		[404, 'notFound', 'Not Found', /404 \(not found\): Not Found/],
	] as const)('turns %i into an ApiError with reason %s', async (status, reason, body, message) => {
		nock(host).get(`${api}/agent/12/device/99`).reply(status, body);
		const error = await rejectionOf(client().domotz.getDevice(12, 99));
		expect(error).toBeInstanceOf(ApiError);
		expect(error).toMatchObject({ status, reason });
		expect((error as ApiError).message).toMatch(message);
	});
});

describe('DomotzClient device edits', () => {
	it.each([
		['user_data/name', 'Core switch', '"Core switch"'],
		['user_data/type', 5, '"5"'],
		['details/serial', null, 'null'],
		['details/serial', 'ABC-123', '"ABC-123"'],
		['importance', 'VITAL', '"VITAL"'],
	] as const)('PUTs %s as the JSON value %j', async (field, value, rawBody) => {
		let received: string | undefined;
		nock(host)
			.put(`${api}/agent/12/device/34/${field}`, (body: unknown) => {
				received = JSON.stringify(body);
				return true;
			})
			.matchHeader('content-type', 'application/json')
			.reply(204);
		await expect(client().domotz.editDeviceField(12, 34, field, value)).resolves.toEqual({
			status: 'updated',
		});
		expect(received).toBe(rawBody);
	});

	it('reports a locked device as an outcome', async () => {
		nock(host).put(`${api}/agent/12/device/34/user_data/name`).reply(423, 'Locked');
		await expect(
			client().domotz.editDeviceField(12, 34, 'user_data/name', 'Core switch'),
		).resolves.toEqual({ status: 'locked' });
	});

	it('refuses a value of the wrong type, in the types and before sending anything', async () => {
		const { domotz } = client();
		// @ts-expect-error user_data/type takes a device type id
		const typeAsText = domotz.editDeviceField(12, 34, 'user_data/type', 'Switch');
		// @ts-expect-error only details/serial takes null
		const nameAsNull = domotz.editDeviceField(12, 34, 'user_data/name', null);
		// @ts-expect-error display_name is read-only through the API
		const readOnlyField = domotz.editDeviceField(12, 34, 'display_name', 'x');
		const fractionalType = domotz.editDeviceField(12, 34, 'user_data/type', 2.5);
		for (const edit of [typeAsText, nameAsNull, readOnlyField, fractionalType]) {
			await expect(edit).rejects.toThrow(TypeError);
		}
	});

	it('accepts any field with any value of the union, as a generic caller would send', async () => {
		nock(host)
			.put(`${api}/agent/12/device/34/user_data/type`, (body) => body === '81')
			.reply(204);
		const field = 'user_data/type' as DomotzEditableField;
		const value = 81 as string | number | null;
		await expect(client().domotz.editDeviceField(12, 34, field, value)).resolves.toEqual({
			status: 'updated',
		});
	});
});

describe('DomotzClient inventory and metadata', () => {
	it('lists, creates, reads, sets and clears inventory values', async () => {
		nock(host)
			.get(`${api}/inventory`)
			.reply(200, [
				{ key: 'cw_id', label: 'CW ID', creation_time: '2025-01-01T00:00:00', defined_by_user: 3 },
			])
			.post(`${api}/inventory/cw_id`, { label: 'CW ID' })
			.reply(201)
			.get(`${api}/agent/12/device/34/inventory`)
			.reply(200, [
				{ key: 'a_field', value: null },
				{ key: 'cw_id', value: '981' },
			])
			.put(`${api}/agent/12/device/34/inventory/cw_id`, (body: unknown) => body === '982')
			.reply(204)
			.delete(`${api}/agent/12/device/34/inventory/cw_id`)
			.reply(204);
		const { domotz } = client();
		await expect(domotz.listInventoryFields()).resolves.toEqual([
			expect.objectContaining({ key: 'cw_id', defined_by_user: 3 }),
		]);
		await expect(domotz.createInventoryField('cw_id', 'CW ID')).resolves.toBeUndefined();
		await expect(domotz.getDeviceInventory(12, 34)).resolves.toEqual([
			{ key: 'a_field', value: null },
			{ key: 'cw_id', value: '981' },
		]);
		await domotz.setDeviceInventoryValue(12, 34, 'cw_id', '982');
		await domotz.clearDeviceInventoryValue(12, 34, 'cw_id');
	});

	it('keeps a key with a slash inside one path segment', async () => {
		nock(host).delete(`${api}/agent/12/device/34/inventory/a%2Fb`).reply(204);
		await client().domotz.clearDeviceInventoryValue(12, 34, 'a/b');
	});

	it('reads device types, usage and user', async () => {
		nock(host)
			.get(`${api}/type/device/base`)
			.reply(200, [{ id: 81, identifier: 'SWITCH', label: 'Switch', vital: true }])
			.get(`${api}/meta/usage`)
			.reply(200, { daily_limit: 5000, daily_usage: 12, concurrent_allowed: 5, by_key: [] })
			.get(`${api}/user`)
			.reply(200, { id: 1, name: 'me' });
		const { domotz } = client();
		await expect(domotz.listDeviceBaseTypes()).resolves.toEqual([
			{ id: 81, identifier: 'SWITCH', label: 'Switch', vital: true },
		]);
		await expect(domotz.getUsage()).resolves.toMatchObject({ daily_limit: 5000, daily_usage: 12 });
		await expect(domotz.getUser()).resolves.toEqual({ id: 1, name: 'me' });
	});

	it('drops base types without an id, labels those without a label, and reads an empty user', async () => {
		nock(host)
			.get(`${api}/type/device/base`)
			.reply(200, [
				{ id: 81, identifier: 'SWITCH', vital: true },
				{ identifier: 'NO_ID', label: 'No id' },
				{ id: 90 },
				{ id: 8, identifier: 'PRINTER_FAX', label: 'Printer & Fax', vital: false },
			])
			.get(`${api}/user`)
			.reply(200, {});
		const { domotz } = client();
		await expect(domotz.listDeviceBaseTypes()).resolves.toEqual([
			{ id: 81, identifier: 'SWITCH', label: 'SWITCH', vital: true },
			{ id: 90, identifier: undefined, label: 'Type 90' },
			{ id: 8, identifier: 'PRINTER_FAX', label: 'Printer & Fax', vital: false },
		]);
		await expect(domotz.getUser()).resolves.toEqual({});
	});

	it('sends user_data/type as a number once after a 400 to the documented string, then only so', async () => {
		const bodies: unknown[] = [];
		nock(host)
			.put(`${api}/agent/12/device/34/user_data/type`, (body: unknown) => bodies.push(body) > 0)
			.reply(400, { message: 'user_data/type expects a base type id as a JSON number' })
			.put(`${api}/agent/12/device/34/user_data/type`, (body: unknown) => bodies.push(body) > 0)
			.reply(204)
			.put(`${api}/agent/12/device/35/user_data/type`, (body: unknown) => bodies.push(body) > 0)
			.reply(204);
		const { domotz } = client();
		await domotz.editDeviceField(12, 34, 'user_data/type', 81);
		await domotz.editDeviceField(12, 35, 'user_data/type', 82);
		expect(bodies).toEqual(['81', 81, 82]);
	});
});

describe('DomotzClient retries', () => {
	it('backs off a 429 with full jitter from the injected random, then succeeds', async () => {
		nock(host)
			.get(`${api}/user`)
			.times(3)
			.reply(429, 'Too Many Requests')
			.get(`${api}/user`)
			.reply(200, { id: 1, name: 'me' });
		const { domotz, delays } = client({ random: sequenceRandom(0.5, 0.25, 0.999) });
		await expect(domotz.getUser()).resolves.toEqual({ id: 1, name: 'me' });
		// Ceilings 2 s, 4 s, 8 s (base 2 s, doubling) times the random fractions.
		expect(delays).toEqual([1000, 1000, 7992]);
	});

	it.each([502, 503, 504])('retries a %i and then succeeds', async (status) => {
		nock(host)
			.get(`${api}/agent/12/device`)
			.reply(status)
			.get(`${api}/agent/12/device`)
			.reply(200, []);
		const { domotz, delays } = client();
		await expect(domotz.listDevices(12)).resolves.toEqual([]);
		expect(delays).toHaveLength(1);
	});

	it('gives up after maxAttempts with an ApiError that says so', async () => {
		nock(host).get(`${api}/user`).times(3).reply(503, 'upstream down');
		const { domotz, delays } = client({ retry: { maxAttempts: 3 } });
		const error = await rejectionOf(domotz.getUser());
		expect(error).toBeInstanceOf(ApiError);
		expect(error).toMatchObject({ status: 503, reason: 'server' });
		expect((error as ApiError).message).toContain('after 3 attempts');
		expect(delays).toHaveLength(2);
	});

	it.each<[string, 'get' | 'put', string, (domotz: DomotzClient) => Promise<unknown>]>([
		['a read', 'get', '/user', (domotz) => domotz.getUser()],
		[
			'a field value written',
			'put',
			'/agent/12/device/7/inventory/cw_id',
			(domotz) => domotz.setDeviceInventoryValue(12, 7, 'cw_id', '42'),
		],
	])('retries a 500 on %s, which is safe to repeat', async (_case, method, path, call) => {
		nock(host)[method](`${api}${path}`).reply(500)[method](`${api}${path}`).reply(200, { id: 1 });
		const { domotz, delays } = client();
		await call(domotz);
		expect(delays).toHaveLength(1);
	});

	it('never repeats an inventory field creation answered 500', async () => {
		nock(host).post(`${api}/inventory/cw_id`).reply(500);
		const { domotz, delays } = client();
		await expect(domotz.createInventoryField('cw_id', 'CW ID')).rejects.toBeInstanceOf(
			UncertainWriteError,
		);
		expect(delays).toEqual([]);
	});

	it('retries a reset connection on a read', async () => {
		nock(host)
			.get(`${api}/user`)
			.replyWithError(transportError('ECONNRESET'))
			.get(`${api}/user`)
			.reply(200, { id: 1 });
		await expect(client().domotz.getUser()).resolves.toEqual({ id: 1 });
	});

	it('raises a NetworkError when the host cannot be found, without retrying', async () => {
		nock(host).get(`${api}/user`).replyWithError(transportError('ENOTFOUND'));
		const error = await rejectionOf(client().domotz.getUser());
		expect(error).toBeInstanceOf(NetworkError);
		expect(error).toMatchObject({ failure: 'hostNotFound' });
	});

	it('never repeats an inventory field creation that timed out', async () => {
		nock(host).post(`${api}/inventory/cw_id`).replyWithError(transportError('ETIMEDOUT'));
		const error = await rejectionOf(client().domotz.createInventoryField('cw_id', 'CW ID'));
		expect(error).toBeInstanceOf(UncertainWriteError);
	});
});

describe('DomotzClient concurrency', () => {
	it('keeps at most maxInFlight requests in flight', async () => {
		let inFlight = 0;
		let peak = 0;
		const waiting: Array<() => void> = [];
		const http: HttpPort = async (request) => {
			inFlight += 1;
			peak = Math.max(peak, inFlight);
			await new Promise<void>((resolve) => waiting.push(resolve));
			inFlight -= 1;
			const id = Number(request.url.split('/').pop());
			return {
				status: 200,
				headers: {},
				body: { id, display_name: `device-${id}`, protocol: 'IP' },
			};
		};
		const domotz = new DomotzClient({ http, sleep: async () => {}, baseUrl: host, maxInFlight: 2 });
		const reads = [1, 2, 3, 4, 5, 6, 7].map((deviceId) => domotz.getDevice(12, deviceId));
		await settle();
		for (let released = 0; released < reads.length; released += 1) {
			expect(inFlight).toBeLessThanOrEqual(2);
			waiting.shift()?.();
			await settle();
		}
		const devices = await Promise.all(reads);
		expect(devices.map((device) => device.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
		expect(peak).toBe(2);
	});
});
