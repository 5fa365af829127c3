import type { DomotzDevice } from '../../domotz/schemas';
import { settleAll } from '../../pool';
import { companyLinkKey, type CompanyLink, type CompanySummary } from '../company-link';
import { DEFAULT_CONCURRENCY } from '../options';
import { noSuchDevice, type SyncWorkspace } from '../workspace';

/** An input item: which device it stands for and how its agent finds a company. */
export interface DeviceRequest {
	itemIndex: number;
	agentId: number;
	deviceId: number;
	companyLink: CompanyLink;
}

/** What an action reports for one input item's device. */
export interface DeviceItemResult<Outcome> {
	itemIndex: number;
	agentId: number;
	deviceId: number;
	device?: DomotzDevice;
	outcome: Outcome;
}

export interface FailedItem {
	kind: 'failed';
	itemIndex: number;
	agentId: number;
	deviceId: number;
	error: unknown;
}

export function failedItem(request: DeviceRequest, error: unknown): FailedItem {
	const { itemIndex, agentId, deviceId } = request;
	return { kind: 'failed', itemIndex, agentId, deviceId, error };
}

/** A request with its device and, when the company link resolved, its company and site. */
export interface ResolvedDevice {
	request: DeviceRequest;
	device: DomotzDevice;
	company?: CompanySummary;
	siteId?: number;
	companyProblem?: string;
}

/**
 * The first step of settling: each agent's devices and company are resolved once; its devices
 * are then found in memory. A request whose agent, device or company cannot be read fails alone.
 */
export async function resolveDevices(
	workspace: SyncWorkspace,
	requests: readonly DeviceRequest[],
): Promise<{ resolved: ResolvedDevice[]; failures: FailedItem[] }> {
	const groupOf = new Map<string, number>();
	const firstRequests: DeviceRequest[] = [];
	const groups = requests.map((request) => {
		const key = companyLinkKey(request.agentId, request.companyLink);
		let group = groupOf.get(key);
		if (group === undefined) {
			group = firstRequests.push(request) - 1;
			groupOf.set(key, group);
		}
		return group;
	});
	const read = await settleAll(firstRequests, DEFAULT_CONCURRENCY, (request) =>
		Promise.all([
			workspace.devicesById(request.agentId),
			workspace.company(request.agentId, request.companyLink),
		]),
	);
	const resolved: ResolvedDevice[] = [];
	const failures: FailedItem[] = [];
	requests.forEach((request, index) => {
		const group = read[groups[index]];
		if (!group.ok) {
			failures.push(failedItem(request, group.error));
			return;
		}
		const [devices, company] = group.value;
		const device = devices.get(request.deviceId);
		if (!device) {
			failures.push(failedItem(request, noSuchDevice(request.agentId, request.deviceId)));
			return;
		}
		resolved.push(
			company.kind === 'resolved'
				? { request, device, company: company.company, siteId: company.siteId }
				: { request, device, companyProblem: company.reason },
		);
	});
	return { resolved, failures };
}
