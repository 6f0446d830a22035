"""`policy-chat bench` output: the Markdown summary and the latency-against-size chart."""

from __future__ import annotations


def size_chart(r: dict) -> str:
    """Answer p50/p95 and the embedding floor against collection size (log x), as an SVG."""
    points = []
    small = r["query"]
    chunks_small = 8  # the announcement itself
    points.append(
        (chunks_small, small["our_answer"]["p50_ms"], small["our_answer"]["p95_ms"], small["floor_embed"]["p95_ms"])
    )
    for s in r["scale"].values():
        if "error" not in s:
            points.append((s["chunks"], s["answer"]["p50_ms"], s["answer"]["p95_ms"], s["floor"]["p95_ms"]))
    import math

    w, h, pad = 520, 300, 50
    xs = [math.log10(p[0]) for p in points]
    ymax = max(max(p[1:]) for p in points) * 1.15
    x0, x1 = min(xs), max(xs) if max(xs) > min(xs) else min(xs) + 1

    def px(x: float) -> float:
        return pad + (x - x0) / (x1 - x0) * (w - 2 * pad)

    def py(y: float) -> float:
        return h - pad - y / ymax * (h - 2 * pad)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="11">',
        f'<line x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="#888"/>',
        f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{h - pad}" stroke="#888"/>',
        f'<text x="{w / 2 - 60}" y="{h - 12}">chunks in collection (log)</text>',
        f'<text x="4" y="{pad - 10}">ms</text>',
    ]
    series = [(1, "#4f46e5", "answer p50"), (2, "#dc2626", "answer p95"), (3, "#16a34a", "embedding floor p95")]
    for idx, colour, label in series:
        pts = " ".join(f"{px(x):.1f},{py(p[idx]):.1f}" for x, p in zip(xs, points, strict=True))
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts += [
            f'<circle cx="{px(x):.1f}" cy="{py(p[idx]):.1f}" r="3" fill="{colour}"/>'
            for x, p in zip(xs, points, strict=True)
        ]
        parts.append(f'<text x="{w - pad - 130}" y="{pad + 14 * idx}" fill="{colour}">{label}</text>')
    for x, p in zip(xs, points, strict=True):
        parts.append(f'<text x="{px(x) - 10:.1f}" y="{h - pad + 14}">{p[0]}</text>')
    for frac in (0.25, 0.5, 0.75, 1.0):
        parts.append(f'<text x="8" y="{py(ymax * frac / 1.15):.1f}">{ymax * frac / 1.15:.0f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def markdown(r: dict) -> str:
    q = r["query"]
    lines = [
        f"Machine: {r['machine']['cpus']} CPUs, {r['machine']['mem_gb']} GB, Python {r['machine']['python']}, "
        f"{r['machine']['date']}; model `{r['model']}`.",
        "",
        "| query path (warm) | p50 ms | p95 ms |",
        "| --- | --- | --- |",
    ]
    for name in ("floor_embed", "anchor_retrieve", "our_retrieve", "our_answer", "our_follow_up", "our_follow_up_cold"):
        if name in q:  # follow-ups: measured since the fourteenth session
            lines.append(f"| {name} | {q[name]['p50_ms']} | {q[name]['p95_ms']} |")
    lines += ["", "| ratio | value |", "| --- | --- |", *[f"| {k} | {v} |" for k, v in q["ratios"].items()]]
    ing = r["ingest"]
    if "error" not in ing:
        lines += [
            "",
            f"Ingest: {ing['ingest_chunks_per_s']} chunks/s against raw encode {ing['raw_encode_chunks_per_s']} "
            f"chunks/s (median ratio {ing['ratio']} over {len(ing['pairs'])} alternated pairs, {ing['chunks']} "
            f"chunks, batch 32; per pair {', '.join(str(p['ratio']) for p in ing['pairs'])}; the first pair "
            f"({ing['first_ingest_ratio']}) also paid the one-time ONNX export of the query model).",
        ]
    lines += [
        "",
        "| chunks | ingest s | chunks/s | open s | answer p50 ms | answer p95 ms | floor p95 ms | index MB | peak RSS MB |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for n, s in r["scale"].items():
        if "error" in s:
            lines.append(f"| {n} | error | | | | | | | |")
            continue
        lines.append(
            f"| {s['chunks']} | {s['ingest_s']} | {s['chunks_per_s']} | {s['open_s']} | {s['answer']['p50_ms']} | "
            f"{s['answer']['p95_ms']} | {s['floor']['p95_ms']} | {s['index_mb']} | {s['peak_rss_mb']} |"
        )
    c = r["concurrency"]
    lines += [
        "",
        "| concurrent clients | p50 ms | p95 ms | errors | throughput q/s |",
        "| --- | --- | --- | --- | --- |",
    ]
    for k, v in c.items():
        if isinstance(v, dict):
            lines.append(f"| {k} | {v['p50_ms']} | {v['p95_ms']} | {v['errors']} | {v['throughput_qps']} |")
    lines += ["", f"Server peak RSS: {c.get('server_peak_rss_mb')} MB."]
    cs = r["cold_start"]
    lines += [
        "",
        f"Cold start (`policy-chat ask`, median): {cs['ours_median_s']} s, anchor {cs['anchor_median_s']} s "
        f"(ratio {cs['ratio']}); peak RSS {cs['ours'][0]['peak_rss_mb']} MB vs {cs['anchor'][0]['peak_rss_mb']} MB.",
    ]
    lines += scale_100k_lines(r.get("scale_100k"))
    return "\n".join(lines) + "\n"


def _first_ok(runs: list[dict]) -> list[dict]:
    return [x for x in runs if "error" not in x]


def scale_100k_lines(s: dict | None) -> list[str]:
    """Issue 13's table: open in a new process, answers against the floor, RSS, maintenance."""
    if not s:
        return []
    b = s.get("build", {})
    lines = [
        "",
        f"Scale: {b.get('chunks')} chunks (hash:384 vectors), built in {b.get('ingest_s')} s"
        + (" (reused from an earlier run)" if b.get("reused") else "")
        + ".",
        "",
        "| step | open s | first answer s | answer p50 ms | answer p95 ms | + real query embedding p95 ms | floor p95 ms | ratio p95 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for label, runs in (("embedded", s.get("open", [])), ("Chroma server", s.get("server_open", []))):
        for i, o in enumerate(_first_ok(runs)):
            lines.append(
                f"| {label} #{i + 1} | {o['open_s']} | {o['first_answer_s']} | {o['answer']['p50_ms']} | "
                f"{o['answer']['p95_ms']} | {o.get('answer_with_real_embed', {}).get('p95_ms')} | "
                f"{o['floor']['p95_ms']} | {o.get('answer_with_real_embed_over_floor_p95')} |"
            )
    for key in ("serve", "server_serve_first", "server_serve_second"):
        if key in s:
            v = s[key]
            lines.append(
                f"\n`serve` ({key}): ready in {v['ready_s']} s, peak RSS {v['peak_rss_mb']} MB, errors {v['errors']}."
            )
    for name, v in s.get("maintain", {}).items():
        lines.append(f"\n`policy-chat {name}`: {v['s']} s, exit {v['exit']}.")
    return lines
