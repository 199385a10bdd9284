/** Progress goes to stderr so stdout carries only the table and the final lines. */
export function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

/** A plain text table (also valid Markdown). */
export function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const w = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
  return [line(head), `| ${w.map((x) => '-'.repeat(x)).join(' | ')} |`, ...cells.slice(1).map(line)].join('\n');
}
