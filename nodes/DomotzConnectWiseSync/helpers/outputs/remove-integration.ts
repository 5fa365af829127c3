import type { IDataObject } from 'n8n-workflow';

import type { DefinitionRemoval } from '../../../../lib/links/remove-definitions';
import type { RemoveIntegrationReport } from '../../../../lib/sync/remove-integration';

const definitionsCounted: ReadonlySet<DefinitionRemoval['status']> = new Set([
	'removed',
	'wouldBeRemoved',
]);

/**
 * Unlink › Every Agent as one item: the counts first, as the table view shows them, then each
 * field definition's fate, the agents, and what was unlinked.
 */
export function describeRemoval(report: RemoveIntegrationReport): IDataObject {
	const { linkField, mirrorField } = report.definitions;
	return {
		dryRun: report.dryRun,
		configurationsUnlinked: report.configurations.length,
		mirrorsCleared: report.mirrors.length,
		definitionsRemoved: [linkField, mirrorField].filter((definition) =>
			definitionsCounted.has(definition.status),
		).length,
		linkFieldDefinition: { ...linkField },
		mirrorFieldDefinition: { ...mirrorField },
		agents: report.agents.map((agent) => ({ ...agent })),
		configurations: report.configurations.map((configuration) => ({ ...configuration })),
		...(report.problems.length > 0 ? { problems: report.problems } : {}),
	};
}
