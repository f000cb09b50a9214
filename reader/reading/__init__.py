"""The bilingual reading page."""
