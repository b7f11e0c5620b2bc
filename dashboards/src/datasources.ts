import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/dashboard';

/**
 * The datasources every panel names, by the uids provisioning/datasources/lab.yaml gives them. Fixed: walkthroughs
 * and links use them, and a test fails when a panel names a uid that provisioning does not define.
 */
export const PROMETHEUS: DataSourceRef = { type: 'prometheus', uid: 'prometheus' };
export const JAEGER: DataSourceRef = { type: 'jaeger', uid: 'jaeger' };
