"""A portfolio of vendors in one run: discovery (folders or a manifest), the runner (a
worker pool, one error boundary per vendor), the extraction cache, the run history
(SQLite), the summary and the renewal calendar. Renderers live in ``report``."""
