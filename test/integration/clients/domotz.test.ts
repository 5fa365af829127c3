import { DomotzClient, type DomotzClientOptions } from '../../../lib/domotz/client';
import { ApiError, IntegrationError } from '../../../lib/http/errors';
import {
	DEFAULT_API_KEY,
	DEFAULT_IDS,
	DomotzSimulator,
	defaultSeed,
	type AgentDetail,
} from '../../simulators/domotz';
import { createFetchPort, domotzApiKey } from '../../support/fetch-port';
import { ErrorCollector, recordingSleep } from './support';

const { agents, devices } = DEFAULT_IDS;

const unknownApiKey = 'dummy-revoked-domotz-key-0000000000000000';

const secrets = [DEFAULT_API_KEY, unknownApiKey];

const simulator = new DomotzSimulator();
const collected = new ErrorCollector();

beforeAll(async () => {
	await simulator.start();
});

afterAll(async () => {
	await simulator.close();
});

beforeEach(() => {
	simulator.reset();
});

function domotzClient(apiKey = DEFAULT_API_KEY, overrides: Partial<DomotzClientOptions> = {}) {
	const { sleep, delays } = recordingSleep();
	const client = new DomotzClient({
		http: createFetchPort({ authenticate: domotzApiKey(apiKey) }),
		sleep,
		random: () => 0.5,
		baseUrl: simulator.apiBaseUrl,
		...overrides,
	});
	return { client, delays };
}

function extraAgent(index: number): AgentDetail {
	return {
		id: 30_000 + index,
		display_name: `Customer site ${index}`,
		access_right: { api_enabled: true, status: 'OWNED' },
		status: { value: 'ONLINE' },
	};
}

describe('Domotz listing', () => {
	it('pages through more than 100 agents without losing or repeating one', async () => {
		const seed = defaultSeed();
		const allAgents = [
			...seed.agents,
			...Array.from({ length: 246 }, (_, index) => extraAgent(index)),
		];
		simulator.load({ ...seed, agents: allAgents });
		const { client } = domotzClient();

		const listed = await client.listAgents();

		const ids = listed.map((agent) => agent.id);
		expect(ids).toHaveLength(250);
		expect(new Set(ids).size).toBe(250);
		expect([...ids].sort((left, right) => left - right)).toEqual(
			allAgents.map((agent) => agent.id).sort((left, right) => left - right),
		);
		expect(simulator.http.count('GET', 'agent.list')).toBe(3);
	});

	it.each<[string, number, number[]]>([
		['an agent without devices (a null body)', agents.umbrella, []],
		[
			'the Globex agent',
			agents.globex,
			[devices.firewall, devices.duplicatedSwitch, devices.desktop, devices.dummyPdu],
		],
	])('lists the devices of %s', async (_label, agentId, expectedIds) => {
		const { client } = domotzClient();

		const listed = await client.listDevices(agentId);

		expect(listed.map((device) => device.id).sort()).toEqual([...expectedIds].sort());
	});
});

describe('Domotz concurrency and retries', () => {
	afterEach(() => {
		simulator.http.setLatency({ minMs: 0, maxMs: 0 });
	});

	it('keeps at most four requests in flight against an account that allows four', async () => {
		simulator.setLimits({ concurrentAllowedMeaning: 'inFlight', concurrentAllowed: 4 });
		simulator.http.setLatency({ minMs: 10, maxMs: 30 });
		const { client, delays } = domotzClient();
		const acmeDevices = [devices.coreSwitch, devices.printer, devices.virtualMachine];

		const fetched = await Promise.all(
			Array.from({ length: 24 }, (_, index) =>
				client.getDevice(agents.acme, acmeDevices[index % acmeDevices.length]),
			),
		);

		expect(fetched).toHaveLength(24);
		expect(simulator.http.requests().filter((request) => request.status === 429)).toEqual([]);
		expect(delays).toEqual([]);
		expect(simulator.http.maxConcurrency()).toBeLessThanOrEqual(4);
		expect(simulator.http.maxConcurrency()).toBeGreaterThan(1);
	});

	it.each([429, 502, 503, 504])('repeats a GET after two %i answers', async (status) => {
		simulator.http.setFaults([
			{
				route: 'agent.get',
				fault: { type: 'status', status, body: { message: 'try later' } },
				rate: 1,
				times: 2,
			},
		]);
		const { client, delays } = domotzClient();

		const agent = await client.getAgent(agents.acme);

		expect(agent.id).toBe(agents.acme);
		expect(delays).toEqual([1_000, 2_000]);
		expect(simulator.http.count('GET', 'agent.get')).toBe(3);
	});
});

describe('Domotz device edits', () => {
	it('reports a locked device as an outcome without retrying', async () => {
		const { client, delays } = domotzClient();

		const outcome = await client.editDeviceField(
			agents.acme,
			devices.poeSwitch,
			'details/zone',
			'Lab',
		);

		expect(outcome).toEqual({ status: 'locked' });
		expect(delays).toEqual([]);
		expect(simulator.http.count('PUT', 'device.editField')).toBe(1);
		expect(simulator.state.device(agents.acme, devices.poeSwitch)?.details?.zone).not.toBe('Lab');
	});

	it('writes the field of an unlocked device', async () => {
		const { client } = domotzClient();

		const outcome = await client.editDeviceField(
			agents.acme,
			devices.coreSwitch,
			'details/zone',
			'Lab',
		);

		expect(outcome).toEqual({ status: 'updated' });
		expect(simulator.state.device(agents.acme, devices.coreSwitch)?.details?.zone).toBe('Lab');
	});
});

describe('Domotz refusals', () => {
	it.each<[string, (client: DomotzClient) => Promise<unknown>]>([
		['reading the agent', async (client) => await client.getAgent(agents.initech)],
		['listing its devices', async (client) => await client.listDevices(agents.initech)],
	])('explains the plan when an agent without API access refuses %s', async (_label, call) => {
		const { client, delays } = domotzClient();

		const error = await collected.rejectionOf(call(client));

		expect(error).toBeInstanceOf(ApiError);
		expect(error).toMatchObject({ status: 403, reason: 'permission' });
		expect((error as ApiError).message).toMatch(
			new RegExp(`agent ${agents.initech}: the agent's plan does not allow API access`),
		);
		expect(delays).toEqual([]);
	});

	it.each<[string, (client: DomotzClient) => Promise<unknown>]>([
		['the user', async (client) => await client.getUser()],
		['the agent list', async (client) => await client.listAgents()],
	])('answers an unknown key with a 401 ApiError for %s', async (_label, call) => {
		const { client, delays } = domotzClient(unknownApiKey);

		const error = await collected.rejectionOf(call(client));

		expect(error).toBeInstanceOf(ApiError);
		expect(error).toMatchObject({ status: 401, reason: 'authentication' });
		expect((error as ApiError).message).toMatch(/with 401 \(authentication failed\)/);
		expect(delays).toEqual([]);
	});
});

describe('Domotz errors and credentials', () => {
	it('shows no API key in any error raised above', () => {
		expect(collected.errors).toHaveLength(4);
		expect(collected.errors.every((error) => error instanceof IntegrationError)).toBe(true);
		expect(collected.leaks(secrets)).toEqual([]);
	});
});
