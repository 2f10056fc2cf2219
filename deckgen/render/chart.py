"""Draw a planned `Chart` as a native bar chart: a chart part with its own workbook, which
PowerPoint and LibreOffice edit as data (not a picture of bars).

The bars run top-down in rank order (the category axis reversed), each labelled with its
value; the text is in the template's fonts, Japanese in its East Asian one, so a category
label in Japanese is drawn in a Japanese font in the PDF as well.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.util import Pt
from xlsxwriter import Workbook

from deckgen.model.deck import Chart
from deckgen.render import oxml

CHART_TEXT_PT = 12
CHART_TYPE = XL_CHART_TYPE.BAR_CLUSTERED  # horizontal bars: long titles stay readable
WORKBOOK_DATE = dt.datetime(2000, 1, 1)


def chart_data(chart: Chart) -> CategoryChartData:
    """python-pptx's chart data for `chart`: one series, a category per paper."""
    data = CategoryChartData(number_format="General")
    data.categories = list(chart.categories)
    data.add_series(chart.series, list(chart.values))
    return data


def add_chart(slide: Any, placeholder: Any | None, chart: Chart, box: tuple[int, int, int, int],
              latin: str | None, ea: str) -> Any:
    """Draw `chart` into the box of the chart placeholder (removing it), or into `box`
    (left, top, width, height) when the layout has none."""
    if placeholder is not None:
        # a chart of its own in the box, not the placeholder filled: every placeholder on a
        # deckgen slide is text, which the deck check and a restyled master rely on
        box = (placeholder.left, placeholder.top, placeholder.width, placeholder.height)
        oxml.remove_shape(placeholder)
    frame = slide.shapes.add_chart(CHART_TYPE, *box, chart_data(chart))
    frame.name = "Ranking Chart"
    # python-pptx's workbook carries the time it was made: the same deck twice would differ
    frame.chart.part.chart_workbook.update_from_xlsx_blob(workbook(chart))
    _style(frame.chart, latin, ea)
    return frame


def workbook(chart: Chart) -> bytes:
    """The chart's data as the embedded workbook PowerPoint's "Edit Data" opens, laid out as
    python-pptx lays it out (categories in column A, the series in B), made the same way
    every time (a fixed creation date)."""
    out = io.BytesIO()
    book = Workbook(out, {"in_memory": True})
    book.set_properties({"created": WORKBOOK_DATE})
    sheet = book.add_worksheet()
    sheet.write(0, 1, chart.series)
    sheet.write_column(1, 0, list(chart.categories))
    sheet.write_column(1, 1, list(chart.values))
    book.close()
    return out.getvalue()


def _style(chart: Any, latin: str | None, ea: str) -> None:
    chart.has_legend = False
    chart.has_title = False
    font = chart.font
    font.size = Pt(CHART_TEXT_PT)
    if latin:
        font.name = latin
    font.language_id = MSO_LANGUAGE_ID.JAPANESE
    oxml.set_font_east_asian(font, ea)
    category_axis = chart.category_axis
    category_axis.reverse_order = True  # rank 1 at the top, as in the list
    category_axis.has_major_gridlines = False
    category_axis.tick_labels.font.size = Pt(CHART_TEXT_PT)
    value_axis = chart.value_axis
    value_axis.has_major_gridlines = False
    value_axis.visible = False  # the bars carry their numbers
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.number_format = "General"
    labels.number_format_is_linked = False
    labels.font.size = Pt(CHART_TEXT_PT)
