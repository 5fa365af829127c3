export * from './types';
export {
	ipRejectionExplanations,
	normaliseIp,
	normaliseIps,
	type IpReading,
	type IpRejection,
} from './ip';
export {
	macRejectionExplanations,
	normaliseMac,
	normaliseMacs,
	type MacReading,
	type MacRejection,
} from './mac';
export type { AddressList, RawValues } from './readings';
export {
	normaliseSerial,
	placeholderSerials,
	serialJunkExplanations,
	type SerialJunkReason,
	type SerialReading,
} from './serial';
export {
	deviceMatchStatuses,
	matchDevices,
	matchKeysByPriority,
	mayCreateConfiguration,
	resolveMatchOptions,
} from './match';
