"""Scope drift: what changed between two versions of a certificate or report
(``drift.diff``); ``report.diff`` renders it."""
