"""Whole-caseload reports: the diff between two dates or two sets of standards (:mod:`.diff`) and its
HTML, xlsx and JSON reports (:mod:`.diff_report`)."""
