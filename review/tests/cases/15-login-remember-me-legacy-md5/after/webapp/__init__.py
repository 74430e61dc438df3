"""A small web application."""
