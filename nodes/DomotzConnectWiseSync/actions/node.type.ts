export type SyncOperation =
	| 'matchConfigurations'
	| 'createConfigurations'
	| 'link'
	| 'unlink'
	| 'syncFields'
	| 'syncAgent';
