"""The report's trend chart as a small, hand-made SVG: no scripts, no fonts, nothing fetched.

Bars are the average pain of each column (a day, a week or a month), a short line above
each bar marks the worst. It carries ``role="img"``, a ``<title>`` and a ``<desc>`` that say
what it shows in words; the report puts the same numbers in a table beside it. Built with
ElementTree, which escapes every text and attribute. Pure.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from msback.diary.chart import Column

WIDTH, HEIGHT = 640, 236
LEFT, BOTTOM, TOP = 40, 40, 20
#: Date labels under the bars, at most this many (evenly spaced).
X_LABELS = 6
PLOT_H = HEIGHT - BOTTOM - TOP
#: Up to this many columns, one with nothing logged says "none" (a pain of 0 is a bar's line).
SAY_NONE_UP_TO = 31


def trend_svg(cols: Sequence[Column], title: str, desc: str, note: str = "") -> str:
    """The chart as SVG markup, ``cols`` oldest first: the 0 to 10 scale on the left, the
    dates under the bars, and ``note`` (where the diary starts) at the top right."""
    svg = ET.Element(
        "svg",
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {WIDTH} {HEIGHT}",
        role="img",
        width="100%",
    )
    svg.set("aria-labelledby", "chart-title chart-desc")
    ET.SubElement(svg, "title", id="chart-title").text = title
    ET.SubElement(svg, "desc", id="chart-desc").text = desc
    for level in (0, 2, 4, 6, 8, 10):  # the scale, in words a printout keeps
        y = _y(level)
        ET.SubElement(svg, "line", x1=str(LEFT), x2=str(WIDTH), y1=y, y2=y,
                      stroke="#999", attrib={"stroke-width": "0.5"})  # fmt: skip
        label = ET.SubElement(svg, "text", x=str(LEFT - 6), y=y, attrib={"text-anchor": "end"})
        label.set("font-size", "11")
        label.set("dominant-baseline", "middle")
        label.text = str(level)
    axis = ET.SubElement(svg, "text", x="2", y=str(TOP - 8))
    axis.set("font-size", "11")
    axis.text = "Pain (0-10)"
    if note:
        said = ET.SubElement(svg, "text", x=str(WIDTH), y=str(TOP - 8))
        said.set("font-size", "11")
        said.set("text-anchor", "end")
        said.text = note
    step = (WIDTH - LEFT) / max(1, len(cols))
    every = max(1, -(-len(cols) // X_LABELS))
    for i, col in enumerate(cols):
        if i % every == 0:
            x = LEFT + i * step + step * 0.35
            date = ET.SubElement(svg, "text", x=f"{x:.1f}", y=str(HEIGHT - BOTTOM + 16))
            date.set("font-size", "11")
            date.set("text-anchor", "middle")
            date.text = f"{col.first.day} {col.first:%b}"
    for i, col in enumerate(cols):
        x = LEFT + i * step
        if col.average is None or col.worst is None:  # nothing logged: said, never a 0
            if len(cols) <= SAY_NONE_UP_TO:
                _say_none(svg, x + step * 0.35)
            continue
        bar_w = max(1.0, step * 0.7)
        top = _y(col.average)
        ET.SubElement(svg, "rect", x=f"{x:.1f}", y=top, width=f"{bar_w:.1f}",
                      height=f"{float(_y(0)) - float(top):.1f}", fill="#3b6ea5")  # fmt: skip
        worst = _y(col.worst)
        ET.SubElement(svg, "line", x1=f"{x:.1f}", x2=f"{x + bar_w:.1f}", y1=worst, y2=worst,
                      stroke="#000", attrib={"stroke-width": "2"})  # fmt: skip
    return ET.tostring(svg, encoding="unicode")


def _say_none(svg: ET.Element, x: float) -> None:
    """ "none", written upwards from the baseline of a column with nothing logged."""
    y = float(_y(0)) - 4
    said = ET.SubElement(svg, "text", x=f"{x:.1f}", y=f"{y:.1f}", fill="#555")
    said.set("font-size", "10")
    said.set("transform", f"rotate(-90 {x:.1f} {y:.1f})")
    said.text = "none"


def _y(level: float) -> str:
    return f"{TOP + PLOT_H * (1 - level / 10):.1f}"
