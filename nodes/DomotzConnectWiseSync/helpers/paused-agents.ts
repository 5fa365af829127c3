import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import {
	decidePausedAgents,
	recordRunOutcomes,
	type AgentPause,
	type PauseDecision,
	type ResumeEntry,
} from '../../../lib/sync/paused-agents';
import type { AgentSyncReport } from '../../../lib/sync/sync-agent';
import { parseNumericId } from '../../shared/parameters';
import { readPauseBook, savePauseBook } from './last-sync';
import { agentFailureCause } from './outputs/agent';

/** Sync Agent's options for the guide's "automatic sync switched off after a failure". */
export const pauseOptions: INodeProperties[] = [
	{
		displayName: 'Pause Agents After a Failed Sync',
		name: 'pauseFailedAgents',
		type: 'boolean',
		default: false,
		description:
			'Whether an agent whose sync fails is left out of later runs, with status "paused", until it is resumed: Domotz turns its automatic sync off after a failure. Scheduled runs pause and resume; n8n keeps nothing a manual run changes.',
	},
	{
		displayName: 'Resume Paused Agent Names or IDs',
		name: 'resumePausedAgents',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getAgentsToResume' },
		default: [],
		description:
			'Paused agents the next scheduled run syncs again. Each choice resumes once: a later failure pauses the agent again. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];

/** The choice of Resume Paused Agents that stands for every paused agent. */
export const RESUME_ALL = 'all';

export interface PauseRun {
	pauseAfterFailure: boolean;
	/** n8n saves no static data after a manual run: such a run pauses and resumes nothing. */
	keepsPauses: boolean;
	decision: PauseDecision;
}

/**
 * Which paused agents the run leaves out. A manual run syncs the chosen agents even when paused,
 * so that a fix can be tried before the agent is resumed.
 */
export function startPauseRun(
	context: IExecuteFunctions,
	agents: 'all' | readonly number[],
	dryRun: boolean,
	now: string,
): PauseRun {
	const options = context.getNodeParameter('options', 0, {}) as {
		pauseFailedAgents?: boolean;
		resumePausedAgents?: unknown[];
	};
	const pauseAfterFailure = options.pauseFailedAgents ?? false;
	const manual = context.getMode() === 'manual';
	const decision = decidePausedAgents(readPauseBook(context), {
		pauseAfterFailure,
		resume: readResumeEntries(context, options.resumePausedAgents ?? []),
		tryAnyway: manual && agents !== 'all' ? agents : [],
		now,
	});
	for (const pause of decision.tried) {
		context.addExecutionHints({
			type: 'info',
			location: 'outputPane',
			message: `Agent "${pause.agentName}" (${pause.agentId}) is paused since ${pause.pausedAt}; this manual run syncs it anyway, and n8n keeps nothing a manual run changes. To resume it, choose it in Resume Paused Agents.`,
		});
	}
	return { pauseAfterFailure, keepsPauses: !manual && !dryRun, decision };
}

export const pausedAgentIds = (run: PauseRun) => run.decision.paused.map((pause) => pause.agentId);

/**
 * Records the run's failed agents as paused, each with its failure in the words of its Failed
 * Sync; returns each agent's pause after the run.
 */
export function finishPauseRun(
	context: IExecuteFunctions,
	run: PauseRun,
	reports: readonly AgentSyncReport[],
	now: string,
): Map<number, AgentPause> {
	const failures = reports.flatMap((report) =>
		report.status === 'failed'
			? [{ ...agentIdentity(report), failure: agentFailureCause(context, report.error) }]
			: [],
	);
	const book = run.pauseAfterFailure
		? recordRunOutcomes(run.decision.book, failures, now)
		: run.decision.book;
	if (run.keepsPauses) savePauseBook(context, book);
	const inForce = run.keepsPauses ? book.pauses : [...run.decision.paused, ...run.decision.tried];
	return new Map(inForce.map((pause) => [pause.agentId, pause]));
}

const agentIdentity = ({ agentId, agentName }: AgentSyncReport) => ({ agentId, agentName });

function readResumeEntries(context: IExecuteFunctions, chosen: unknown[]): ResumeEntry[] {
	return chosen.map((value, index) => {
		if (value === RESUME_ALL) return RESUME_ALL;
		const agentId = parseNumericId(value);
		if (agentId === undefined) {
			throw new NodeOperationError(
				context.getNode(),
				`Entry ${index + 1} of the option "Resume Paused Agents" is not an agent ID: "${String(value)}"`,
				{ description: 'Choose agents from the list, or "All Paused Agents".' },
			);
		}
		return agentId;
	});
}
