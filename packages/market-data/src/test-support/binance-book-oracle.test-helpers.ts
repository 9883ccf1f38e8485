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
 */
export function rebuildBook(lines: string[], market: 'spot' | 'futures', levels: number, untilU = Infinity): RestBook {
  const snap = body(lines.find((l) => body(l).lastUpdateId !== undefined) as string) as RestBook;
  const bids = new Map(snap.bids.map(([p, q]) => [p, q]));
  const asks = new Map(snap.asks.map(([p, q]) => [p, q]));
  let lastUpdateId = snap.lastUpdateId;
  for (const l of lines) {
    const m = body(l);
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
