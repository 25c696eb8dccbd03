"""Open an HTML page in a real headless browser (Chromium) and read back what it printed.

For tests of printable pages (the 告知书, the diff report): print to PDF as a user's browser would,
count the pages, read the text of each page (poppler's ``pdftotext``), find where every word was drawn
(``pdftotext -bbox``) and render pages to PNG to look at. Chromium and poppler-utils come from Debian
packages (``.ci/run`` installs them when missing); a test that needs them fails, never skips, without them.

    pdf = print_pdf(html_text, tmp_path)
    assert page_count(pdf) == 1
    assert missing_text(pdf, ["本月合计", ...]) == []
    assert words_outside(pdf, margin_mm=9) == []
"""

from __future__ import annotations

import html as htmllib
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

#: A4 in PostScript points (what poppler reports)
A4_POINTS = (595.28, 841.89)
MM = 72 / 25.4

#: the flags every run uses: no sandbox (containers, root), nothing fetched, nothing synced, no first-run UI
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions", "--hide-scrollbars",
         "--mute-audio")


def chromium() -> str:
    """The Chromium (or Chrome) executable; an AssertionError saying how to install it when there is none."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    raise AssertionError("no Chromium: install it (apt-get install -y chromium poppler-utils; .ci/run does)")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise AssertionError(f"no {name}: install poppler-utils (apt-get install -y poppler-utils; .ci/run does)")
    return found


def _page(source: str | Path, workdir: Path) -> Path:
    """``source`` as a file to open: a path as it is, HTML text written to ``workdir/page.html``."""
    if isinstance(source, Path):
        return source.resolve()
    page = workdir / "page.html"
    page.write_text(source, "utf-8")
    return page


def _run(args: list[str], workdir: Path, timeout: float = 90) -> None:
    profile = workdir / "chromium-profile"
    profile.mkdir(exist_ok=True)
    cmd = [chromium(), *FLAGS, f"--user-data-dir={profile}", *args]
    got = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if got.returncode != 0:
        raise AssertionError(f"chromium failed ({got.returncode}): {' '.join(cmd)}\n{got.stderr[-2000:]}")


def print_pdf(source: str | Path, workdir: Path, name: str = "page.pdf") -> Path:
    """Print an HTML page (text or a file) to PDF with the page's own @page size and margins.

    The browser's own header and footer (date, URL, page numbers) are left out, as a user printing the
    statement would.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    out = workdir / name
    out.unlink(missing_ok=True)
    _run(["--no-pdf-header-footer", f"--print-to-pdf={out}", _page(source, workdir).as_uri()], workdir)
    assert out.is_file() and out.stat().st_size > 0, f"chromium wrote no PDF to {out}"
    return out


def screenshot(source: str | Path, workdir: Path, name: str = "page.png", size: tuple[int, int] = (1000, 1400)) -> Path:
    """A PNG of the page as a screen shows it, ``size`` CSS pixels (width, height)."""
    workdir.mkdir(parents=True, exist_ok=True)
    out = workdir / name
    out.unlink(missing_ok=True)
    _run([f"--screenshot={out}", f"--window-size={size[0]},{size[1]}", _page(source, workdir).as_uri()], workdir)
    assert out.is_file() and out.stat().st_size > 0, f"chromium wrote no screenshot to {out}"
    return out


def page_count(pdf: Path) -> int:
    """The number of pages of ``pdf`` (pdfinfo)."""
    info = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert m, info
    return int(m.group(1))


def page_texts(pdf: Path) -> list[str]:
    """The text of each page, in reading order (pdftotext)."""
    text = subprocess.run([_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


def missing_text(pdf: Path, expected: list[str]) -> list[str]:
    """Which of ``expected`` the printed pages do not contain (white space and line breaks ignored).

    A text wrapped inside a table cell comes back interleaved with its neighbours' lines, so a text is
    also found when each of its white-space separated pieces is printed.
    """
    printed = _squeeze("".join(page_texts(pdf)))
    return [e for e in expected if _squeeze(e) not in printed and not all(piece in printed for piece in e.split())]


@dataclass(frozen=True)
class Word:
    """One word as poppler found it on a page, in points from the page's top left."""

    page: int
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


def words(pdf: Path) -> tuple[list[Word], list[tuple[float, float]]]:
    """Every word drawn, with its box, and each page's (width, height) in points (pdftotext -bbox)."""
    out = subprocess.run([_tool("pdftotext"), "-bbox", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    found: list[Word] = []
    sizes: list[tuple[float, float]] = []
    for n, page in enumerate(re.findall(r"<page (.*?)</page>", out, re.S)):
        size = re.match(r'width="([\d.]+)" height="([\d.]+)"', page)
        assert size, page[:200]
        sizes.append((float(size.group(1)), float(size.group(2))))
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page):
            found.append(Word(n + 1, htmllib.unescape(m.group(5)), *(float(m.group(i)) for i in range(1, 5))))
    return found, sizes


def words_outside(pdf: Path, margin_mm: float, vertical_mm: float | None = None) -> list[Word]:
    """Words that reach into the outer ``margin_mm`` (left, right) or ``vertical_mm`` (top, bottom; default the
    same) of their page: cut off, or drawn over the edge. A word's box is its font's, taller than its ink:
    give the top and bottom a few millimetres less than the page's margins."""
    found, sizes = words(pdf)
    mx, my = margin_mm * MM, (margin_mm if vertical_mm is None else vertical_mm) * MM
    out = []
    for w in found:
        width, height = sizes[w.page - 1]
        if w.x_min < mx or w.y_min < my or w.x_max > width - mx or w.y_max > height - my:
            out.append(w)
    return out


def render_pngs(pdf: Path, workdir: Path, dpi: int = 60) -> list[Path]:
    """Each page of ``pdf`` as a PNG (pdftoppm), to look at."""
    prefix = workdir / pdf.stem
    subprocess.run([_tool("pdftoppm"), "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True)
    return sorted(workdir.glob(f"{pdf.stem}-*.png"))
