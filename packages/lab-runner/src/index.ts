// Moved to @lab/topology (docker/jaeger.yaml is generated there too); re-exported for existing users.
export { type JaegerConfigOptions, jaegerConfigYaml } from '@lab/topology';
export { type FleetInstance, parseReplicas, type Replicas, type RunningFleet, startFleet } from './fleet.js';
export { freePort } from './free-port.js';
export { withFreePorts } from './free-topology.js';
export { type Frontend, haproxyConfig, startHaproxy } from './haproxy.js';
export { ingressConfig, startIngress } from './ingress.js';
export { type RunningJaeger, startJaeger } from './jaeger.js';
export { type LabOptions, type RunningLab, type StartServiceOptions, startLab } from './lab.js';
export { labFetch } from './lab-fetch.js';
export { type LabPlan, type LabSelection, planLab } from './lab-plan.js';
export { type LabPort, labPorts } from './lab-ports.js';
export {
  type MockGenesysOptions,
  mockConversationIds,
  mockDataInterval,
  mockGenesysToken,
  type RunningMockGenesys,
  startMockGenesys,
} from './mock-genesys.js';
export { allowedClients, inMesh, mtlsEnv, RUNNER_IDENTITY, readIdentity, tlsEnv } from './mtls-profile.js';
export { LAB_NODE_FLAGS, type NodeAppOptions, type RunningNodeApp, startNodeApp } from './node-app.js';
export { labStateDir, repoRoot } from './paths.js';
export {
  createCa,
  ensureLabPki,
  type IdentityFiles,
  INFRA_IDENTITIES,
  issueLeaf,
  type LabPki,
  labIdentities,
  PKI_DIR,
  readLabPki,
} from './pki.js';
export { assertPortsFree, PortInUseError, portHolder } from './ports-free.js';
export {
  type ProcessSpec,
  type RunningProcess,
  type SupervisionEvent,
  type SupervisionOptions,
  startProcess,
} from './process.js';
export { type PrometheusOptions, type RunningPrometheus, startPrometheus } from './prometheus.js';
export { redisPing, startRedis } from './redis.js';
export { describeEvent, readSupervisionState, type SupervisionState } from './supervision-state.js';
export {
  PROXY_ENABLED_METRIC,
  type RunningToxicsExporter,
  startToxicsExporter,
  TOXICS_METRIC,
  toxicsRegistry,
} from './toxics-exporter.js';
export {
  populateProxies,
  type RunningToxiproxy,
  startToxiproxy,
  type ToxiproxyOptions,
  type ToxiproxyProxy,
} from './toxiproxy.js';
export { type ClientTls, GiveUp, httpOk, waitFor } from './wait.js';
