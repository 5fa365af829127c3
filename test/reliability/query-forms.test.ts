/**
 * Every query form the product sends ConnectWise, collected from what the simulator received over
 * Sync Agent, Create Configurations, Match (by Customer ID, by agent name, with links in Device
 * Identifier), Link, Unlink (of every agent too) and Sync Fields, with hostile names on the way
 * and the answers of a configuration and a manufacturer create lost (so that both are looked for).
 * Each must be in a form the Developer Guide shows: it must parse under the strict grammar, and the
 * list of forms is spelled out, so a new one is looked at before it ships.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { byId, SimulatedTenant } from '../nodes/support';
import {
	CONDITION_GRAMMARS,
	ConnectWiseSimulator,
	customFieldFormProblem,
	parseConditions,
} from '../simulators/connectwise';
import {
	AGENTS,
	COMPANIES,
	CONFIGURATION_TYPE,
	CONTROL_CONFIGURATIONS,
	CONTROL_DEVICES,
	HOSTILE_DEVICE,
	PROBE_DEVICE,
	connectWiseTenant,
	controlItems,
	domotzTenant,
	hostileDevice,
	itemOf,
} from './hostile-tenant';
import { ReceivedRequests } from './received-requests';

class StrictTenant extends SimulatedTenant {
	override readonly connectwise = new ConnectWiseSimulator({ requestsPerMinute: 0 });
}

const tenant = new StrictTenant();
const received = new ReceivedRequests();
const QUERY_PARAMETERS = ['conditions', 'customFieldConditions', 'childConditions'];

beforeAll(async () => {
	await tenant.start();
	received.start();
});
afterAll(async () => {
	received.stop();
	await tenant.close();
});

/** Hostile names where a query could pick them up: an agent's name and Customer ID, a vendor. */
const HOSTILE_VENDOR = 'Acme "Quoted" Networks\\EU';

function load(): void {
	tenant.load(
		domotzTenant({
			devices: [
				hostileDevice(HOSTILE_DEVICE, {
					display_name: 'Lobby "AP" \\ 1',
					vendor: HOSTILE_VENDOR,
					details: { serial: 'SN"950\\X' },
					hw_address: '02:00:00:09:09:50',
				}),
			],
			probe: {
				display_name: 'Probe "Quoted" Labs',
				installation_info: { customer_id: 'PRO"BE\\1' },
			},
		}),
		connectWiseTenant(),
	);
}

interface Step {
	what: string;
	parameters: INodeParameters;
	input: IDataObject[];
	/** Answers lost once, so that the product looks for what its create made. */
	lost?: string[];
}

const steps: Step[] = [
	{
		what: 'Sync Agent, creating, with a lost configuration and manufacturer create',
		parameters: {
			resource: 'agent',
			operation: 'syncAgent',
			agentSelection: 'all',
			companyLink: 'customerId',
			createUnmatched: true,
			defaultType: String(CONFIGURATION_TYPE.workstation),
			collectorType: String(CONFIGURATION_TYPE.workstation),
			options: { createManufacturers: true },
		},
		input: [{}],
		lost: ['configurations.create', 'manufacturers.create'],
	},
	{
		what: 'Sync Agent, companies by agent name',
		parameters: {
			resource: 'agent',
			operation: 'syncAgent',
			agentSelection: 'all',
			companyLink: 'agentName',
			createUnmatched: false,
			syncCollector: false,
		},
		input: [{}],
	},
	{
		what: 'Create Configurations into one company',
		parameters: {
			operation: 'createConfigurations',
			companyLink: 'company',
			company: byId(COMPANIES.second.id),
			defaultType: String(CONFIGURATION_TYPE.workstation),
		},
		input: [itemOf(911, AGENTS.second)],
	},
	{
		what: 'Match by agent name, saving links',
		parameters: { operation: 'matchConfigurations', companyLink: 'agentName', saveLinks: true },
		input: [...controlItems, itemOf(PROBE_DEVICE, AGENTS.probe)],
	},
	{
		what: 'Match by Customer ID, links in Device Identifier',
		parameters: {
			operation: 'matchConfigurations',
			companyLink: 'customerId',
			saveLinks: true,
			options: { linkStorage: 'deviceIdentifier' },
		},
		input: controlItems,
	},
	{
		what: 'Link',
		parameters: { operation: 'link', configuration: byId(CONTROL_CONFIGURATIONS.spare) },
		input: [itemOf(CONTROL_DEVICES.unmatched)],
	},
	{
		what: 'Unlink every device of the agent',
		parameters: { operation: 'unlink', unlinkScope: 'agent' },
		input: [itemOf(CONTROL_DEVICES.linked)],
	},
	{
		what: 'Unlink every device of the agent, links in Device Identifier',
		parameters: {
			operation: 'unlink',
			unlinkScope: 'agent',
			options: { linkStorage: 'deviceIdentifier' },
		},
		input: [itemOf(CONTROL_DEVICES.matched)],
	},
	{
		what: 'Sync Fields',
		parameters: { operation: 'syncFields', options: { createManufacturers: true } },
		input: [...controlItems, itemOf(HOSTILE_DEVICE)],
	},
	{
		what: 'Unlink every agent, links in Device Identifier, dry run',
		parameters: {
			operation: 'unlink',
			unlinkScope: 'everyAgent',
			dryRun: true,
			options: { linkStorage: 'deviceIdentifier' },
		},
		input: [{}],
	},
	{
		what: 'Unlink every agent, removing the field definitions',
		parameters: { operation: 'unlink', unlinkScope: 'everyAgent', removeFieldDefinitions: true },
		input: [{}],
	},
];

