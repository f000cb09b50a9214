"""Learner features: word look-up (glossary, core lexicon, imported dictionaries) and vocabulary statuses."""
