"""Geometry of the build-time charts (issue 16): numbers in, shapes out; the markup is in
``templates/_chart.html``. Coordinates are whole or one-decimal numbers so the SVG is the same
on every machine."""

from __future__ import annotations

WIDTH = 640
HEIGHT = 160
LEFT = 44
"""Room for the y-axis labels."""
BOTTOM = 22
"""Room for the year labels."""
TOP = 10


def _fmt(value: float) -> float | int:
    value = round(value, 1)
    return int(value) if value == int(value) else value


def month_bar_chart(months: list[str], values: dict[str, float], present: set[str], *, title: str, desc: str,
                    percent: bool = False) -> dict:
    """A bar per month of ``months`` (``YYYY-MM``, consecutive). ``values`` gives each bar's
    height; a month not in ``present`` (the archive has no records then) is drawn as a grey
    tick, so "none that month" and "no issues that month" look different."""
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(months), 1)
    top = max(values.values(), default=0) or 1
    bars, gaps, years = [], [], []
    for i, month in enumerate(months):
        x = LEFT + i * step
        if month not in present:
            gaps.append({"x": _fmt(x + step * 0.15), "w": _fmt(max(step * 0.7, 0.5)), "y": HEIGHT - BOTTOM - 2})
        else:
            value = values.get(month, 0)
            h = plot_h * value / top
            bars.append({"x": _fmt(x + step * 0.15), "w": _fmt(max(step * 0.7, 0.5)), "y": _fmt(HEIGHT - BOTTOM - h),
                         "h": _fmt(h), "month": month, "value": value,
                         "label": _value_label(value, percent)})
        next_january = 13 - int(month[5:]) if i == 0 else 0
        if month.endswith("-01") or (i == 0 and (next_january > 5 or len(months) <= next_january)):
            # The first month is labelled too, unless a January label follows close by.
            years.append({"x": _fmt(x), "label": month[:4] if month.endswith("-01") else f"{month[:4]}.{int(month[5:])}"})
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "base": HEIGHT - BOTTOM, "top": TOP,
            "max_label": _value_label(top if values else 0, percent), "bars": bars, "gaps": gaps, "years": years,
            "title": title, "desc": desc, "percent": percent}


def _value_label(value: float, percent: bool) -> str:
    if percent:
        return f"{value * 100:.1f}%".replace(".0%", "%")
    return str(_fmt(value))
