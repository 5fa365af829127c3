import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	device: 'matchConfigurations' | 'createConfigurations' | 'link' | 'unlink' | 'syncFields';
	agent: 'syncAgent';
	setup: 'checkSetup';
};

export type SyncNodeType = AllEntities<NodeMap>;
