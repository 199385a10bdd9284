/** The pasted policy text cut into sentences the cite picker offers: at 。；！？ (and ; ! ?) and line breaks. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    let cur = '';
    for (const ch of line) {
      cur += ch;
      if ('。；！？;!?'.includes(ch)) {
        if (cur.trim()) out.push(cur.trim());
        cur = '';
      }
    }
    if (cur.trim()) out.push(cur.trim());
  }
  return out;
}

/** Sentences containing every whitespace-separated part of the query (all of them for an empty query). */
export function filterSentences(sentences: string[], query: string): string[] {
  const parts = query.trim().split(/\s+/).filter(Boolean);
  return parts.length ? sentences.filter((s) => parts.every((p) => s.includes(p))) : sentences;
}
