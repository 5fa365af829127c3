/** Read-only views of a generated tenant, for the generator's own tests. */
import type { ConfigurationSeed } from '../connectwise/index';
import type { AgentDetail, Device } from '../domotz/index';
import type { GeneratedTenant } from './types';

export interface SeededDevice {
	agent: AgentDetail;
	device: Device;
}

export function seededDevices({ domotz }: GeneratedTenant): SeededDevice[] {
	return domotz.agents.flatMap((agent) =>
		(domotz.devices[String(agent.id)] ?? []).map((device) => ({ agent, device })),
	);
}

export function configurationsById({
	connectwise,
}: GeneratedTenant): Map<number, ConfigurationSeed> {
	return new Map((connectwise.configurations ?? []).map((record) => [record.id ?? 0, record]));
}

export function hwAddressOf(device: Device): string | undefined {
	return 'hw_address' in device ? device.hw_address : undefined;
}

export function ipAddressesOf(device: Device): string[] {
	return 'ip_addresses' in device ? (device.ip_addresses ?? []) : [];
}

/** Every run of 12 hex digits in a MAC field, whatever the separators. */
export function hexMacs(field: string): string[] {
	const digits = field.replace(/[^0-9a-f]/gi, '').toUpperCase();
	return digits.match(/.{12}/g) ?? [];
}

/** The value of a configuration custom field by caption, through the tenant's field definitions. */
export function customFieldValue(
	tenant: GeneratedTenant,
	configuration: ConfigurationSeed,
	caption: string,
): unknown {
	const field = (tenant.connectwise.userDefinedFields ?? []).find(
		(entry) => entry.caption === caption,
	);
	return configuration.customFields?.find((entry) => entry.id === field?.id)?.value;
}

export async function getJson(
	url: string,
	headers: Record<string, string>,
): Promise<{ status: number; body: unknown }> {
	const response = await fetch(url, { headers });
	const text = await response.text();
	return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}
