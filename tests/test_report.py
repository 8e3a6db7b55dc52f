"""The clinic report: its content on fixed diaries (golden files), escaping, long and empty
diaries, the SVG chart, and bad input to ``msback report``."""

from __future__ import annotations

import datetime as dt
import html.parser
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from msback.cli import app
from msback.diary import chart, insights, report, svg
from msback.diary.database import open_diary
from msback.diary.entry import Entry, Tried
from msback.environment import Environment

from .test_cli import golden

TODAY = dt.date(2026, 11, 26)
NOW = "2026-11-26 09:30"
TITLES = {"water-therapy": "water therapy", "exercise": "exercise"}
KEPT = {
    "at": "2026-11-20 18:00",
    "urgency": "self-care",
    "title": "No warning signs in your answers",
    "recommendations": [
        {"title": "Water therapy", "reasons": ["You said you have stiff muscles."]},
        {"title": "Exercise", "reasons": ["Gentle exercise often eases back pain."]},
    ],
    "doctor_questions": ["Is water therapy right for my back pain?"],
}


def fixed_diary() -> list[Entry]:
    """Three weeks: pool days lower, one note that tries to break out of the page."""
    entries = []
    for back in range(21):
        day = (TODAY - dt.timedelta(days=back)).isoformat()
        pool = back % 3 == 0
        note = '<script>alert("x")</script></table> & more' if back == 4 else ""
        entries.append(Entry(f"{day} 09:00", 3 if pool else 6, "lower back",
                             (Tried("pool", ("water-therapy",)),) if pool else (),
                             note=note))  # fmt: skip
    return entries


