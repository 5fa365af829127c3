/**
 * The ConnectWise half of Check Setup: the site and codebase, the API member's rights, the link
 * field, the configuration types and statuses, and whether the tenant accepts every form of query
 * the package sends. Nothing here writes; the write probes are in probe-writes.ts.
 */

import type { ConnectWiseClient } from '../connectwise/client';
import { isIn } from '../connectwise/conditions';
import { lookupKey } from '../connectwise/names';
import type { CwConfigurationStatus, CwConfigurationType } from '../connectwise/schemas';
import { describeError } from '../http/errors';
import { agentMarkerQuery, markerQuery, type LinkStore } from '../links/marker';
import { findConfigurationPod, type ConfigurationPod } from '../links/setup';
import { companyThenIdOrder } from '../sync/ordered-sweeps';
import { settle, settleAll } from '../pool';
import { describeRights, missingRights } from './rights';
import {
	failed,
	hintOf,
	nameList,
	notChecked,
	passed,
	statusOf,
	warned,
	type SetupCheck,
} from './report';

export const connectWiseChecks = {
	site: 'ConnectWise site',
	rights: 'ConnectWise API member rights',
	linkField: 'ConnectWise link field',
	typesAndStatuses: 'ConnectWise configuration types and statuses',
	queryForms: 'ConnectWise query forms',
} as const;

/** What new configurations will be given, when the user wants that checked too. */
export interface CreateChoices {
	typeIds: number[];
	statusId?: number;
}

/** A value no record carries, so that every probe query must answer with no rows. */
const absent = 'n8n-check-setup-absent';

interface QueryProbe {
	form: string;
	run: (client: ConnectWiseClient) => Promise<unknown[]>;
}

/** Every form of query the package sends, each asked so that no row can match. */
function queryProbes(store: LinkStore): QueryProbe[] {
	return [
		{
			form: 'link marker of one device',
			run: (client) => client.listConfigurations(markerQuery(store, { agentId: 0, deviceId: 0 })),
		},
		{
			form: 'link markers of one agent',
			run: (client) => client.listConfigurations(agentMarkerQuery(store, 0)),
		},
		{
			form: 'companies by identifier',
			run: (client) => client.listCompanies({ conditions: isIn('identifier', [absent]) }),
		},
		{
			form: 'companies by name',
			run: (client) => client.listCompanies({ conditions: isIn('name', [absent]) }),
		},
		{
			form: 'configurations of companies, ordered by company',
			run: (client) =>
				client.listConfigurations({
					conditions: isIn('company/identifier', [absent]),
					orderBy: companyThenIdOrder,
				}),
		},
		{
			form: 'configurations by ID',
			run: (client) => client.listConfigurations({ conditions: isIn('id', [0]) }),
		},
		{
			form: 'manufacturers by name',
			run: (client) => client.listManufacturers({ name: absent }),
		},
	];
}

export async function checkSite(connectwise: ConnectWiseClient): Promise<SetupCheck> {
	const info = await settle(connectwise.getSystemInfo());
	if (!info.ok) {
		const status = statusOf(info.error);
		return failed(
			connectWiseChecks.site,
			`ConnectWise could not be reached with these credentials: ${describeError(info.error)}`,
			hintOf(info.error) ??
				(status === 401
					? "Check the Company ID and the API member's public and private keys in the ConnectWise PSA API credential."
					: 'Check the site (e.g. api-na.myconnectwise.net) and the Company ID in the ConnectWise PSA API credential.'),
		);
	}
	// Asked after a request, which rediscovers a remembered codebase that no longer serves.
	const apiBase = await connectwise.apiBase();
	const codebase = /\/([^/]+)\/apis\/3\.0$/.exec(apiBase)?.[1];
	return passed(
		connectWiseChecks.site,
		`${new URL(apiBase).host}, codebase ${codebase ?? 'unknown'}, version ${info.value.version ?? 'unknown'}.`,
		{ apiBase, codebase, version: info.value.version, isCloud: info.value.isCloud },
	);
}

export async function checkRights(connectwise: ConnectWiseClient): Promise<SetupCheck> {
	const settings = await settle(connectwise.listMySecurity());
	if (!settings.ok) {
		return warned(
			connectWiseChecks.rights,
			`The API member's rights could not be read: ${describeError(settings.error)}`,
			"Compare the API member's security role with the list in the credentials documentation; a run names any right it finds missing.",
		);
	}
	const missing = missingRights(settings.value);
	const always = missing.filter((right) => right.neededBy === 'everySync');
	const forCreating = missing.filter((right) => right.neededBy === 'creating');
	const details = {
		missing: missing.map(({ functionName, level, why }) => ({ functionName, level, why })),
	};
	if (always.length > 0) {
		return failed(
			connectWiseChecks.rights,
			`The API member lacks ${describeRights(always)} (${always[0].why}).`,
			`Give the API member's security role ${describeRights(missing)} in ConnectWise (System → Security Roles).`,
			details,
		);
	}
	if (forCreating.length > 0) {
		return warned(
			connectWiseChecks.rights,
			`The API member can sync but lacks ${describeRights(forCreating)}, needed only to create configurations.`,
			`Give the API member's security role ${describeRights(forCreating)} before creating configurations.`,
			details,
		);
	}
	return passed(
		connectWiseChecks.rights,
		'The API member has every right the package uses.',
		details,
	);
}

type PodSource = Extract<ConfigurationPod, { kind: 'found' }>['from'] | 'assumed';

const podSources: Record<PodSource, string> = {
	fieldDefinition: 'described as configurations',
	configuration: 'shown by a configuration',
	assumed: 'assumed: no field and no configuration shows it',
};

