import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { faultAnnotations } from './annotations.js';

/** The fixed uids: walkthroughs, the README and other dashboards link to them. */
export const DASHBOARD_UIDS = [
  'genesys-lab-overview',
  'genesys-resilience',
  'genesys-rate-limits',
  'genesys-webhook-pipeline',
  'genesys-k6-run',
] as const;
export type DashboardUid = (typeof DASHBOARD_UIDS)[number];

/** What every lab dashboard shares: its uid, the lab tag, a 15-minute window refreshed every 5 s, the faults. */
export function labDashboard(uid: DashboardUid, title: string, description: string): DashboardBuilder {
  return new DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(['genesys-lab'])
    .time({ from: 'now-15m', to: 'now' })
    .refresh('5s')
    .timezone('browser')
    .editable()
    .annotations(faultAnnotations());
}

export interface DashboardDefinition {
  uid: DashboardUid;
  build(): Dashboard;
}
