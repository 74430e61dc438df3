"""Member directory service: storage and JSON handlers."""

__version__ = "2.3.0"
