import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	agent: 'get' | 'getAll';
	device: 'get' | 'getAll' | 'updateField';
};

export type DomotzNodeType = AllEntities<NodeMap>;
