"""Named assumptions: every interpretation the law leaves open, with a stable id.

Each entry follows a decision of ``spec/README.md`` ("Decisions where the law is silent"). A rule
that relies on one names it; the engine lists it in ``result.assumptions`` so a reader sees which
choices shaped this particular result, and a later release can change one knowingly.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Assumption:
    id: str
    decision: int | None
    #: English, for developers and A2A partners
    text: str
    #: Dutch (B1), for notices, tables and notebooks
    tekst: str = ""


_ALL = (
    Assumption(
        "rounding-half-up-at-end",
        1,
        "Exact decimals throughout; only the final bvv and each per-income amount are rounded to "
        "cents, half up; per-income parts add up to the rounded total (largest remainder).",
        "Er wordt exact gerekend; alleen de beslagvrije voet en de bedragen per inkomen worden "
        "afgerond op centen (vanaf een halve cent naar boven). De delen per inkomen tellen precies op"
        " tot het afgeronde totaal.",
    ),
    Assumption(
        "negative-terms-floored",
        2,
        "The housing term and the kindgebonden-budget terms of Rv 475da lid 2 are floored at "
        "zero: below the income where the loss of huurtoeslag or kindgebonden budget starts, "
        "nothing is lost. The law has no explicit floor.",
        "De woonterm en de termen voor het kindgebonden budget in de formule (art. 475da lid 2 Rv) "
        "worden niet negatief: onder het inkomen waarop u huurtoeslag of kindgebonden budget begint "
        "te verliezen, verliest u niets. De wet zegt dit niet met zoveel woorden.",
    ),
    Assumption(
        "bvv-floored-at-zero",
        2,
        "A bvv that the deductions of Rv 475db would push below zero is zero.",
        "Een beslagvrije voet die door de aftrekposten van art. 475db Rv onder nul zou komen, is nul.",
    ),
    Assumption(
        "drempelinkomen-as-published",
        3,
        "Letter D (July 2022-2024) or L (2021, gehuwden met kinderen) taken as the Ministry used "
        "them for the published maxima, not as the statute prescribes (variant 'as_published').",
        "Het drempelinkomen (juli 2022-2024) of het bedrag L (2021, gehuwden met kinderen) is genomen"
        " zoals het ministerie het voor de gepubliceerde maximumbedragen gebruikte, niet zoals de wet"
        " het voorschrijft.",
    ),
    Assumption(
        "zorg-cap-couples-double-premium",
        4,
        "The zorg-term cap of Rv 475da lid 3 for gehuwden uses twice the standaardpremie "
        "(Wzt art. 2 lid 1, second sentence); confirmed by the published maxima.",
        "Voor gehuwden is de zorgterm ten hoogste tweemaal de standaardpremie per maand (min het "
        "bedrag van art. 23 lid 2 Pw); dit klopt met de gepubliceerde maximumbedragen.",
    ),
    Assumption(
        "single-parent-multi-person-housing",
        4,
        "The alleenstaande ouder uses the multi-person housing parameters (H and I 2021-2025; "
        "G, the multi-person ijkpunt and basishuur from 2026); confirmed by the published maxima.",
        "Voor een alleenstaande ouder gelden de woonparameters van een meerpersoonshuishouden; dit "
        "klopt met de gepubliceerde maximumbedragen.",
    ),
    Assumption(
        "income-base-95pct-all-a-to-i",
        5,
        "The 95 % rule of Rv 475dc counts all the debtor's periodic income of Rv 475c lid 1 a-i, "
        "garnished or not, including holiday allowance (also in 2021).",
        "De 95 %-grens (art. 475dc Rv) rekent met al uw periodieke inkomen van art. 475c lid 1 a tot "
        "en met i, met of zonder beslag, inclusief vakantiegeld (ook in 2021).",
    ),
    Assumption(
        "pay-period-conversion",
        6,
        "Four-weekly amounts x 13/12 and weekly amounts x 52/12 give the monthly amount.",
        "Een bedrag per vier weken is maal 13/12 en een bedrag per week maal 52/12 omgerekend naar "
        "een maandbedrag.",
    ),
    Assumption(
        "living-situation-from-brp",
        7,
        "Living situation from the BRP: a spouse/registered partner, co-parent or former "
        "spouse/partner with a residential registration at the debtor's address makes him "
        "married; dependent children are those under 18 registered at the address.",
        "De leefsituatie komt uit de BRP: een echtgenoot of geregistreerd partner, iemand met wie u "
        "een kind hebt of een ex-partner die op uw adres woont, telt als partner; kinderen onder 18 "
        "die op uw adres wonen tellen mee.",
    ),
    Assumption(
        "several-garnishments-pro-rata",
        8,
        "With more than one garnished income the bvv is divided in proportion to the payments "
        "(Rv 475c lid 5), whoever garnished them.",
        "Ligt er beslag op meer dan één inkomen, dan is de beslagvrije voet verdeeld naar verhouding "
        "van de betalingen (art. 475c lid 5 Rv), ook als verschillende schuldeisers beslag legden.",
    ),
    Assumption(
        "court-increase-after-95pct",
        9,
        "The kantonrechter's increase (Rv 475fa) is applied last, for the period the court set, "
        "and is not limited by the 95 % rule of Rv 475dc.",
        "De verhoging door de kantonrechter (art. 475fa Rv) komt als laatste erbij, voor de periode "
        "die de rechter bepaalde, en wordt niet beperkt door de 95 %-grens.",
    ),
    Assumption(
        "indexed-maxima-from-january-2021",
        10,
        "The maxima published on 12 January 2021 apply from 1 January 2021.",
        "De maximumbedragen die op 12 januari 2021 zijn bekendgemaakt, gelden vanaf 1 januari 2021.",
    ),
    Assumption(
        "housing-increase-married-reduced",
        11,
        "For a married debtor the housing increase (Rv 475da lid 5, last sentence) is reduced by "
        "the part of the partner's non-garnished a-i income that Rv 475db lid 1 a does not already "
        "deduct from the bvv including the increase (not below zero), so no partner income counts "
        "twice. The statute only says 'insofar as the spouse's non-garnished income is insufficient'.",
        "Bent u gehuwd, dan is de verhoging voor hoge woonkosten lager met het deel van het inkomen "
        "van uw partner zonder beslag dat niet al van de beslagvrije voet (met de verhoging) is "
        "afgetrokken. Zo telt geen euro van uw partner twee keer. De wet zegt alleen: voor zover dat "
        "inkomen niet genoeg is voor de hogere woonkosten.",
    ),
    Assumption(
        "abroad-woonlandfactor-on-47-5pct",
        12,
        "Debtor abroad: bvv = 47.5 % of the couples' norm x the woonlandfactor supplied in the "
        "case (the Regeling's table is not in the library yet).",
        "U woont in het buitenland: de beslagvrije voet is 47,5 % van de bijstandsnorm voor gehuwden "
        "maal de woonlandfactor die in het dossier staat.",
    ),
    Assumption(
        "owner-increase-amount-supplied",
        13,
        "The owner / non-Wht renter increase (Rv 475da lid 7) is the amount the caller supplied; "
        "its method (Besluit beslagvrije voet art. 5) is not available; the income limit is checked.",
        "De verhoging voor een eigen woning of een huurwoning zonder huurtoeslag (art. 475da lid 7 "
        "Rv) is het bedrag dat in het dossier staat; de inkomensgrens is gecontroleerd.",
    ),
    Assumption(
        "latest-norms-used",
        15,
        "The determination date lies after the last published norm period; the latest published "
        "norms were used because the caller allowed it.",
        "Voor de datum van vaststelling zijn nog geen normen bekendgemaakt; de laatst bekendgemaakte "
        "normen zijn gebruikt.",
    ),
    Assumption(
        "provisional-norms-used",
        15,
        "The norm table of the determination date is provisional: not all its values are confirmed "
        "from the publications that set them. It was used because the caller allowed it "
        "(allow_provisional_norms, --allow-provisional-norms).",
        "De normen voor deze datum zijn voorlopig: nog niet alle bedragen zijn nagelezen in de "
        "officiële bekendmaking. Er is toch mee gerekend, omdat daarom is gevraagd.",
    ),
    Assumption(
        "loaded-norms-used",
        15,
        "The norm table of the determination date was loaded from a folder (--norms DIR or "
        "BVV_NORMS_DIR), not shipped with bvv. It passed the same check as the bundled tables "
        "(the published maxima follow from its parameters); the receipt's norms_sha256 covers it.",
        "De normen voor deze datum komen uit een map die is opgegeven, niet uit bvv zelf. Ze zijn "
        "gecontroleerd: de bekendgemaakte maximumbedragen volgen uit de andere normen.",
    ),
    Assumption(
        "housing-increase-term-at-request",
        16,
        "The term of the housing increase (Rv 475da lid 5-6) follows the text in force on the day it "
        "was requested: a request before 2023 runs at most 6 months, a request from 2023 18 months "
        "(Regeling art. 1a), each extendable once by at most 6. No transitional rule is known.",
        "Hoe lang de verhoging voor hoge woonkosten duurt, hangt af van de regels op de dag van uw "
        "verzoek: een verzoek van voor 2023 geldt ten hoogste 6 maanden, een verzoek vanaf 2023 "
        "18 maanden; beide kunnen één keer met ten hoogste 6 maanden worden verlengd.",
    ),
    Assumption(
        "designated-benefit-only-when-capped",
        18,
        "The designated-benefit formula (Rv 475dc lid 2) is given only 'bij toepassing van het "
        "eerste lid': when the 95 % limit of lid 1 actually lowered the bvv; never for an "
        "institution bvv before 2023, to which lid 1 does not apply.",
        "De beslagvrije voet als formule voor een aangewezen uitkering (art. 475dc lid 2 Rv) geldt "
        "alleen als de 95 %-grens de beslagvrije voet verlaagde. Anders krijgt de uitbetaler het "
        "bedrag.",
    ),
    Assumption(
        "garnished-allowance-division",
        20,
        "A garnished allowance (Rv 475c lid 1 j) takes no part of the bvv when a claim a-i is "
        "garnished too: lid 5 divides the bvv over the garnished a-i claims only, so the whole "
        "allowance goes to the creditor. When only allowances are garnished, the bvv lies on them "
        "(divided in proportion to the payments when there are several).",
        "Ligt er ook beslag op een toeslag (art. 475c lid 1 onder j Rv), dan krijgt die toeslag geen "
        "deel van de beslagvrije voet zolang er beslag ligt op ander inkomen: de beslagvrije voet "
        "wordt alleen over dat andere inkomen verdeeld. Ligt er alleen beslag op toeslagen, dan geldt "
        "de beslagvrije voet voor die toeslagen.",
    ),
    Assumption(
        "housing-increase-on-47-5pct",
        None,
        "The housing increase (Rv 475da lid 5) also applies to a debtor without a residential "
        "address in the Netherlands (lid 4): lid 5 raises 'de beslagvrije voet' without excluding "
        "lid 4. It is added after the 47.5 % amount and any woonlandfactor, not multiplied by it.",
        "De verhoging voor hoge woonkosten geldt ook als u geen woonadres in Nederland hebt: de wet "
        "sluit dat niet uit. De verhoging komt bovenop de 47,5 % (en wordt niet vermenigvuldigd met "
        "een woonlandfactor).",
    ),
    Assumption(
        "institution-95pct-with-475db",
        None,
        "Rv 475dc lid 1 applies when 'the application of 475da and 475db' gives a bvv above 95 % "
        "of income. For a debtor in an institution (Rv 475e lid 2) the library applies it from "
        "2023, when Rv 475db also applies to the institution bvv, and not before.",
        "Voor iemand in een inrichting (art. 475e lid 2 Rv) gelden de aftrekposten van art. 475db en "
        "de 95 %-grens vanaf 2023, niet daarvoor.",
    ),
    Assumption(
        "leefsituatie-override",
        None,
        "The living situation was given explicitly in the case (household.leefsituatie) and "
        "differs from what the household facts imply.",
        "De leefsituatie is in het dossier zelf opgegeven en wijkt af van wat de gegevens over het "
        "huishouden aangeven.",
    ),
)

ASSUMPTIONS: dict[str, Assumption] = {a.id: a for a in _ALL}


def get(assumption_id: str) -> Assumption:
    return ASSUMPTIONS[assumption_id]
