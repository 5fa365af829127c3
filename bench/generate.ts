import type { MatchableConfiguration, MatchableDevice } from '../lib/match';
import { MAC_WRITINGS, macOfHex, placeholderSerial } from './messy-keys';
import { seededRandom, shuffle, type Random } from './random';

export interface Tenant {
	devices: MatchableDevice[];
	configurations: MatchableConfiguration[];
}

const devicesPerCompany = 50;
const inactiveShare = 0.03;

type Profile =
	| 'fullKeys'
	| 'junkSerial'
	| 'serialIsMac'
	| 'macOnly'
	| 'ipOnly'
	| 'linked'
	| 'unmatched'
	| 'secondCollector'
	| 'dummy';

/** Percent of devices per profile: the key mixes seen in real Domotz and ConnectWise data. */
const profileWeights: ReadonlyArray<[Profile, number]> = [
	['fullKeys', 35],
	['junkSerial', 10],
	['serialIsMac', 5],
	['macOnly', 10],
	['ipOnly', 10],
	['linked', 10],
	['unmatched', 10],
	['secondCollector', 5],
	['dummy', 5],
];

function pickProfile(random: Random): Profile {
	let roll = random.integer(100);
	for (const [profile, weight] of profileWeights) {
		if (roll < weight) return profile;
		roll -= weight;
	}
	return 'fullKeys';
}

function serialNumber(random: Random): string {
	const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
	return Array.from({ length: 10 }, () => random.pick([...alphabet])).join('');
}

function macHex(random: Random): string {
	return Array.from({ length: 12 }, () => random.integer(16).toString(16)).join('');
}

const ciscoMac = (hex: string) => MAC_WRITINGS.ciscoDots(macOfHex(hex));
const dashedMac = (hex: string) => MAC_WRITINGS.dashLower(macOfHex(hex));

function ipv4(index: number): string {
	return `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
}

/** The same IPv6 address written in full on the device and compressed in ConnectWise. */
function ipv6(index: number): { written: string; compressed: string } {
	const group = (index & 0xffff).toString(16);
	return {
		written: `2001:0DB8:0000:0000:0000:0000:${(index >> 16).toString(16).padStart(4, '0')}:${group.padStart(4, '0')}`,
		compressed: `2001:db8::${(index >> 16).toString(16)}:${group}`,
	};
}

/** `size` devices and `size` configurations, identical for identical `size` and `seed`. */
export function generateTenant(size: number, seed = 20_240_601): Tenant {
	const random = seededRandom(seed);
	const devices: MatchableDevice[] = [];
	const configurations: MatchableConfiguration[] = [];
	for (let index = 0; index < size; index += 1) {
		const companyId = Math.floor(index / devicesPerCompany) + 1;
		const base = { agentId: companyId, deviceId: index, name: `device-${index}`, companyId };
		const config = {
			id: 1_000_000 + index,
			name: `config-${index}`,
			companyId,
			active: random.next() >= inactiveShare,
		};
		const serial = serialNumber(random);
		const hex = macHex(random);
		const ip = ipv4(index);
		const profile = pickProfile(random);
		const previous = devices[devices.length - 1];
		switch (profile) {
			case 'fullKeys':
				devices.push({ ...base, serial, macAddresses: [macOfHex(hex)], ipAddresses: [ip] });
				configurations.push({
					...config,
					serialNumber: ` ${serial.toLowerCase()} `,
					macAddress: ciscoMac(hex),
					ipAddress: ip,
				});
				break;
			case 'junkSerial': {
				const placeholder = placeholderSerial(random);
				devices.push({
					...base,
					serial: placeholder,
					macAddresses: [macOfHex(hex)],
					ipAddresses: [ip],
				});
				configurations.push({ ...config, serialNumber: placeholder, macAddress: hex });
				break;
			}
			case 'serialIsMac':
				devices.push({
					...base,
					serial: macOfHex(hex),
					macAddresses: [macOfHex(hex)],
					ipAddresses: [],
				});
				configurations.push({ ...config, macAddress: dashedMac(hex) });
				break;
			case 'macOnly':
				devices.push({ ...base, macAddresses: [dashedMac(hex)], ipAddresses: [ip] });
				configurations.push({ ...config, macAddress: `${hex}${macHex(random)}`.toUpperCase() });
				break;
			case 'ipOnly': {
				const { written, compressed } = ipv6(index);
				devices.push({ ...base, macAddresses: [], ipAddresses: [ip, written] });
				configurations.push({ ...config, ipAddress: compressed });
				break;
			}
			case 'linked':
				devices.push({
					...base,
					serial,
					macAddresses: [macOfHex(hex)],
					ipAddresses: [ip],
					...(random.next() < 0.5 && { linkedConfigurationId: config.id }),
				});
				configurations.push({ ...config, linkedDevice: { agentId: companyId, deviceId: index } });
				break;
			case 'unmatched':
				devices.push({ ...base, serial, macAddresses: [macOfHex(hex)], ipAddresses: [ip] });
				configurations.push({
					...config,
					serialNumber: serialNumber(random),
					macAddress: macHex(random),
				});
				break;
			case 'secondCollector':
				devices.push({
					...base,
					agentId: companyId + 1_000_000,
					serial: previous?.companyId === companyId ? previous.serial : serial,
					macAddresses: [],
					ipAddresses: [],
				});
				configurations.push({ ...config, serialNumber: serialNumber(random) });
				break;
			case 'dummy':
				devices.push({ ...base, macAddresses: [], ipAddresses: [] });
				configurations.push({
					...config,
					ipAddress: `192.168.${random.integer(256)}.${random.integer(254) + 1}`,
				});
				break;
		}
	}
	return { devices, configurations: shuffle(configurations, random) };
}
