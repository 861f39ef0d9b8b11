export { startTwilioSimulator, type TwilioSimulator, type TwilioSimulatorOptions } from './simulator';
export { PhoneHandle, RING_OUT } from './phones';
export { SimRecords, SimTimeoutError } from './records';
export { detectedAs } from './call-engine';
export { MAX_DOCUMENTS_PER_CALL } from './interpreter';
export { DEFAULT_BRIDGE_SECONDS } from './verbs/dial.verb';
export type { InboundSmsResult } from './messages';
export type * from './types';
