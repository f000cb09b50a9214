"""Importing a text and its translation from the browser, with visible progress."""
