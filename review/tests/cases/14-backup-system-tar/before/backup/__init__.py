"""Nightly backups of project directories to compressed tarballs."""
