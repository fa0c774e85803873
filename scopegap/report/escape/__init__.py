"""One escaping module per output format, used by every renderer (reports, diff, portfolio
summary, history, calendar): text from a PDF, a stack or a folder name is untrusted, and a
format escaped in one renderer but not another is how it leaks."""