/** Every condition text ConnectWise received, by parameter. */
const sent: Array<{ step: string; parameter: string; text: string }> = [];

/** A query's form: its string and number values, and its lists, left out. */
function formOf(parameter: string, text: string): string {
	const form = text
		.replace(/"[^"]*"/g, '"…"')
		.replace(/\b\d+\b/g, 'N')
		.replace(/\(([^()]*)\)/g, '(…)');
	return `${parameter}: ${form}`;
}

describe('Every ConnectWise query the product sends', () => {
	beforeAll(async () => {
		load();
		for (const step of steps) {
			received.clear();
			tenant.connectwise.http.setFaults(
				(step.lost ?? []).map((route) => ({
					route,
					fault: { type: 'lostResponse' as const },
					rate: 1,
					times: 1,
				})),
			);
			await tenant.run('sync', step.parameters, step.input, 'continueRegularOutput');
			tenant.connectwise.http.setFaults([]);
			for (const url of received.receivedBy(tenant.connectwise.baseUrl)) {
				for (const parameter of QUERY_PARAMETERS) {
					const text = url.searchParams.get(parameter);
					if (text !== null) sent.push({ step: step.what, parameter, text });
				}
			}
		}
	});

	it('was asked of every step, the lost creates looked for by their markers', () => {
		expect(new Set(sent.map((query) => query.step))).toEqual(
			new Set(steps.map((step) => step.what)),
		);
		expect(
			sent.some((query) =>
				/^caption = "Domotz Link" AND value like "domotz:\d+\/\d+\*"$/.test(query.text),
			),
		).toBe(true);
	});

	it('sends every condition in a documented form', () => {
		const undocumented = sent.flatMap(({ step, parameter, text }) => {
			const parsed = parseConditions(text, CONDITION_GRAMMARS.documented);
			if (!parsed.ok) return [`${step}: ${parameter}=${text} (${parsed.message})`];
			const formProblem =
				parameter === 'customFieldConditions'
					? customFieldFormProblem(parsed.condition)
					: undefined;
			return formProblem ? [`${step}: ${parameter}=${text} (${formProblem})`] : [];
		});
		expect(undocumented).toEqual([]);
	});

	it('sends these forms and no others', () => {
		expect([...new Set(sent.map(({ parameter, text }) => formOf(parameter, text)))].sort()).toEqual(
			[
				'conditions: company/id = N',
				'conditions: company/identifier in (…)',
				'conditions: company/name in (…)',
				'conditions: deviceIdentifier like "…"',
				'conditions: id = N',
				'conditions: id in (…)',
				'conditions: identifier = "…"',
				'conditions: identifier in (…)',
				'conditions: name = "…"',
				'conditions: name in (…)',
				'customFieldConditions: caption = "…" AND value like "…"',
			],
		);
	});
});
