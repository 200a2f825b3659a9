"""The notice as plain text and as an HTML letter: one column, body 10.5 pt or more, no hyphenation
inside words, readable on a phone; on paper a header and page numbers from page 2 on.

Without a sender and a contact the notice is a draft: it says CONCEPT at the top and keeps the
placeholders in square brackets (``bvv notice`` lists them on standard error).
"""

from __future__ import annotations

import html
import json
from typing import Any

from bvv.letters.notice_build import build_notice, placeholders
from bvv.letters.notice_sections import Block, blocks
from bvv.model import Case, Result
from bvv.model.notice import Notice, NoticeFormat
from bvv.render import nl_date

TITLE = "Overzicht van uw beslagvrije voet"
CONCEPT = "CONCEPT: nog niet versturen. Vul eerst in: "


def _head(notice: Notice) -> list[tuple[str, str]]:
    """The letter parts above the title: sender, addressee, date, reference."""
    rows = [("Van", notice.sender)] if notice.sender else []
    if notice.addressee:
        rows.append(("Aan", notice.addressee))
    rows.append(("Datum", nl_date(notice.determination_date)))
    if notice.reference:
        rows.append(("Ons kenmerk", notice.reference))
    return [(k, v) for k, v in rows if v]


def _draft(notice: Notice) -> str:
    left = placeholders(sender=notice.sender, contact=notice.contact)
    return CONCEPT + "; ".join(left) + "." if left else ""


def render_text(case: Case, result: Result, notice: Notice | None = None) -> str:
    """The notice as plain text (for a terminal or an e-mail)."""
    notice = notice or build_notice(case, result)
    lines = [_draft(notice), ""] if _draft(notice) else []
    lines += [f"{k}: {v}" for k, v in _head(notice)]
    lines += ["", TITLE, "=" * len(TITLE)]
    for b in blocks(case, result, notice):
        lines += ["", b.title, "-" * len(b.title)]
        lines += list(b.paragraphs)
        lines += _text_calc(b) if b.calc else _text_table(b)
        lines += [f"  - {item}" for item in b.items]
    rc = result.receipt
    lines += ["", f"(bvv {rc.library_version}, normen {rc.norms_version}, invoer {rc.input_sha256[:12]})"]
    return "\n".join(lines)


def _text_table(b: Block) -> list[str]:
    if not b.table:
        return []
    widths = [max(len(row[c]) for row in b.table) for c in range(len(b.table[0]))]
    return [
        "  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in b.table
    ]


def _text_calc(b: Block) -> list[str]:
    width = max(len(r.amount) for r in b.calc)
    out: list[str] = []
    for r in b.calc:
        out.append(f"  {r.amount:>{width}}  {r.title} (artikel {r.law} Rv)")
        if r.detail:
            out.append(f"  {'':>{width}}    {r.detail}")
    return out


_CSS = """
@page { size: A4; margin: 12mm 16mm 12mm 16mm;
  @bottom-right { content: "Pagina " counter(page) " van " counter(pages);
                  font: 9pt sans-serif; color: #444; }
  @top-left { content: "__HEADER__"; font: 9pt sans-serif; color: #444; } }
@page :first { @top-left { content: none; } }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt;
       line-height: 1.22; color: #111; max-width: 178mm; margin: 0 auto;
       hyphens: manual; -webkit-hyphens: manual; overflow-wrap: normal; word-break: normal; }
.concept { border: 0.6mm solid #b42318; color: #b42318; font-weight: bold;
           padding: 1mm 2mm; margin: 0 0 2mm 0; }
.head { margin: 0 0 1.5mm 0; }
.head td { border: 0; padding: 0 3mm 0 0; }
h1 { font-size: 15pt; margin: 0 0 0.5mm 0; }
section { margin: 1.4mm 0 0 0; }
h2 { font-size: 10.5pt; margin: 0; break-after: avoid; display: inline; }
h2::after { content: " "; }
section > h2 + p { display: inline; }
p { margin: 0.6mm 0; }
ul { margin: 0.6mm 0; padding-left: 5mm; }
li { margin: 0.3mm 0; }
.table { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 0.8mm 0; }
tr { break-inside: avoid; }
th, td { text-align: left; padding: 0.2mm 1.6mm 0.2mm 0; border-bottom: 0.2mm solid #ccc;
         vertical-align: top; }
th { font-weight: bold; }
td.num { text-align: right; white-space: nowrap; }
.hoogte { border: 0.5mm solid #111; padding: 1mm 2.4mm; margin: 1.4mm 0; }
.hoogte .bvv { font-size: 12.5pt; font-weight: bold; display: block; }
.law { color: #333; }
.foot { font-size: 7.5pt; color: #555; margin-top: 1mm; }
a { color: #0b4f9c; text-decoration: none; }
small { font-size: 9.5pt; }
@media screen { body { padding: 6mm; } }
@media screen and (max-width: 600px) {
  body { padding: 12px; font-size: 16px; max-width: none; }
  h1 { font-size: 22px; } h2 { font-size: 18px; }
  .head td { display: block; padding: 0; }
  th, td { padding: 2px 6px 2px 0; }
}
"""


