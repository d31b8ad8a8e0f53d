"""Charts drawn on the server as SVG (templates/insights/includes/*.html) from plain numbers.

Each chart is a dict a template draws: its geometry in a viewBox (so it scales from a 360 px
phone up), a text summary, and the same numbers as a table. Colours are CSS classes of
static/css/helix.css (the sectors' own colours), never inline styles, which the
Content-Security-Policy refuses.
"""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WIDTH = 320
LABEL_ROW = 19  # a bar's label above it
BAR = 14
GAP = 10
LINE_HEIGHT = 170
LINE_LEFT, LINE_RIGHT, LINE_TOP, LINE_BOTTOM = 34, 10, 10, 24


def bars(*, title, summary, rows, series, unit=""):
    """Horizontal bars, stacked by series. rows: [(label, {series key: value})];
    series: [(key, label)]. The longest bar spans the width."""
    longest = max([sum(values.values()) for _label, values in rows] or [0]) or 1
    drawn, y = [], 0
    for label, values in rows:
        x, segments = 0.0, []
        total = sum(values.values())
        for key, _series_label in series:
            value = values.get(key, 0)
            width = (WIDTH - 40) * value / longest
            if value:
                segments.append({"key": key, "x": round(x, 2), "width": round(width, 2)})
            x += width
        drawn.append(
            {
                "label": label,
                "label_y": y + 14,
                "bar_y": y + LABEL_ROW,
                "segments": segments,
                "total": total,
                "total_x": round(x + 4, 2),
                "text_y": y + LABEL_ROW + 12,
            }
        )
        y += LABEL_ROW + BAR + GAP
    return {
        "kind": "bars",
        "title": title,
        "summary": summary,
        "series": series,
        "rows": drawn,
        "table": [(label, [values.get(key, 0) for key, _l in series]) for label, values in rows],
        "stacked": len(series) > 1,
        "width": WIDTH,
        "height": max(y, 20),
        "bar": BAR,
        "unit": unit,
    }


def month_label(month: date) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


def short_month(month: date) -> str:
    return f"{month.month:02d}/{month.year % 100:02d}"


def lines(*, title, summary, months, series, percent=False):
    """One line per series over the months. series: [(key, label, [value per month])]."""
    top = max([max(values or [0]) for _k, _l, values in series] or [0]) or 1
    if percent:
        top = 100
    inner_w = WIDTH - LINE_LEFT - LINE_RIGHT
    inner_h = LINE_HEIGHT - LINE_TOP - LINE_BOTTOM
    step = inner_w / max(len(months) - 1, 1)

    def point(index, value):
        return (
            round(LINE_LEFT + index * step, 2),
            round(LINE_TOP + inner_h - inner_h * value / top, 2),
        )

    drawn = []
    for key, label, values in series:
        points = [point(i, v) for i, v in enumerate(values)]
        drawn.append(
            {
                "key": key,
                "label": label,
                "points": " ".join(f"{x},{y}" for x, y in points),
                "dots": points if len(points) <= 36 else [],
            }
        )
    ticks = sorted({0, len(months) // 2, len(months) - 1}) if months else []
    return {
        "kind": "lines",
        "title": title,
        "summary": summary,
        "series": [(s["key"], s["label"]) for s in drawn],
        "lines": drawn,
        "x_labels": [
            {
                "x": point(i, 0)[0],
                "text": short_month(months[i]),
                "anchor": "start" if i == 0 else "end" if i == len(months) - 1 else "middle",
            }
            for i in ticks
        ],
        "y_labels": [
            {
                "y": point(0, v)[1] + 4,
                "text": f"{v:g}{'%' if percent else ''}",
                "grid_y": point(0, v)[1],
            }
            for v in sorted({0, top / 2 if percent or top % 2 == 0 else 0, top})
        ],
        "left": LINE_LEFT,
        "right": WIDTH - LINE_RIGHT,
        "axis_y": LINE_TOP + inner_h,
        "label_y": LINE_HEIGHT - 6,
        "table": [
            (month_label(month), [values[i] for _k, _l, values in series])
            for i, month in enumerate(months)
        ],
        "width": WIDTH,
        "height": LINE_HEIGHT,
        "percent": percent,
    }


def grid(*, title, summary, labels, cells):
    """A lead x partner grid of counts. labels: [(key, label)]; cells: {(row, col): n}."""
    top = max(cells.values() or [0]) or 1
    size, left, head = 52, 114, 100
    drawn = []
    for r, (row_key, _row_label) in enumerate(labels):
        for c, (col_key, _col_label) in enumerate(labels):
            n = cells.get((row_key, col_key), 0)
            level = 0 if not n else min(4, 1 + int(4 * n / (top + 1)))
            drawn.append(
                {
                    "x": left + c * size,
                    "y": head + r * size,
                    "n": n,
                    "level": level,
                    "text_x": left + c * size + size / 2,
                    "text_y": head + r * size + size / 2 + 5,
                }
            )
    return {
        "kind": "grid",
        "title": title,
        "summary": summary,
        "labels": labels,
        "cells": drawn,
        "size": size - 2,
        "row_labels": [
            {"text": label, "y": head + r * size + size / 2 + 4, "key": key}
            for r, (key, label) in enumerate(labels)
        ],
        "col_labels": [
            {"text": label, "x": left + c * size + size / 2 - 4, "key": key, "y": head - 18}
            for c, (key, label) in enumerate(labels)
        ],
        "table": [
            (row_label, [cells.get((row_key, col_key), 0) for col_key, _l in labels])
            for row_key, row_label in labels
        ],
        "width": left + len(labels) * size + 36,
        "height": head + len(labels) * size,
        "head_y": head - 6,
    }


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def solutions_summary(by_n: dict) -> str:
    total = sum(by_n.values())
    if not total:
        return _("No solution has been proposed in this view yet.")
    crossing = total - by_n.get(1, 0)
    return ngettext(
        "Of %(total)d solution, %(cross)d (%(share)d%%) comes from a consortium joining two or "
        "more sectors; %(four)d joins all four.",
        "Of %(total)d solutions, %(cross)d (%(share)d%%) come from consortia joining two or "
        "more sectors; %(four)d join all four.",
        total,
    ) % {
        "total": total,
        "cross": crossing,
        "share": percent(crossing, total),
        "four": by_n.get(4, 0),
    }
