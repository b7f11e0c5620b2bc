import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

/** dashboards/ itself: provisioning/ and json/ are read relative to it. */
export const DASHBOARDS_ROOT = fileURLToPath(new URL('../', import.meta.url));
export const DATASOURCES_FILE = 'provisioning/datasources/lab.yaml';
export const DASHBOARD_PROVIDERS_FILE = 'provisioning/dashboards/lab.yaml';

const datasourceSchema = z.object({
  name: z.string(),
  type: z.string(),
  uid: z.string().regex(/^[a-z0-9-]+$/),
  url: z.url(),
  jsonData: z
    .looseObject({
      exemplarTraceIdDestinations: z.array(z.object({ name: z.string(), datasourceUid: z.string() })).optional(),
      tracesToMetrics: z.looseObject({ datasourceUid: z.string() }).optional(),
    })
    .optional(),
});
const datasourcesSchema = z.object({ apiVersion: z.literal(1), datasources: z.array(datasourceSchema).min(1) });
export type ProvisionedDatasource = z.infer<typeof datasourceSchema>;

/**
 * The provisioned datasources, checked: uids unique, and every uid one points at (exemplar links, traces to
 * metrics) provisioned too. Throws naming the file and the datasource.
 */
export function provisionedDatasources(text = readFileSync(DASHBOARDS_ROOT + DATASOURCES_FILE, 'utf8')) {
  const parsed = datasourcesSchema.safeParse(parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${DATASOURCES_FILE}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const { datasources } = parsed.data;
  const uids = datasources.map((d) => d.uid);
  const twice = uids.filter((uid, i) => uids.indexOf(uid) !== i);
  if (twice.length > 0) throw new Error(`${DATASOURCES_FILE}: uid ${twice.join(', ')} defined twice`);
  for (const d of datasources) {
    const pointed = [
      ...(d.jsonData?.exemplarTraceIdDestinations ?? []).map((e) => ['exemplarTraceIdDestinations', e.datasourceUid]),
      ...(d.jsonData?.tracesToMetrics ? [['tracesToMetrics', d.jsonData.tracesToMetrics.datasourceUid]] : []),
    ];
    for (const [field, uid] of pointed) {
      if (!uids.includes(uid ?? '')) {
        throw new Error(`${DATASOURCES_FILE}: datasource ${d.uid} ${field} points at uid "${uid}", not provisioned`);
      }
    }
  }
  return datasources;
}
