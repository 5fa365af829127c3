import { getDeviceTypes, searchAgents, searchDevices } from '../../shared/methods/domotz';

export const listSearch = { searchAgents, searchDevices };

export const loadOptions = { getDeviceTypes };