def text_of(page: str) -> str:
    """The words a person sees on the HTML page, one block a line."""

    class Text(html.parser.HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.skip += tag in ("style", "title")
            if tag in ("p", "li", "tr", "h1", "h2", "caption", "footer", "figcaption", "desc"):
                self.parts.append("\n")
            elif tag in ("td", "th"):
                self.parts.append(" | ")

        def handle_endtag(self, tag: str) -> None:
            self.skip -= tag in ("style", "title")

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(page)
    return (
        "\n".join(
            " ".join(line.split()) for line in "".join(parser.parts).split("\n") if line.strip()
        )
        + "\n"
    )


def test_markdown_report_on_a_fixed_diary() -> None:
    made = report.build(fixed_diary(), TODAY, 14, TITLES, KEPT)
    golden("report.md", report.to_markdown(made))


def test_html_report_text_on_a_fixed_diary() -> None:
    made = report.build(fixed_diary(), TODAY, 14, TITLES, KEPT)
    golden("report-html.txt", text_of(report.to_html(made)))


def test_a_note_is_text_never_markup() -> None:
    made = report.build(fixed_diary(), TODAY, 14, TITLES, KEPT)
    page = report.to_html(made)
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;/table&gt; &amp; more" in page
    assert page.count("</table>") == 1
    assert "<script" not in report.to_markdown(made)


def test_the_page_is_self_contained() -> None:
    page = report.to_html(report.build(fixed_diary(), TODAY, 90, TITLES, KEPT))
    assert not re.search(r"<(script|link|img|iframe|object)\b", page)
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page
    assert "@media print" in page


def test_the_chart_says_in_words_what_it_shows() -> None:
    days = insights.days_of(fixed_diary())
    cols = chart.columns(days, TODAY - dt.timedelta(days=13), TODAY, 14)
    markup = svg.trend_svg(cols, "Pain each day", "Bars show the average pain.")
    assert markup.startswith("<svg ")
    assert 'role="img"' in markup
    assert '<title id="chart-title">Pain each day</title>' in markup
    assert '<desc id="chart-desc">Bars show the average pain.</desc>' in markup
    assert markup.count("<rect ") == 14


def test_a_column_with_nothing_logged_says_none_and_a_zero_is_drawn() -> None:
    """An empty week must not read as a pain of 0: it says "none"; a 0 keeps its line."""
    entries = [Entry("2026-11-16 09:00", 0), Entry("2026-11-17 09:00", 5)]
    days = insights.days_of(entries)
    cols = chart.columns(days, dt.date(2026, 11, 16), dt.date(2026, 11, 19), 4)
    markup = svg.trend_svg(cols, "Pain each day", "Bars show the average pain.")
    assert markup.count(">none</text>") == 2  # the 18th and the 19th
    assert markup.count("<rect ") == 2


def test_empty_days_at_the_start_of_the_period_are_shown_when_the_diary_is_older() -> None:
    """A diary begun before the period, with nothing in its first days: the chart and table
    still start on the period's first day, and never say the diary starts later."""
    entries = [Entry(f"{TODAY - dt.timedelta(days=d)} 09:00", 4) for d in (40, 10, 8, 3)]
    made = report.build(entries, TODAY, 30, TITLES, None)
    assert len(made.rows) == 30
    assert "My diary starts" not in made.chart_svg
    younger = report.build(entries[1:], TODAY, 30, TITLES, None)
    assert len(younger.rows) == 11  # from its first entry, 10 days ago
    assert "My diary starts" in younger.chart_svg


def test_ten_years_are_summarised_not_drawn_point_by_point() -> None:
    entries = [Entry(f"{TODAY - dt.timedelta(days=i)} 09:00", i % 11) for i in range(3653)]
    made = report.build(entries, TODAY, 3652, TITLES, None)
    assert made.per == "month"
    assert len(made.rows) <= 130
    assert made.chart_svg.count("<rect ") <= 130


@pytest.mark.parametrize("entries", [[], [Entry("2026-11-25 09:00", 4, note="first one")]])
def test_an_empty_diary_and_one_entry_give_a_sensible_report(entries: list[Entry]) -> None:
    made = report.build(entries, TODAY, 90, {}, None)
    text = report.to_markdown(made)
    assert "No guide result was kept." in text
    if entries:
        assert "My average pain was 4 out of 10, from 1 entry on 1 of 90 days" in text
        assert len(made.rows) == 1  # the table starts where the diary starts
        assert "first one" in text
    else:
        assert "No entries in my diary in these 90 days." in text
        assert "No notes in this period." in text
    assert text_of(report.to_html(made))


# -- msback report ------------------------------------------------------------------------


def run(args: list[str]) -> Result:
    return CliRunner().invoke(app, ["report", *args], obj=Environment(now=NOW))


def test_report_to_a_file_and_never_over_one(tmp_path: Path) -> None:
    with open_diary(tmp_path / "home") as diary:
        diary.add(fixed_diary())
    target = tmp_path / "report.html"
    made = run(["-o", str(target)])
    assert made.exit_code == 0, made.output
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    again = run(["-o", str(target)])
    assert again.exit_code == 1
    assert "there is already a file called" in again.stderr
    assert "--overwrite" in again.stderr
    assert run(["-o", str(target), "--overwrite"]).exit_code == 0


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["--days", "0"], 2, "Invalid value for '--days'"),
        (["--days", "abc"], 2, "Invalid value for '--days'"),
        (["--format", "pdf"], 2, "--format must be html or md"),
        (["-o", "/no/such/folder/report.html"], 1, "cannot write the report"),
        (["-o", "/"], 1, "is a folder"),
        (["-o", "/dev/null"], 2, "is not a regular file"),
    ],
)
def test_bad_report_input_is_one_line(args: list[str], code: int, says: str) -> None:
    result = CliRunner().invoke(app, ["report", *args], obj=Environment(now=NOW))
    assert result.exit_code == code, result.output
    assert says in result.stderr
    assert "Traceback" not in result.output


def test_report_on_an_empty_diary(tmp_path: Path) -> None:
    result = run([])
    assert result.exit_code == 0
    assert "No entries in my diary in these 90 days." in result.stdout
    assert not (tmp_path / "home").exists()


def test_a_kept_result_says_why_and_what_was_left_out_older_ones_still_show() -> None:
    newer = {
        **KEPT,
        "urgency": "same-day",
        "title": "See a doctor today",
        "because_text": "Because you said yes to a sign of infection, such as a fever.",
        "left_out": ["Left out: Anti-inflammatory painkillers, because you said yes to a fever."],
    }
    made = report.build(fixed_diary(), TODAY, 14, TITLES, newer)
    for text in (report.to_markdown(made), report.to_html(made)):
        assert "Because you said yes to a sign of infection, such as a fever." in text
        assert "Left out: Anti-inflammatory painkillers, because" in text
    older = report.to_markdown(report.build(fixed_diary(), TODAY, 14, TITLES, KEPT))
    assert "No warning signs in your answers" in older
    assert "Because" not in older


