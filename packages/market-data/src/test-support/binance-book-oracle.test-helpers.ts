/** A REST depth body: the book's update id and its top levels, as price/quantity text. */
export interface RestBook {
  lastUpdateId: number;
  bids: string[][];
  asks: string[][];
}

const body = (line: string) => JSON.parse(line.slice(line.indexOf(' ') + 1)) as { stream?: string; data?: { u: number; b: string[][]; a: string[][] }; lastUpdateId?: number };

/**
 * Binance's procedure, written independently of the product's book code, on capture lines
 * (`<local time> <JSON>`): the first REST snapshot, then every depth diff (recorded before or after
 * it) that ends after the book's id (spot `u > id`, futures `u >= id`), in order, up to `untilU`.
 * A later snapshot (a resync after a gap or a reconnect) replaces the book.
 */
export function rebuildBook(lines: string[], market: 'spot' | 'futures', levels: number, untilU = Infinity): RestBook {
  const first = lines.findIndex((l) => body(l).lastUpdateId !== undefined);
  const snap = body(lines[first]) as RestBook;
  let bids = new Map(snap.bids.map(([p, q]) => [p, q]));
  let asks = new Map(snap.asks.map(([p, q]) => [p, q]));
  let lastUpdateId = snap.lastUpdateId;
  for (const [i, l] of lines.entries()) {
    const m = body(l);
    if (i > first && m.lastUpdateId !== undefined) {
      const resync = m as RestBook;
      if (resync.lastUpdateId > untilU) break;
      bids = new Map(resync.bids.map(([p, q]) => [p, q]));
      asks = new Map(resync.asks.map(([p, q]) => [p, q]));
      lastUpdateId = resync.lastUpdateId;
      continue;
    }
    if (!m.stream?.includes('@depth') || !m.data) continue;
    const d = m.data;
    if (d.u > untilU) break;
    if (market === 'spot' ? d.u <= lastUpdateId : d.u < lastUpdateId) continue;
    for (const [side, rows] of [[bids, d.b], [asks, d.a]] as const) for (const [p, q] of rows) if (Number(q) === 0) side.delete(p); else side.set(p, q);
    lastUpdateId = d.u;
  }
  const top = (side: Map<string, string>, sign: number) => [...side].sort((a, b) => sign * (Number(a[0]) - Number(b[0]))).slice(0, levels);
  return { lastUpdateId, bids: top(bids, -1), asks: top(asks, 1) };
}
