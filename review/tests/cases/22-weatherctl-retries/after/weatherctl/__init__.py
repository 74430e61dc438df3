"""Command-line client for the Skyline weather API."""

__version__ = "1.3.0"
