"""The report's chart: comments per section, each bar split by decision, as SVG made at build
time from an autoescaped template (labels are author text)."""

from __future__ import annotations

from normkit.outputs.consultation.report import DECISION_KEYS, Report
from normkit.outputs.consultation.words import decision_label
from normkit.outputs.templating import render_template
from normkit.translations.labels import _

COLOURS = {
    "accepted": "#1b7837",
    "partly accepted": "#8fce7b",
    "not accepted": "#c0504d",
    "noted": "#b8b8b8",
    "no response yet": "#ffffff",
}
"""Told apart by lightness as well as hue, and named in the legend."""
WIDTH, LABEL_WIDTH, ROW, TOP = 720, 300, 24, 8
CHAR_WIDTH = 6.4
"""Roughly the width of a character at the chart's font size, for placing the legend."""


def chart_svg(report: Report, *, font: str = "sans-serif", ident: str = "nk-chart") -> str:
    bars = report.by_section
    most = max((bar.count for bar in bars), default=1)
    scale = (WIDTH - LABEL_WIDTH - 40) / most
    drawn = []
    for bar in bars:
        x = float(LABEL_WIDTH)
        segments = []
        for key in DECISION_KEYS:
            count = bar.by_decision.get(key, 0)
            if count:
                segments.append(
                    {
                        "key": key,
                        "label": decision_label(key).lower(),  # in a sentence
                        "count": count,
                        "x": round(x, 1),
                        "width": round(count * scale, 1),
                    }
                )
                x += count * scale
        drawn.append(
            {"label": bar.label, "total": bar.count, "segments": segments, "end": round(x, 1)}
        )
    used = [key for key in DECISION_KEYS if any(key in bar.by_decision for bar in bars)]
    legend, x = [], 8.0
    for key in used:
        label = decision_label(key)
        legend.append({"key": key, "label": label, "x": round(x, 1)})
        x += 28 + CHAR_WIDTH * len(label)
    height = TOP + ROW * len(bars) + 36
    level = report.level_name
    parts = ", ".join(f"{bar.label}: {bar.count}" for bar in bars)
    return str(
        render_template(
            "normkit.outputs.consultation",
            "chart.svg.j2",
            width=WIDTH,
            height=height,
            label_width=LABEL_WIDTH,
            row=ROW,
            top=TOP,
            legend_y=TOP + ROW * len(bars) + 14,
            bars=drawn,
            legend=legend,
            colours=COLOURS,
            font=font,
            ident=ident,
            title=_("Comments per %(level)s, by decision") % {"level": level},
            description=_("%(count)s comments. Per %(level)s: %(counts)s.")
            % {"count": len(report.comments), "level": level, "counts": parts},
        )
    )
