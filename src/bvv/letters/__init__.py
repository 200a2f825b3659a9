"""What a person reads and checks: the notice (:mod:`~bvv.letters.notice`), verifying a received
notice (:mod:`~bvv.letters.verify`) and the debt-plan check (:mod:`~bvv.letters.plan`).

The notice's data shape, ``bvv-notice/1``, is vocabulary and lives in :mod:`bvv.model.notice`.
"""
