"""The legal rules, one module per article of the Rv, one small pure function per rule.

| article | module | what it computes |
|---|---|---|
| 475ab | :mod:`bvv.rules.rv_475ab` | the living situation (leefsituatie) |
| 475c | :mod:`bvv.rules.rv_475c` | order of incomes, division over garnishments, afdracht |
| 475d | :mod:`bvv.rules.rv_475d` | monthly amounts (lid 6) from other pay periods |
| 475da | :mod:`bvv.rules.rv_475da` | maxima (1), formula (2, 8), zorg cap (3), abroad (4), increases (5-7) |
| 475db | :mod:`bvv.rules.rv_475db` | deductions: partner income, own non-garnished income, company car |
| 475dc | :mod:`bvv.rules.rv_475dc` | the 95 % rule (lid 1) and designated benefits (lid 2) |
| 475e | :mod:`bvv.rules.rv_475e` | unregistered residence (lid 1) and care institutions (lid 2) |
| 475fa | :mod:`bvv.rules.rv_475fa` | the kantonrechter's increase |

Rules take and return exact ``Decimal`` amounts and never round; the engine
(:mod:`bvv.engine`) looks up the norms, calls the rules in the statutory order and records each
application as a cited step.
"""
