"""Query results as an Excel workbook (``--format xlsx``; needs the ``xlsx`` extra, openpyxl).

One sheet named after the query: a bold header row, frozen, with a filter; beside each column of
IRIs its names (as in CSV); numbers stored as numbers, pounds in a ``£#,##0`` format and counts in
``#,##0``; columns as wide as their widest cell (up to :data:`MAX_WIDTH` characters, longer text
wraps). The workbook carries a fixed date, never the clock's, and its zip entries a fixed time, so
the same result gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile

from clusterkg.errors import ClusterKGError
from clusterkg.query.resultcells import column_kind

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (on every query's path)
if TYPE_CHECKING:  # annotations only: results imports this module to render its results
    from clusterkg.query.results import QueryResult

MONEY_FORMAT = '"£"#,##0'
COUNT_FORMAT = "#,##0"
ORDINAL_FORMAT = "0"
MAX_WIDTH = 60  # characters; longer cells wrap
FIXED_TIME = datetime.datetime(2000, 1, 1)  # the documents' created/modified date: never the clock
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
_FORMATS = {"money": MONEY_FORMAT, "count": COUNT_FORMAT, "ordinal": ORDINAL_FORMAT, "year": ORDINAL_FORMAT,
            "ratio": "0.000"}


def xlsx_bytes(result: QueryResult) -> bytes:
    """The result as the bytes of an ``.xlsx`` workbook."""
    try:
        import openpyxl
        from openpyxl.writer.excel import ExcelWriter
    except ImportError:
        raise ClusterKGError("--format xlsx needs openpyxl: pip install 'clusterkg[xlsx]'") from None
    if result.boolean is not None:
        raise ClusterKGError("an ASK query's answer is true or false: no table to write as xlsx")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _SHEET_NAME.sub("-", result.name or "result")[:31]
    _fill(sheet, result)
    book.properties.creator = "clusterkg"
    book.properties.created = book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return _fixed_times(buffer.getvalue())


def _fill(sheet, result: QueryResult) -> None:
    """The header, the rows, their number formats and the column widths."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    columns = result.columns
    kinds = [column_kind(result, c) for c in columns]
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(c) for c in columns]
    for n, record in enumerate(result.to_records(), start=2):
        for i, column in enumerate(columns):
            value = record[column]
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
            cell = sheet.cell(row=n, column=i + 1, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text that starts with '=' stays text, never a formula
            if kinds[i] in _FORMATS and value is not None:
                cell.number_format = _FORMATS[kinds[i]]
            shown = shown_length(value, kinds[i])
            if shown > MAX_WIDTH:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            widths[i] = max(widths[i], min(shown, MAX_WIDTH))
    for i, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(i + 1)].width = width + 2
    sheet.freeze_panes = "A2"
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(sheet.max_row, 1)}"


def shown_length(value, kind: str) -> int:
    """How many characters Excel shows for ``value`` in a column of ``kind``."""
    if value is None:
        return 0
    if kind == "money":
        return len(f"£{value:,.0f}")
    if kind == "count":
        return len(f"{value:,.0f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _fixed_times(data: bytes) -> bytes:
    """The zip archive ``data`` with every entry's time set to :data:`ZIP_TIME`, in the same order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
