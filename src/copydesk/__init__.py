"""copydesk: a copy desk for English articles that came out of machine translation."""

__version__ = "0.1.0"
