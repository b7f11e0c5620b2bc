/** Requests per API family ("conversations", "analytics"...), counted one way or another. */
export type FamilyCounts = Record<string, number>;

export interface BudgetFigures {
  /** The busiest family's share of its org limit, from the mock's API usage view (0..1+). */
  share: number;
  /** 1 - share: what is left of the busiest family's budget. */
  headroom: number;
  busiestFamily: string | null;
  /** The same share from Prometheus' scrapes of the mock's request counter. */
  prometheusShare: number;
  usageView: FamilyCounts;
  prometheus: FamilyCounts;
  /** The largest difference between the two counts of one family, in requests. */
  gapRequests: number;
  /** The two agree: every family's counts within 2 requests or 5 % of the larger one. */
  agree: boolean;
}

/** The family of a route or template URI ("/api/v2/conversations/:id" or "api/v2/conversations/{id}"). */
export function familyOfRoute(route: string): string | undefined {
  const match = /^\/?api\/v2\/([^/]+)/.exec(route);
  return match?.[1];
}

/** Adds counts per family, keeping only families that have an org limit. */
export function countByFamily(rows: { route: string; count: number }[], limits: Record<string, number>): FamilyCounts {
  const counts: FamilyCounts = {};
  for (const { route, count } of rows) {
    const family = familyOfRoute(route);
    if (family && limits[family] !== undefined) counts[family] = (counts[family] ?? 0) + count;
  }
  return counts;
}

/**
 * The budget figures of one window: each family's requests over its org limit (the window is at most one of the
 * mock's rate windows, so the count is what one window held: a share that cannot understate), the busiest family,
 * and whether the mock's usage view and Prometheus tell the same story.
 */
export function budgetFigures(
  usageView: FamilyCounts,
  prometheus: FamilyCounts,
  limits: Record<string, number>,
): BudgetFigures {
  const shareOf = (counts: FamilyCounts) => {
    let best: { family: string | null; share: number } = { family: null, share: 0 };
    for (const [family, count] of Object.entries(counts)) {
      const share = count / (limits[family] ?? Number.POSITIVE_INFINITY);
      if (share > best.share) best = { family, share };
    }
    return best;
  };
  const fromView = shareOf(usageView);
  const families = new Set([...Object.keys(usageView), ...Object.keys(prometheus)]);
  let gapRequests = 0;
  let agree = true;
  for (const family of families) {
    const a = usageView[family] ?? 0;
    const b = prometheus[family] ?? 0;
    gapRequests = Math.max(gapRequests, Math.abs(a - b));
    if (Math.abs(a - b) > Math.max(2, 0.05 * Math.max(a, b))) agree = false;
  }
  return {
    share: fromView.share,
    headroom: 1 - fromView.share,
    busiestFamily: fromView.family,
    prometheusShare: shareOf(prometheus).share,
    usageView,
    prometheus,
    gapRequests,
    agree,
  };
}
