"""A polite link checker for documentation sites."""