def render_html(case: Case, result: Result, notice: Notice | None = None) -> str:
    """The notice as a standalone HTML letter that prints on A4."""
    notice = notice or build_notice(case, result)
    e = html.escape
    header = TITLE + (f" · kenmerk {notice.reference}" if notice.reference else "")
    css = _CSS.replace("__HEADER__", header.replace("\\", "").replace('"', "'"))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(TITLE)}</title>",
        f"<style>{css}</style></head><body>",
    ]
    if _draft(notice):
        parts.append(f'<p class="concept">{e(_draft(notice))}</p>')
    parts.append(
        '<table class="head">'
        + "".join(f"<tr><td>{e(k)}</td><td>{e(v)}</td></tr>" for k, v in _head(notice))
        + "</table>"
    )
    parts.append(f"<h1>{e(TITLE)}</h1>")
    for b in blocks(case, result, notice):
        parts.append(_html_block(b))
    rc = result.receipt
    parts.append(
        f'<p class="foot">bvv {e(rc.library_version)} · normen {e(rc.norms_version)} · regels '
        f"{e(rc.rules_version)} · invoer {e(rc.input_sha256[:12])} · eigen woorden, naar het model van "
        "bijlage 2 Regeling beslagvrije voet</p>"
    )
    parts.append("</body></html>")
    return "\n".join(parts)


def _html_block(b: Block) -> str:
    e = html.escape
    if b.key == "hoogte":  # the framed amount is its own heading
        first, *rest = b.paragraphs
        return (
            f'<section id="hoogte" class="hoogte"><span class="bvv">{e(first)}</span>'
            + " ".join(e(p) for p in rest)
            + "</section>"
        )
    out = [f'<section id="{e(b.key)}"><h2>{e(b.title)}</h2>']
    out += [f"<p>{e(para)}</p>" for para in b.paragraphs]
    if b.calc:
        out.append(_html_calc(b))
    elif b.table:
        head, *rows = b.table
        out.append('<div class="table"><table><thead><tr>' + "".join(f"<th>{e(h)}</th>" for h in head))
        out.append("</tr></thead><tbody>")
        for row in rows:
            cells = [
                f'<td class="num">{e(c)}</td>' if c.startswith("€") else f"<td>{e(c)}</td>" for c in row
            ]
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody></table></div>")
    if b.items:
        out.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in b.items) + "</ul>")
    out.append("</section>")
    return "\n".join(out)


def _html_calc(b: Block) -> str:
    e = html.escape
    rows = [
        f"<tr><td>{e(r.title)}" + (f"<br><small>{e(r.detail)}</small>" if r.detail else "")
        + f'</td><td class="num">{e(r.amount)}</td>'
        + f'<td class="law"><a href="{e(r.url)}">{e(r.law)}</a></td></tr>'
        for r in b.calc
    ]  # fmt: skip
    return (
        '<div class="table"><table><thead><tr><th>Stap</th><th>Bedrag</th><th>Artikel Rv</th></tr></thead>'
        "<tbody>" + "".join(rows) + "</tbody></table></div>"
    )


def _short_label(label: str) -> str:
    """The article without the text version, for a narrow column.

    >>> _short_label("art. 475da lid 2 onder d Rv (tekst geldend op 2023-07-01)")
    'art. 475da lid 2 onder d Rv'
    """
    return label.split(" (tekst", 1)[0]


def render(case: Case, result: Result, fmt: NoticeFormat = "text", **kwargs: Any) -> str:
    """The notice in the chosen format; ``kwargs`` go to :func:`build_notice`."""
    notice = build_notice(case, result, **kwargs)
    if fmt == "json":
        return json.dumps(notice.to_json_dict(), ensure_ascii=False, indent=2)
    if fmt == "html":
        return render_html(case, result, notice)
    return render_text(case, result, notice)
