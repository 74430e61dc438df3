"""lintkit: configurable size and complexity checks for source trees."""

__version__ = "0.8.1"
