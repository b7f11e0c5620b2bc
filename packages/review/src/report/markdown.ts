import type { ReviewJournal, RunJournal } from '../journal.js';

const fmt = (v: unknown, unit?: string) =>
  typeof v === 'number' ? `${Number.isInteger(v) ? v : v.toFixed(3)}${unit ? ` ${unit}` : ''}` : JSON.stringify(v);

const probesOf = (run?: RunJournal) => [
  ...(run?.steady_states.during?.probes ?? []).map((p) => ({ ...p, phase: 'during' })),
  ...(run?.steady_states.after?.probes ?? []).map((p) => ({ ...p, phase: 'after' })),
];

/** The side-by-side table: every probe of every experiment, resilient beside naive. */
export function sideBySide(review: ReviewJournal): string {
  const rows = ['| experiment | probe | resilient | naive |', '|---|---|---|---|'];
  for (const { name, resilient, naive } of review.experiments) {
    const naiveProbes = probesOf(naive);
    for (const p of probesOf(resilient)) {
      const n = naiveProbes.find((q) => q.name === p.name && q.phase === p.phase);
      const cell = (o?: { ok: boolean; severity: string; value: unknown; unit?: string }) =>
        o ? `${o.ok ? 'ok' : o.severity === 'warn' ? 'WARN' : 'FAIL'} ${fmt(o.value, o.unit)}` : '—';
      rows.push(`| ${name} | ${p.phase}: ${p.name} | ${cell(p)} | ${cell(n)} |`);
    }
    const verdict = (r?: RunJournal) => {
      if (!r) return '—';
      if (r.status === 'skipped') return r.skipped ?? 'skipped';
      if (r.deviated) return `deviated${r.halted ? ' (halted)' : ''}`;
      return r.warnings.length > 0 ? 'held (warned)' : 'held';
    };
    rows.push(`| ${name} | **verdict** | **${verdict(resilient)}** | ${verdict(naive)} |`);
  }
  return rows.join('\n');
}

/** The Markdown report, generated from the journal only; charts are SVG files beside it. */
export function markdownReport(review: ReviewJournal, chartFile: (experiment: string) => string): string {
  const lines = [
    `# Reliability review: ${review.verdict.toUpperCase()}`,
    '',
    `Seed ${review.seed} (repeat with \`--seed ${review.seed}\`), ${review.form} form, lab: ${review.lab}, ${review.start} to ${review.end}.`,
    'A verdict fails only on the resilient side; the naive side (RESILIENCE_MODE=naive) is the comparison.',
    '',
    sideBySide(review),
    '',
  ];
  for (const { name, title, resilient } of review.experiments) {
    lines.push(`## ${title} (\`${name}\`)`, '', `![${name}](${chartFile(name)})`, '');
    if (resilient.failed.length > 0) lines.push(`Failed: ${resilient.failed.join('; ')}`, '');
    if (resilient.warnings.length > 0) lines.push(`Warnings: ${resilient.warnings.join('; ')}`, '');
  }
  return `${lines.join('\n')}\n`;
}
