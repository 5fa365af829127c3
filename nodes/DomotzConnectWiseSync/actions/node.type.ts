import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	device: 'matchConfigurations' | 'createConfigurations' | 'link' | 'unlink' | 'syncFields';
	agent: 'syncAgent';
};

export type SyncNodeType = AllEntities<NodeMap>;
