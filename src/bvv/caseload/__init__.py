"""Many cases at once: ``bvv batch`` (:mod:`~bvv.caseload.batch`), the recalculation planner
``bvv due`` (:mod:`~bvv.caseload.recalc`) and ``bvv diff`` (:mod:`~bvv.caseload.diff`)."""
