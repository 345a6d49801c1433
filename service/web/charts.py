"""Bar charts as inline SVG, drawn on the server (no script, no external library)."""
from __future__ import annotations

from markupsafe import Markup, escape

COLOURS = {"done_on_time": "#1e6b34", "done_late": "#c98a00", "in_progress_on_time": "#0b5394",
           "in_progress_overdue": "#b3261e"}
ORDER = ("done_on_time", "done_late", "in_progress_on_time", "in_progress_overdue")


def bars(items: list[tuple[str, int, str]], title: str, width: int = 400) -> Markup:
    """Horizontal bars: (label, value, colour) each."""
    label_w, row_h, top = 150, 28, 8
    peak = max((v for _, v, _ in items), default=0) or 1
    room = width - label_w - 60
    parts = []
    for i, (label, value, colour) in enumerate(items):
        y = top + i * row_h
        w = round(room * value / peak)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 17}" text-anchor="end">{escape(_short(label))}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w}" height="{row_h - 10}" fill="{colour}">'
            f'<title>{escape(label)}: {value}</title></rect>'
            f'<text x="{label_w + w + 6}" y="{y + 17}">{value:,}</text>')
    height = top * 2 + row_h * len(items)
    return _svg(width, height, title, "".join(parts))


def stacked(rows: list[tuple[str, dict]], labels: dict[str, str], title: str, width: int = 400) -> Markup:
    """One bar per row (e.g. an agency), split into the four classification parts."""
    label_w, row_h, top = 150, 26, 44
    peak = max((sum(parts.values()) for _, parts in rows), default=0) or 1
    room = width - label_w - 50
    out = [_legend(labels)]
    for i, (label, parts) in enumerate(rows):
        y, x = top + i * row_h, label_w
        out.append(f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end">{escape(_short(label))}</text>')
        for key in ORDER:
            value = parts.get(key, 0)
            if not value:
                continue
            w = max(1, round(room * value / peak))
            out.append(f'<rect x="{x}" y="{y + 4}" width="{w}" height="{row_h - 10}" fill="{COLOURS[key]}">'
                       f'<title>{escape(label)}: {escape(labels[key])} {value}</title></rect>')
            x += w
        out.append(f'<text x="{x + 6}" y="{y + 16}">{sum(parts.values()):,}</text>')
    return _svg(width, top + row_h * len(rows) + 8, title, "".join(out))


def _legend(labels: dict[str, str]) -> str:
    """Two legend entries a line, so that it fits a phone's width."""
    out = []
    for i, key in enumerate(ORDER):
        x, y = 4 + (i % 2) * 200, 4 + (i // 2) * 18
        out.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{COLOURS[key]}"/>'
                   f'<text x="{x + 16}" y="{y + 11}" font-size="12">{escape(labels[key])}</text>')
    return "".join(out)


def _svg(width: int, height: int, title: str, body: str) -> Markup:
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="13">'
        f'<title>{escape(title)}</title>{body}</svg>')


def _short(label: str, n: int = 22) -> str:
    """A label that fits, cut between words (never "Ủy ban nhân dân các x…"); the whole name
    is in the table beside the chart."""
    if len(label) <= n:
        return label
    cut = label[: n - 1].rsplit(" ", 1)[0].rstrip(" -,")
    return (cut if len(cut) >= n // 2 else label[: n - 1]) + "…"