function podSource(pod: ConfigurationPod): PodSource {
	return pod.kind === 'found' ? pod.from : 'assumed';
}

function describePod(pod: ConfigurationPod): string {
	return `pod ${pod.podId}, ${podSources[podSource(pod)]}`;
}

export async function checkLinkField(
	connectwise: ConnectWiseClient,
	store: LinkStore,
): Promise<{ check: SetupCheck; missing: boolean }> {
	if (store.kind === 'deviceIdentifier') {
		return {
			check: passed(
				connectWiseChecks.linkField,
				'Links are kept in Device Identifier; no field is needed.',
			),
			missing: false,
		};
	}
	const read = await settle(
		connectwise
			.listUserDefinedFields()
			.then(async (fields) => ({ fields, pod: await findConfigurationPod(connectwise, fields) })),
	);
	if (!read.ok) {
		return {
			check: failed(
				connectWiseChecks.linkField,
				`The custom fields could not be read: ${describeError(read.error)}`,
				"Give the API member's security role Table Setup inquire.",
			),
			missing: false,
		};
	}
	const { fields, pod } = read.value;
	const wanted = lookupKey(store.caption);
	const found = fields.find(
		(field) => lookupKey(field.caption) === wanted && field.podId === pod.podId,
	);
	const details = { podId: pod.podId, podFrom: podSource(pod) };
	if (found) {
		return {
			check: passed(
				connectWiseChecks.linkField,
				`The custom field "${found.caption}" (ID ${found.id}) holds the links on the configuration screen (${describePod(pod)}).`,
				{ ...details, fieldId: found.id },
			),
			missing: false,
		};
	}
	return {
		check: warned(
			connectWiseChecks.linkField,
			`There is no custom field "${store.caption}" on the configuration screen yet (${describePod(pod)}).`,
			'Run Check Setup with Probe Writes on to create it now, or let the first run that links devices create it (needs Table Setup add).',
			details,
		),
		missing: true,
	};
}

export async function checkTypesAndStatuses(
	connectwise: ConnectWiseClient,
	choices: CreateChoices | undefined,
): Promise<SetupCheck> {
	const read = await settle(
		Promise.all([connectwise.listConfigurationTypes(), connectwise.listConfigurationStatuses()]),
	);
	if (!read.ok) {
		return failed(
			connectWiseChecks.typesAndStatuses,
			`The configuration types and statuses could not be read: ${describeError(read.error)}`,
			"Give the API member's security role Table Setup inquire.",
		);
	}
	const [types, statuses] = read.value;
	const problems = choices ? choiceProblems(types, statuses, choices) : [];
	const details = {
		types: types.length,
		statuses: statuses.length,
		defaultStatus: statuses.find((status) => status.defaultFlag === true)?.description,
	};
	if (types.length === 0) {
		return failed(
			connectWiseChecks.typesAndStatuses,
			'ConnectWise has no configuration types.',
			'Add configuration types in ConnectWise (Setup Tables → Configuration Type) before creating configurations.',
			details,
		);
	}
	if (problems.length > 0) {
		return failed(
			connectWiseChecks.typesAndStatuses,
			`${problems.join('; ')}.`,
			'Choose existing, active types and an existing status in the Type Map, Default Type and Status parameters.',
			details,
		);
	}
	return passed(
		connectWiseChecks.typesAndStatuses,
		`${types.length} configuration types and ${statuses.length} statuses${choices ? '; the chosen types and status exist' : ''}.`,
		details,
	);
}

function choiceProblems(
	types: readonly CwConfigurationType[],
	statuses: readonly CwConfigurationStatus[],
	choices: CreateChoices,
): string[] {
	const typeById = new Map(types.map((type) => [type.id, type]));
	const problems = [...new Set(choices.typeIds)].flatMap((typeId) => {
		const type = typeById.get(typeId);
		if (!type) return [`there is no configuration type ${typeId}`];
		return type.inactiveFlag === true
			? [`configuration type "${type.name}" (${typeId}) is inactive`]
			: [];
	});
	if (
		choices.statusId !== undefined &&
		!statuses.some((status) => status.id === choices.statusId)
	) {
		problems.push(`there is no configuration status ${choices.statusId}`);
	}
	return problems;
}

export async function checkQueryForms(
	connectwise: ConnectWiseClient,
	store: LinkStore,
): Promise<SetupCheck> {
	const probes = queryProbes(store);
	const answers = await settleAll(probes, probes.length, (probe) => probe.run(connectwise));
	const refused = probes.flatMap((probe, index) => {
		const answer = answers[index];
		if (answer.ok) {
			return answer.value.length === 0
				? []
				: [`${probe.form}: matched ${answer.value.length} rows`];
		}
		return [`${probe.form}: ${describeError(answer.error)}`];
	});
	const details = { forms: probes.map((probe) => probe.form), problems: refused };
	if (refused.length > 0) {
		return failed(
			connectWiseChecks.queryForms,
			`The tenant did not answer ${refused.length} of ${probes.length} query forms as documented: ${nameList(refused, 3)}.`,
			'Do not run syncs on this tenant yet: report it with the API transcript of this check attached.',
			details,
		);
	}
	return passed(
		connectWiseChecks.queryForms,
		`All ${probes.length} query forms the package sends were accepted and matched nothing, as they should.`,
		details,
	);
}

export function connectWiseNotChecked(because: string): SetupCheck[] {
	return [
		connectWiseChecks.rights,
		connectWiseChecks.linkField,
		connectWiseChecks.typesAndStatuses,
		connectWiseChecks.queryForms,
	].map((check) => notChecked(check, because));
}