def test_a_note_never_becomes_a_link_or_remote_image_in_the_markdown_report() -> None:
    from markdown_it import MarkdownIt

    note = "![x](http://evil.example/x.png) [see](https://b.example) www.c.example *bold* `x`"
    entries = [*fixed_diary(), Entry("2026-11-26 10:00", 4, note=note)]
    text = report.to_markdown(report.build(entries, TODAY, 14, TITLES, KEPT))
    assert "http://" not in text
    assert "https://" not in text
    assert "www." not in text
    page = MarkdownIt("commonmark").render(text)
    assert "<img" not in page
    assert "<a " not in page
    assert "<code>" not in page
    assert "evil.example/x.png" in page  # the words are all still there, as text


def test_the_report_shows_what_the_diary_knows_in_the_persons_voice() -> None:
    """Where the pain was, stiffness and tiredness, lines to fill in by hand (never stored),
    and "my" throughout: the person hands it over."""
    entries = [
        Entry(f"2026-11-{d:02d} 09:00", 5, "neck" if d % 2 else "lower back",
              scores=(("spasticity", 4), ("fatigue", 6)), note="" if d != 20 else "stiff")
        for d in range(10, 27)
    ]  # fmt: skip
    made = report.build(entries, TODAY, 30, TITLES, None)
    text = report.to_markdown(made)
    assert "# My pain report" in text
    for label in ("Name:", "Date of birth:", "NHS or insurance number:"):
        assert f"{label} ____" in text
    assert "- lower back: 9 entries\n- neck: 8 entries" in text
    assert "| Stiffness (0-10) | Tiredness (0-10) |" in text
    assert "| 4 | 6 |" in text
    assert "the person" not in text
    assert "from my own pain diary" in text
    page = text_of(report.to_html(made))
    assert "Where my pain was" in page
    assert "Stiffness" in page


def test_weeks_start_on_monday_and_the_chart_says_where_the_diary_starts() -> None:
    entries = [Entry(f"2026-11-{d:02d} 09:00", 4) for d in range(11, 27)]  # from a Wednesday
    made = report.build(entries, TODAY, 90, TITLES, None)
    assert made.per == "week"
    assert made.rows[0].label == "week from Mon 9 Nov 2026"
    assert all(r.label.startswith("week from Mon ") for r in made.rows)
    assert "My diary starts 9 Nov 2026" in made.chart_svg
    assert ">Pain (0-10)<" in made.chart_svg
    assert ">16 Nov<" in made.chart_svg or ">9 Nov<" in made.chart_svg  # dates under the bars


def test_report_at_a_terminal_is_readable_text_not_markdown(tmp_path: Path) -> None:
    with open_diary(tmp_path / "home") as diary:
        diary.add(fixed_diary())
    env = Environment(stdout_tty=True, now=NOW)
    shown = CliRunner().invoke(app, ["report", "--days", "30"], obj=env)
    assert shown.exit_code == 0, shown.output
    assert "My pain report" in shown.stdout
    assert "**" not in shown.stdout
    assert "| " not in shown.stdout
    assert "\n#" not in shown.stdout
    piped = CliRunner().invoke(app, ["report", "--days", "30"], obj=Environment(now=NOW))
    assert piped.stdout.startswith("# My pain report")


def test_large_is_for_the_html_report(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", "--large"], obj=Environment(now=NOW))
    assert result.exit_code == 2
    assert "--large is for the HTML report." in result.stderr


def test_a_kept_result_is_reported_in_the_persons_own_voice() -> None:
    mine = [["I said I have stiff muscles."], ["It often eases back pain."]]
    kept = {**KEPT, "my_title": "No warning signs in my answers",
            "my_because": "Because I said yes to stiffness.", "my_reasons": mine}  # fmt: skip
    text = report.to_markdown(report.build(fixed_diary(), TODAY, 14, TITLES, kept))
    assert "**No warning signs in my answers**" in text
    assert "Because I said yes to stiffness." in text
    assert "I said I have stiff muscles." in text
    assert "You said" not in text
