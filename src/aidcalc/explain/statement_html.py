"""The printable 告知书: a Statement rendered through Jinja2 templates an office can copy and edit.

The bundled templates are in ``aidcalc/explain/templates`` (``statement.html`` says what each part is).
``aidcalc template statement DIR`` copies them; ``aidcalc check FILE --format html --template DIR``
renders with DIR's files first and the bundled ones for whatever DIR does not hold. Autoescaping is on:
every value from the household, the standards or the office's own text is escaped; only the chart
(an SVG aidcalc drew) is passed as markup.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aidcalc.errors import TemplateProblem

if TYPE_CHECKING:
    from aidcalc.explain.render import Statement

__all__ = ["TEMPLATES", "copy_templates", "render_html"]

#: the bundled statement templates
TEMPLATES = Path(__file__).resolve().parent / "templates"


def copy_templates(dest: str | Path) -> list[Path]:
    """Copy the bundled statement templates into ``dest`` (created if needed); existing files are kept.

    Returns the files written. An office edits them and passes ``--template dest``.
    """
    out = Path(dest)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for src in sorted(TEMPLATES.iterdir()):
        target = out / src.name
        if src.is_file() and not target.exists():
            shutil.copyfile(src, target)
            written.append(target)
    return written


def _environment(template_dir: str | Path | None) -> Any:
    import jinja2

    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(template_dir)))
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES)))
    return jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=False, lstrip_blocks=False,
                              keep_trailing_newline=True)


def context(st: Statement, chart: str | None = None) -> dict[str, Any]:
    """The values a statement template sees (listed in ``statement.html``)."""
    from markupsafe import Markup

    w, r = st.w, st.r
    labels = {b.code: b.label for b in r.benefits}
    members = [{"who": st.who(str(m["id"])), "age": m.get("age", ""),
                "amounts": [(labels.get(code, code), st.money(amount)) for code, amount in m.get("amounts", {}).items()]}
               for m in r.members]
    benefits = []
    for b in r.benefits:
        benefits.append({
            "code": b.code, "label": b.label, "status": b.status, "status_word": w[b.status],
            "amount": st.money(b.amount), "pending": b.status == "undetermined",
            "lines": [{"label": x.label, "marks": st.marks(x.citations), "who": st.who(x.member),
                       "working": x.working, "amount": st.money(x.amount)} for x in b.lines],
            "sections": [{"kind": kind, "title": title, "entries": [f"{x} {m}".rstrip() for x, m in items]}
                         for kind, title, items in st.sections(b)],
            "none": not (b.lines or b.reasons or b.missing or b.notes),
        })
    return {
        "lang": st.lang, "w": {**w, "paren_pending": st.paren(w["pending"])}, "result": r,
        "heading": st.heading(), "total": st.total(), "members": members, "benefits": benefits,
        "chart": Markup(chart) if chart else None,
        "citations": [st.citation(c) for c in st.citations], "warnings": list(r.warnings),
        "fingerprint": st.fingerprint(),
    }


def render_html(st: Statement, *, template_dir: str | Path | None = None, chart: str | None = None) -> str:
    """A standalone printable HTML page (inline CSS, nothing loaded from the network).

    ``template_dir`` overrides the bundled templates file by file; ``chart`` is an inline SVG shown
    beside the 低保 section.
    """
    import jinja2

    env = _environment(template_dir)
    try:
        text: str = env.get_template("statement.html").render(context(st, chart))
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(exc.message or "syntax error", path=exc.filename, line=exc.lineno) from None
    except jinja2.TemplateError as exc:
        raise TemplateProblem(f"{type(exc).__name__}: {exc}", path=str(template_dir) if template_dir else None) from None
    return text
