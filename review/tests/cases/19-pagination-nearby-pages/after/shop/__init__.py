"""Catalogue browsing for the shop front end."""
