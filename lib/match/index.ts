export * from './types';
export * from './normalise';
export {
	deviceMatchStatuses,
	matchDevices,
	matchKeysByPriority,
	mayCreateConfiguration,
	resolveMatchOptions,
} from './match';
