export { ALL_DASHBOARDS } from './all-dashboards.js';
export { faultAnnotations, MOCK_FAULTS_EXPR, TOXICS_EXPR } from './annotations.js';
export { JAEGER, PROMETHEUS } from './datasources.js';
export {
  checkDashboard,
  checkValues,
  DashboardError,
  type DashboardQuery,
  generateDashboards,
  JSON_DIR,
  panelsOf,
  queriesOf,
  variablesOf,
} from './generate.js';
export { DASHBOARD_UIDS, type DashboardDefinition, type DashboardUid, labDashboard } from './lab-dashboard.js';
export { labelVariable, type PanelOptions, type Query, stateTimeline, statPanel, timeSeries } from './panels.js';
export { GRAFANA_BUILTINS, promqlSyntaxError, substitute, variablesIn } from './promql.js';
export {
  DASHBOARD_PROVIDERS_FILE,
  DASHBOARDS_ROOT,
  DATASOURCES_FILE,
  type ProvisionedDatasource,
  provisionedDatasources,
} from './provisioning.js';
