export { freePort } from './free-port.js';
export { type MockGenesysOptions, type RunningMockGenesys, startMockGenesys } from './mock-genesys.js';
export { labStateDir, repoRoot } from './paths.js';
export { type ProcessSpec, type RunningProcess, startProcess } from './process.js';
export { populateProxies, type RunningToxiproxy, startToxiproxy, type ToxiproxyOptions } from './toxiproxy.js';
export { GiveUp, httpOk, waitFor } from './wait.js';
