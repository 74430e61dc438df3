"""A static blog generator."""
