export type SyncOperation = 'matchConfigurations';
