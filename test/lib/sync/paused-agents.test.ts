import { agentsSharingOneCompany, type CompanyLink } from '../../../lib/sync/company-link';
import {
	decidePausedAgents,
	emptyPauseBook,
	parsePauseBook,
	recordRunOutcomes,
	type AgentPause,
	type PauseBook,
	type PauseRequest,
} from '../../../lib/sync/paused-agents';

const pause = (agentId: number, pausedAt: string): AgentPause => ({
	agentId,
	agentName: `agent ${agentId}`,
	pausedBecause: 'Domotz answered 403',
	pausedAt,
});

const MONDAY = '2030-01-07T08:00:00.000Z';
const TUESDAY = '2030-01-08T08:00:00.000Z';
const WEDNESDAY = '2030-01-09T08:00:00.000Z';

const book = (pauses: AgentPause[], resumeSeen: PauseBook['resumeSeen'] = []): PauseBook => ({
	pauses,
	resumeSeen,
});

const request = (overrides: Partial<PauseRequest> = {}): PauseRequest => ({
	pauseAfterFailure: true,
	resume: [],
	tryAnyway: [],
	now: TUESDAY,
	...overrides,
});

const agentIdsOf = (pauses: readonly AgentPause[]) => pauses.map((found) => found.agentId);

describe('decidePausedAgents', () => {
	it('leaves every paused agent out of the run, and resumes none, while nothing asks to', () => {
		const decision = decidePausedAgents(book([pause(1, MONDAY), pause(2, MONDAY)]), request());
		expect(agentIdsOf(decision.paused)).toEqual([1, 2]);
		expect(decision.tried).toEqual([]);
		expect(decision.resumed).toEqual([]);
		expect(decision.book.pauses).toEqual([pause(1, MONDAY), pause(2, MONDAY)]);
	});

	it('resumes the agents Resume Paused Agents names, and keeps the others paused', () => {
		const decision = decidePausedAgents(
			book([pause(1, MONDAY), pause(2, MONDAY)]),
			request({ resume: [2] }),
		);
		expect(agentIdsOf(decision.resumed)).toEqual([2]);
		expect(agentIdsOf(decision.paused)).toEqual([1]);
		expect(agentIdsOf(decision.book.pauses)).toEqual([1]);
		expect(decision.book.resumeSeen).toEqual([{ entry: 2, since: TUESDAY }]);
	});

	it('resumes every paused agent with "all"', () => {
		const decision = decidePausedAgents(
			book([pause(1, MONDAY), pause(2, MONDAY)]),
			request({ resume: ['all'] }),
		);
		expect(agentIdsOf(decision.resumed)).toEqual([1, 2]);
		expect(decision.paused).toEqual([]);
	});

	it('does not undo a later pause with an entry left in the option', () => {
		// Resumed on Tuesday, failed again on Wednesday, the entry still in the option.
		const decision = decidePausedAgents(
			book([pause(2, WEDNESDAY)], [{ entry: 2, since: TUESDAY }]),
			request({ resume: [2], now: '2030-01-10T08:00:00.000Z' }),
		);
		expect(agentIdsOf(decision.paused)).toEqual([2]);
		expect(decision.resumed).toEqual([]);
		expect(decision.book.resumeSeen).toEqual([{ entry: 2, since: TUESDAY }]);
	});

	it('forgets an entry once it leaves the option: choosing it again resumes again', () => {
		const removed = decidePausedAgents(
			book([pause(2, WEDNESDAY)], [{ entry: 2, since: TUESDAY }]),
			request({ now: '2030-01-10T08:00:00.000Z' }),
		);
		expect(removed.book.resumeSeen).toEqual([]);
		const chosenAgain = decidePausedAgents(
			removed.book,
			request({ resume: [2], now: '2030-01-11T08:00:00.000Z' }),
		);
		expect(agentIdsOf(chosenAgain.resumed)).toEqual([2]);
	});

	it('runs a paused agent a manual run names, and keeps it paused', () => {
		const decision = decidePausedAgents(
			book([pause(1, MONDAY), pause(2, MONDAY)]),
			request({ tryAnyway: [1] }),
		);
		expect(agentIdsOf(decision.tried)).toEqual([1]);
		expect(agentIdsOf(decision.paused)).toEqual([2]);
		expect(agentIdsOf(decision.book.pauses)).toEqual([1, 2]);
	});

	it('with the option off, pauses nothing and lifts every pause', () => {
		const decision = decidePausedAgents(
			book([pause(1, MONDAY)], [{ entry: 'all', since: MONDAY }]),
			request({ pauseAfterFailure: false }),
		);
		expect(decision.paused).toEqual([]);
		expect(agentIdsOf(decision.resumed)).toEqual([1]);
		expect(decision.book).toEqual(emptyPauseBook);
	});
});

describe('recordRunOutcomes', () => {
	it('pauses each failed agent with its failure and the time, and keeps the earlier pauses', () => {
		const after = recordRunOutcomes(
			book([pause(1, MONDAY)]),
			[
				{ agentId: 2, agentName: 'Harbour', failure: 'ConnectWise answered 500' },
				{ agentId: 3, agentName: 'Quay' },
			],
			TUESDAY,
		);
		expect(after.pauses).toEqual([
			pause(1, MONDAY),
			{
				agentId: 2,
				agentName: 'Harbour',
				pausedBecause: 'ConnectWise answered 500',
				pausedAt: TUESDAY,
			},
		]);
	});

	it('gives an agent paused again its latest failure', () => {
		const after = recordRunOutcomes(
			book([pause(1, MONDAY)]),
			[{ agentId: 1, agentName: 'agent 1', failure: 'timed out' }],
			TUESDAY,
		);
		expect(after.pauses).toEqual([{ ...pause(1, TUESDAY), pausedBecause: 'timed out' }]);
	});
});

describe('parsePauseBook', () => {
	it('reads back what was stored, and takes anything unreadable for no pause', () => {
		const stored = book([pause(1, MONDAY)], [{ entry: 'all', since: TUESDAY }]);
		expect(parsePauseBook(JSON.parse(JSON.stringify(stored)))).toEqual(stored);
		expect(parsePauseBook(undefined)).toEqual(emptyPauseBook);
		expect(parsePauseBook({ pauses: [{ agentId: 'one' }], resumeSeen: [] })).toEqual(
			emptyPauseBook,
		);
	});
});

describe('agentsSharingOneCompany', () => {
	const oneCompany = (companyId: number): CompanyLink => ({ kind: 'company', companyId });

	it('names the agents of each company that receives several agents’ devices', () => {
		expect(
			agentsSharingOneCompany([
				{ agentId: 7, companyLink: oneCompany(50) },
				{ agentId: 5, companyLink: oneCompany(50) },
				{ agentId: 7, companyLink: oneCompany(50) },
				{ agentId: 9, companyLink: oneCompany(60) },
			]),
		).toEqual([{ companyId: 50, agentIds: [5, 7] }]);
	});

	it('names nothing for one agent, or for links that find each agent its own company', () => {
		expect(agentsSharingOneCompany([{ agentId: 7, companyLink: oneCompany(50) }])).toEqual([]);
		expect(
			agentsSharingOneCompany([
				{ agentId: 7, companyLink: { kind: 'customerId' } },
				{ agentId: 8, companyLink: { kind: 'customerId' } },
			]),
		).toEqual([]);
	});
});
