"""The "Overzicht van uw beslagvrije voet": the notice of Rv 475i lid 2 on the statutory model.

The model is bijlage 2 of the Regeling beslagvrije voet (as replaced by Stcrt. 2022, 34869). Only
its opening has been read (``spec/reference/delegated-spec.md`` §3.4); the sections after "Dit
overzicht gaat over" follow the semi-official sources listed there, and their order is our best
reading. :data:`SECTIONS` lists every section with how sure we are of it; ``docs/notice.md``
shows the same list.

One data shape, :class:`Notice` (``bvv-notice/1``), serves both ways: ``bvv notice --format json``
writes it, and ``bvv verify`` reads it, so a counsellor can type the figures of a received letter
into the same fields. The Dutch texts are our own words at B1 level; they are not the Ministry's.

>>> import bvv
>>> case = bvv.parse_case(bvv.examples.load("05_partner_en_95procent_2023"))
>>> notice = build_notice(case, bvv.calculate(case))
>>> str(notice.beslagvrije_voet), notice.leefsituatie
('760.00', 'gehuwden_met_kinderen')
>>> render_text(case, bvv.calculate(case)).splitlines()[0][:7]
'CONCEPT'
"""

from __future__ import annotations

from bvv.letters.notice_build import (
    ACTION_NL,
    CONTACT_PLACEHOLDER,
    LEEFSITUATIE_B1,
    MISSING_NL,
    SECTIONS,
    SENDER_PLACEHOLDER,
    UNKNOWN,
    Chain,
    Section,
    build_notice,
    chain_of,
    placeholders,
)
from bvv.letters.notice_render import render, render_html, render_text
from bvv.letters.notice_sections import Block, blocks
from bvv.render import CATEGORY_NL, nl_date

__all__ = [
    "ACTION_NL", "CATEGORY_NL", "CONTACT_PLACEHOLDER", "LEEFSITUATIE_B1", "MISSING_NL", "SECTIONS",
    "SENDER_PLACEHOLDER", "UNKNOWN", "Block", "Chain", "Section", "blocks", "build_notice",
    "chain_of", "nl_date", "placeholders", "render", "render_html", "render_text",
]  # fmt: skip
