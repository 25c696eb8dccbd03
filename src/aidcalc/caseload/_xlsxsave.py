"""Saving an openpyxl workbook so that the same content gives the same bytes.

openpyxl stamps a workbook with the time it was created and saved (``docProps/core.xml``) and its zip
writer stamps every member with the current time: two runs over the same caseload gave different
files. Here both are a fixed moment, :data:`FIXED_TIME` (1980-01-01, the earliest a zip can hold), and
the members' permissions are fixed too; nothing else about the workbook changes.
"""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path
from typing import IO, Any

#: the creation, modification and zip member time of every workbook aidcalc writes
FIXED_TIME = dt.datetime(1980, 1, 1, 0, 0, 0)
_ZIP_TIME = FIXED_TIME.timetuple()[:6]
_MODE = 0o644 << 16  # a regular file readable by all, as the zip's external attributes


class _FixedTimeZip(zipfile.ZipFile):
    """A zip archive whose members all carry :data:`FIXED_TIME` and the same permissions."""

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
        info.compress_type = self.compression
        info.external_attr = _MODE
        return info

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: Any, compress_type: int | None = None,
                 compresslevel: int | None = None) -> None:
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        super().writestr(self._info(name), data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: int | None = None,
              compresslevel: int | None = None) -> None:
        """A file from disk (openpyxl's write-only sheets), streamed in, stamped like the rest."""
        info = self._info(str(arcname if arcname is not None else filename))
        if compress_type is not None:
            info.compress_type = compress_type
        with open(filename, "rb") as src, self.open(info, "w") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)


def save_workbook(book: Any, path: Path | IO[bytes]) -> None:
    """Save an openpyxl workbook (write-only or not) to ``path``, the same bytes for the same content."""
    from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

    if getattr(book, "write_only", False) and not book.worksheets:
        book.create_sheet()
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    archive = _FixedTimeZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(book, archive).save()


__all__ = ["FIXED_TIME", "save_workbook"]
