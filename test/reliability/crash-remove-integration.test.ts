/**
 * Crash and retry of Unlink › Every Agent through n8n-core: the run is killed after each of its
 * requests in turn, then run again. The second run must finish without error and leave no marker,
 * no mirror and (when asked) no field definition, with every configuration still there and every
 * other field, custom field and Domotz inventory value as it was.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type * as Transport from '../../nodes/shared/transport';
import { domotzLinkInventoryField, parseMarker } from '../../lib/links/marker';
import { runSync, UnthrottledTenant } from '../nodes/sync-fixtures';
import type { Configuration } from '../simulators/connectwise';
import { generateMspTenant, type GeneratedTenant } from '../simulators/generator';
import { killSwitch, type KillSwitch } from './kill-switch';
import { recordReliability } from './record';

jest.mock('../../nodes/shared/transport', () => {
	const actual = jest.requireActual<typeof Transport>('../../nodes/shared/transport');
	const shared = jest.requireActual<{ killSwitch: KillSwitch }>('./kill-switch').killSwitch;
	return {
		...actual,
		n8nHttpPort: (...args: Parameters<typeof actual.n8nHttpPort>) =>
			shared.guard(actual.n8nHttpPort(...args)),
	};
});

const tenant = new UnthrottledTenant();

beforeAll(async () => {
	await tenant.start();
});
afterAll(async () => {
	await tenant.close();
});

const LINK_CAPTION = 'Domotz Link';
const MIRROR_KEY = domotzLinkInventoryField.key;

/** Three agents (the last without API access) of 16 devices, linked and partly mirrored. */
const generated: GeneratedTenant = generateMspTenant({
	seed: 1_919,
	agents: 3,
	devicesPerAgent: 16,
	linkStore: 'customField',
});

/** Everything the removal must leave as it was: configurations and inventories, links aside. */
function untouched(): { configurations: IDataObject[]; inventories: IDataObject } {
	const configurations = tenant.connectwise.state
		.configurations()
		.map((configuration: Configuration) => {
			const copy: IDataObject = {
				...configuration,
				customFields: configuration.customFields.filter((field) => field.caption !== LINK_CAPTION),
			};
			delete copy._info;
			return copy;
		});
	const { deviceInventory = {} } = tenant.domotz.state.exportSeed();
	const inventories = Object.fromEntries(
		Object.entries(deviceInventory).flatMap(([agentKey, devices]) =>
			Object.entries(devices).flatMap(([deviceKey, values]) => {
				const others = { ...values };
				delete others[MIRROR_KEY];
				return Object.keys(others).length > 0 ? [[`${agentKey}/${deviceKey}`, others]] : [];
			}),
		),
	);
	return { configurations, inventories };
}

/** Links and mirrors still present, and the definitions still there. */
function leftOver() {
	const markers = tenant.connectwise.state
		.configurations()
		.filter(
			(configuration) =>
				parseMarker(tenant.connectwise.state.customFieldValue(configuration.id, LINK_CAPTION))
					.kind === 'device',
		)
		.map((configuration) => configuration.id);
	const mirrors = tenant.domotz.state
		.agentRecords()
		.flatMap((agent) =>
			[...agent.devices.values()]
				.filter((record) => record.inventory.has(MIRROR_KEY))
				.map((record) => `${agent.agent.id}/${record.device.id}`),
		);
	return {
		markers,
		mirrors,
		linkField: tenant.connectwise.state
			.userDefinedFields()
			.some((field) => field.caption === LINK_CAPTION),
		mirrorField: tenant.domotz.state.inventoryField(MIRROR_KEY) !== undefined,
	};
}

interface KillPoint {
	requestsBeforeKill: number;
	markersAtKill: number;
	mirrorsAtKill: number;
	rerunError?: string;
	left: ReturnType<typeof leftOver>;
	unchanged: boolean;
}

describe.each([
	{ removeFieldDefinitions: false, definitionsLeft: true },
	{ removeFieldDefinitions: true, definitionsLeft: false },
])(
	'Every Agent (Remove Field Definitions: $removeFieldDefinitions) killed after each request, then run again',
	({ removeFieldDefinitions, definitionsLeft }) => {
		const parameters: INodeParameters = {
			operation: 'unlink',
			unlinkScope: 'everyAgent',
			removeFieldDefinitions,
		};
		let requestsPerRun = 0;
		let linksAtStart: ReturnType<typeof leftOver>;
		const points: KillPoint[] = [];

		beforeAll(async () => {
			tenant.load(generated.domotz, generated.connectwise);
			linksAtStart = leftOver();
			const before = untouched();
			killSwitch.disarm();
			const uninterrupted = await runSync(tenant, parameters, [{}]);
			expect(uninterrupted.error).toBeUndefined();
			requestsPerRun = killSwitch.requestsSent;

			for (let requestsBeforeKill = 0; requestsBeforeKill < requestsPerRun; requestsBeforeKill++) {
				tenant.load(generated.domotz, generated.connectwise);
				killSwitch.arm(requestsBeforeKill);
				await runSync(tenant, parameters, [{}]);
				const atKill = leftOver();
				killSwitch.disarm();
				const rerun = await runSync(tenant, parameters, [{}]);
				points.push({
					requestsBeforeKill,
					markersAtKill: atKill.markers.length,
					mirrorsAtKill: atKill.mirrors.length,
					...(rerun.error ? { rerunError: rerun.error.message } : {}),
					left: leftOver(),
					unchanged: JSON.stringify(untouched()) === JSON.stringify(before),
				});
			}
			killSwitch.disarm();
			recordReliability(`crashRemoveIntegration removeFieldDefinitions=${removeFieldDefinitions}`, {
				killPoints: points.length,
				rerunErrors: points.filter((point) => point.rerunError !== undefined).length,
				markersLeft: points.reduce((sum, point) => sum + point.left.markers.length, 0),
				mirrorsLeft: points.reduce((sum, point) => sum + point.left.mirrors.length, 0),
				otherDataChanged: points.filter((point) => !point.unchanged).length,
			});
		}, 600_000);

		it('starts from a tenant with links on both sides', () => {
			expect(linksAtStart.markers.length).toBeGreaterThan(5);
			expect(linksAtStart.mirrors.length).toBeGreaterThan(2);
			expect(requestsPerRun).toBeGreaterThan(40);
		});

		it('is killed at every request, some runs halfway through the clears', () => {
			expect(points.map((point) => point.requestsBeforeKill)).toEqual(
				Array.from({ length: requestsPerRun }, (_unused, index) => index),
			);
			expect(
				points.some(
					(point) => point.markersAtKill > 0 && point.markersAtKill < linksAtStart.markers.length,
				),
			).toBe(true);
			expect(
				points.some(
					(point) => point.mirrorsAtKill > 0 && point.mirrorsAtKill < linksAtStart.mirrors.length,
				),
			).toBe(true);
		});

		it('finishes the job on the re-run, without error, leaving no marker and no mirror', () => {
			expect(
				points.filter(
					(point) =>
						point.rerunError !== undefined ||
						point.left.markers.length > 0 ||
						point.left.mirrors.length > 0 ||
						point.left.linkField !== definitionsLeft ||
						point.left.mirrorField !== definitionsLeft,
				),
			).toEqual([]);
		});

		it('keeps every configuration, every other field and every other inventory value', () => {
			expect(
				points.filter((point) => !point.unchanged).map((point) => point.requestsBeforeKill),
			).toEqual([]);
		});
	},
);
