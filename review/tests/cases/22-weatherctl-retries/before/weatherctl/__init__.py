"""Command-line client for the Skyline weather API."""

__version__ = "1.2.0"
