/**
 * A sync action whose Domotz writes would not fit in what is left of the key's daily quota writes
 * nothing and says, in one sentence, how many calls it needs and how many are left.
 */
import { DomotzClient } from '../../../lib/domotz/client';
import { checkDailyQuota } from '../../../lib/domotz/quota';
import { resolveDirections } from '../../../lib/fields/sync-fields';
import { SetupError } from '../../../lib/http/errors';
import { runCreate } from '../../../lib/sync/create';
import { runSyncFields } from '../../../lib/sync/sync-fields';
import type { SyncClients } from '../../../lib/clients';
import type { DomotzSeed } from '../../simulators/domotz';
import { createFetchPort, domotzApiKey } from '../../support/fetch-port';
import { recordingSleep } from '../../support/time';
import {
	LINK_CAPTION,
	NETWORK_DEVICE_TYPE,
	Tenant,
	configuration,
	connectWiseSeed,
	device,
	domotzSeed,
} from './support';

const tenant = new Tenant();
beforeAll(async () => await tenant.start());
afterAll(async () => await tenant.close());

const AGENT = 9001;
const COMPANY = 501;
const DAILY_LIMIT = 100;
const linkStore = { kind: 'customField', caption: LINK_CAPTION } as const;
const deviceIds = [1001, 1002, 1003];
const keysOf = (deviceId: number) => ({
	serial: `SN-${deviceId}`,
	mac: `00:11:22:33:${String(deviceId).slice(0, 2)}:${String(deviceId).slice(2)}`,
	ip: `10.0.1.${deviceId - 1000}`,
});

/** The sync node's Domotz client: it reads the key's usage before its first other call. */
function clientsReadingUsage(): SyncClients {
	return {
		...tenant.clients(),
		domotz: new DomotzClient({
			http: createFetchPort({ authenticate: domotzApiKey(tenant.domotz.apiKey) }),
			sleep: recordingSleep().sleep,
			baseUrl: tenant.domotz.apiBaseUrl,
			readUsageFirst: true,
		}),
	};
}

function withQuota(seed: DomotzSeed, usedBefore: number): DomotzSeed {
	return { ...seed, limits: { daily: DAILY_LIMIT }, dailyUsage: usedBefore };
}

describe('checkDailyQuota', () => {
	it.each([
		[3, { daily_limit: 100, daily_usage: 97 }, { kind: 'fits', left: 3 }],
		[4, { daily_limit: 100, daily_usage: 97 }, { kind: 'exceeded', needed: 4, left: 3 }],
		[1, { daily_limit: 100, daily_usage: 140 }, { kind: 'exceeded', needed: 1, left: 0 }],
		[5, { daily_limit: null, daily_usage: 3 }, { kind: 'unknown' }],
		[5, undefined, { kind: 'unknown' }],
	])('needing %i with %j: %j', (needed, usage, expected) => {
		expect(checkDailyQuota(needed, usage)).toMatchObject(expected);
	});

	it('says how many calls are needed and how many are left in one sentence', () => {
		const check = checkDailyQuota(4, { daily_limit: 100, daily_usage: 97 });
		expect(check).toMatchObject({
			message:
				"These writes need 4 Domotz API calls but only 3 of the key's 100 a day are left, so nothing was written",
		});
	});
});

describe('Sync Fields, ConnectWise → Domotz, three names to write', () => {
	/** Reads before the writes: the usage report (counted by Domotz itself) and the device list. */
	const readsBeforeWrites = 2;

	function load(usedBefore: number): void {
		tenant.load(
			withQuota(domotzSeed({ [AGENT]: deviceIds.map((id) => device(id, keysOf(id))) }), usedBefore),
			connectWiseSeed(
				deviceIds.map((id) =>
					configuration(id - 900, COMPANY, id, keysOf(id), {
						name: `Renamed in ConnectWise ${id}`,
						customFields: [{ id: 41, value: `domotz:${AGENT}/${id}` }],
					}),
				),
			),
		);
	}

	const run = async () =>
		await runSyncFields(
			clientsReadingUsage(),
			deviceIds.map((deviceId, itemIndex) => ({ itemIndex, agentId: AGENT, deviceId })),
			{
				policy: {
					directions: resolveDirections('connectWiseToDomotz'),
					allowBlanking: false,
					truncate: new Set(),
				},
				linkStore,
				mirrorInDomotz: false,
				dryRun: false,
				createMissingManufacturers: false,
			},
		);

	it('stops before any write when two calls are left, naming both numbers', async () => {
		load(DAILY_LIMIT - readsBeforeWrites - 2);

		const error = await run().then(
			() => undefined,
			(rejection: unknown) => rejection,
		);

		expect(error).toBeInstanceOf(SetupError);
		expect((error as SetupError).message).toBe(
			"These writes need 3 Domotz API calls but only 2 of the key's 100 a day are left, so nothing was written",
		);
		expect(tenant.writes()).toEqual({});
	});

	it('writes when the calls left carry them exactly', async () => {
		load(DAILY_LIMIT - readsBeforeWrites - 3);

		const results = await run();

		expect(results.map((result) => result.outcome.status)).toEqual([
			'updated',
			'updated',
			'updated',
		]);
		expect(tenant.writes()).toEqual({ 'PUT device.editField': 3 });
	});
});

describe('Create Configurations with the link mirror on', () => {
	it('creates nothing when the mirrors of the new configurations would not fit', async () => {
		tenant.load(
			withQuota(
				domotzSeed({ [AGENT]: deviceIds.map((id) => device(id, keysOf(id))) }),
				DAILY_LIMIT - 5,
			),
			connectWiseSeed([]),
		);

		const error = await runCreate(
			clientsReadingUsage(),
			deviceIds.map((deviceId, itemIndex) => ({
				itemIndex,
				agentId: AGENT,
				deviceId,
				companyLink: { kind: 'customerId' as const },
				fallbackName: 'x',
			})),
			{
				keys: ['serial', 'mac', 'ip'],
				onlyActive: true,
				typeMap: [],
				defaultTypeId: NETWORK_DEVICE_TYPE,
				createMissingManufacturers: false,
				truncate: new Set(),
				exclude: new Set(),
				linkStore,
				mirrorInDomotz: true,
			},
		).then(
			() => undefined,
			(rejection: unknown) => rejection,
		);

		expect(error).toBeInstanceOf(SetupError);
		expect((error as SetupError).message).toMatch(
			/^These writes need 3 Domotz API calls but only [0-2] of the key's 100 a day are left/,
		);
		expect(tenant.connectwise.http.count('POST', 'configurations.create')).toBe(0);
		expect(tenant.domotz.http.count('PUT', 'inventory.setValue')).toBe(0);
	});
});
