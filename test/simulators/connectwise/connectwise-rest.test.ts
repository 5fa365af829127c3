/**
 * An independent client, the npm package `connectwise-rest` (1.3.0), against the simulator.
 *
 * The package always builds `https://${companyUrl}/${entryPoint}/apis/3.0` into the axios instance
 * it creates in its constructor, and the simulator speaks plain HTTP. The one seam is that instance
 * (`instance`, private in its TypeScript types only): its `defaults.baseURL` is pointed at the
 * simulator, and nothing else of the client is touched. Its pagination then runs unchanged.
 */
import { ManageAPI } from 'connectwise-rest';

import { type ConfigurationSeed, ConnectWiseSimulator, defaultSeed } from './index';

interface AxiosHolder {
	instance: { defaults: { baseURL?: string } };
}

const COMPANY_TWO_COUNT = 2_600;

function configurations(): ConfigurationSeed[] {
	const forCompanyTwo = Array.from({ length: COMPANY_TWO_COUNT }, (_unused, index) => ({
		name: `Workstation ${index + 1}`,
		type: { id: 1 },
		company: { id: 2 },
		serialNumber: `WS-${index + 1}`,
	}));
	const forOthers = Array.from({ length: 400 }, (_unused, index) => ({
		name: `Other ${index + 1}`,
		type: { id: 2 },
		company: { id: 3 + (index % 2) },
	}));
	// Interleave so that company 2's ids are not one contiguous block.
	return forCompanyTwo
		.flatMap((configuration, index) =>
			index % 13 === 0 && forOthers.length > 0
				? [configuration, forOthers.pop() as ConfigurationSeed]
				: [configuration],
		)
		.concat(forOthers);
}

describe('connectwise-rest against the simulator', () => {
	const simulator = new ConnectWiseSimulator({
		seed: { ...defaultSeed(), configurations: configurations() },
	});
	let client: ManageAPI;

	function pointAtSimulator(target: object): void {
		(target as AxiosHolder).instance.defaults.baseURL = simulator.apiBaseUrl;
	}

	beforeAll(async () => {
		await simulator.start();
		const { companyId, publicKey, privateKey, clientId } = simulator.credentials;
		client = new ManageAPI({
			companyId,
			publicKey,
			privateKey,
			clientId,
			companyUrl: new URL(simulator.baseUrl).host,
			entryPoint: simulator.codebase.replace(/\/$/, ''),
			apiVersion: simulator.apiVersion,
			logger: () => undefined,
		});
	});
	afterAll(async () => {
		await simulator.close();
	});
	beforeEach(() => {
		simulator.http.resetCounts();
		pointAtSimulator(client);
		pointAtSimulator(client.CompanyAPI);
	});

	const companyTwoIds = (): number[] =>
		simulator.state
			.configurations()
			.filter((configuration) => configuration.company.id === 2)
			.map((configuration) => configuration.id);

	it('builds an https URL of its own, which a plain HTTP server cannot answer', async () => {
		(client as unknown as AxiosHolder).instance.defaults.baseURL =
			`https://${new URL(simulator.baseUrl).host}/v2025_1/apis/3.0`;
		const failure = await client.request({ path: '/system/info' }).then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(failure).toMatchObject({ status: undefined });
		expect(String((failure as { message?: string }).message)).toMatch(
			/ssl|tls|eproto|wrong version/i,
		);
		expect(simulator.http.count('GET', 'system.info')).toBe(0);
	});

	it.each([
		[1000, 3],
		[250, 11],
		[520, 6],
	])(
		'lists all 2,600 configurations of a company with pageSize %i in %i requests',
		async (pageSize, requests) => {
			const listed = (await client.paginate(
				client.CompanyAPI.getCompanyConfigurations,
				{ pageSize },
				// The generated method takes an unused `managedIdentifier` before its query parameters.
				{},
				{ conditions: 'company/id = 2', fields: 'id,name,company/id' },
			)) as Array<{ id: number; company: { id: number } }>;
			const ids = listed.map((configuration) => configuration.id);
			expect(ids).toHaveLength(COMPANY_TWO_COUNT);
			expect(new Set(ids).size).toBe(COMPANY_TWO_COUNT);
			expect([...ids].sort((left, right) => left - right)).toEqual(companyTwoIds());
			expect(listed.every((configuration) => configuration.company.id === 2)).toBe(true);
			expect(simulator.http.count('GET', 'configurations.list')).toBe(requests);
		},
	);

	it('counts, creates and patches through its generated methods', async () => {
		const count = await client.CompanyAPI.getCompanyConfigurationsCount('', {
			conditions: 'company/id = 2',
		});
		const created = await client.CompanyAPI.postCompanyConfigurations({
			name: 'Created by connectwise-rest',
			type: { id: 4 },
			company: { id: 2 },
		});
		// The generated PatchOperation types `value` as an object; ConnectWise takes any JSON value.
		const serialNumber = 'CWR-1' as unknown as Record<string, unknown>;
		const patched = await client.CompanyAPI.patchCompanyConfigurationsById(created.id as number, [
			{ op: 'replace', path: 'serialNumber', value: serialNumber },
		]);
		expect(count).toEqual({ count: COMPANY_TWO_COUNT });
		expect(patched).toMatchObject({
			id: created.id,
			serialNumber: 'CWR-1',
			type: { name: 'Firewall' },
		});
		expect(simulator.state.removeConfiguration(created.id as number)).toBe(true);
	});

	it('surfaces the simulator error body for a bad request', async () => {
		const failure = await client.CompanyAPI.postCompanyConfigurations({
			name: 'x'.repeat(101),
			type: { id: 4 },
			company: { id: 2 },
		}).then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(failure).toMatchObject({
			status: 400,
			data: { code: 'InvalidObject', errors: [{ code: 'MaxLengthField', field: 'name' }] },
		});
	});
});
