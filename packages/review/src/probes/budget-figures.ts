/** Requests per Genesys API family ("conversations", "analytics"...), counted one way or another. */
export type FamilyCounts = Record<string, number>;

/** The family of a route or template URI ("/api/v2/conversations/:id" or "api/v2/conversations/{id}"). */
export function familyOfRoute(route: string): string | undefined {
  return /^\/?api\/v2\/([^/]+)/.exec(route)?.[1];
}

/** Adds counts per family, keeping only the families that have an org limit (the usage query itself has none). */
export function countByFamily(
  rows: { family: string | undefined; count: number }[],
  limits: FamilyCounts,
): FamilyCounts {
  const counts: FamilyCounts = {};
  for (const { family, count } of rows) {
    if (family && limits[family] !== undefined) counts[family] = (counts[family] ?? 0) + count;
  }
  return counts;
}

/** The busiest family's share of its limit: `used` per window over `limits`. */
export function busiest(used: FamilyCounts, limits: FamilyCounts): { family: string | null; share: number } {
  let best: { family: string | null; share: number } = { family: null, share: 0 };
  for (const [family, count] of Object.entries(used)) {
    const limit = limits[family];
    if (!limit) continue;
    const share = count / limit;
    if (share > best.share) best = { family, share };
  }
  return best;
}

export interface ExperimentBudget {
  windowSeconds: number;
  /** The busiest family's requests per org rate window over its org limit, from the mock's usage view. */
  share: number;
  headroom: number;
  busiestFamily: string | null;
  /** The same share from the services' own counters. */
  servicesShare: number;
  usageView: FamilyCounts;
  services: FamilyCounts;
  /** The largest difference between the two counts of one family, in requests. */
  gapRequests: number;
  /** Every family's two counts within the tolerance (requests, or a share of the larger count). */
  agree: boolean;
}

/**
 * The budget one experiment used: each family's requests in the window per org rate window (a window shorter
 * than the rate window counts as one rate window, so the share cannot understate what one window held), the
 * busiest family, and whether the mock's usage view and the services' counters tell the same story.
 */
export function experimentBudget(input: {
  usageView: FamilyCounts;
  services: FamilyCounts;
  limits: FamilyCounts;
  windowMs: number;
  rateWindowSeconds: number;
  toleranceRequests: number;
  toleranceShare: number;
}): ExperimentBudget {
  const windows = Math.max(1, input.windowMs / 1_000 / input.rateWindowSeconds);
  const perWindow = (counts: FamilyCounts) =>
    Object.fromEntries(Object.entries(counts).map(([family, n]) => [family, n / windows]));
  const fromView = busiest(perWindow(input.usageView), input.limits);
  let gapRequests = 0;
  let agree = true;
  for (const family of new Set([...Object.keys(input.usageView), ...Object.keys(input.services)])) {
    const a = input.usageView[family] ?? 0;
    const b = input.services[family] ?? 0;
    gapRequests = Math.max(gapRequests, Math.abs(a - b));
    if (Math.abs(a - b) > Math.max(input.toleranceRequests, input.toleranceShare * Math.max(a, b))) agree = false;
  }
  return {
    windowSeconds: input.windowMs / 1_000,
    share: fromView.share,
    headroom: 1 - fromView.share,
    busiestFamily: fromView.family,
    servicesShare: busiest(perWindow(input.services), input.limits).share,
    usageView: input.usageView,
    services: input.services,
    gapRequests,
    agree,
  };
}
