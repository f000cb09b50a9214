"""The names readers see for internal values, in the interface language: one table per kind of value.

Glossary categories, word statuses, parts of speech, roles and alignment checks are stored and sent as short internal
names; templates, routes and JS (through the client config in reader/web.py) show them through these tables only.
"""

from flask_babel import lazy_gettext as _l

from reader.accounts.store import ROLES
from reader.learning.lexicon import CORE, GENERAL
from reader.learning.vocabulary import NO_STATUS, STATUSES

CATEGORY_LABELS = {  # the keys are glossary.entries.CATEGORIES (checked by tests/test_labels.py)
    "person": _l("Person"),
    "organization": _l("Organization"),
    "place": _l("Place"),
    "treaty": _l("Treaty"),
    "equipment": _l("Weapon or equipment"),
    "event": _l("Event"),
    "concept": _l("Concept"),
}
STATUS_LABELS = dict(zip(STATUSES, (_l("New"), _l("Learning"), _l("Known"), _l("Ignored")), strict=True))
NO_STATUS_LABEL = _l("No status yet")  # a word with none of the STATUSES (the reading page marks it as NO_STATUS)
ROLE_LABELS = dict(zip(ROLES, (_l("Learner"), _l("Translator"), _l("Admin")), strict=True))
CHECK_LABELS = {
    "empty": _l("one side empty"),
    "numbers": _l("numbers differ"),
    "length": _l("length ratio unusual"),
    "term": _l("glossary term without its English equivalent"),
}
POS_LABELS = {
    "N": _l("noun"),
    "Nc": _l("classifier"),
    "Nu": _l("unit"),
    "Np": _l("proper noun"),
    "V": _l("verb"),
    "A": _l("adjective"),
    "P": _l("pronoun"),
    "R": _l("adverb"),
    "E": _l("preposition"),
    "C": _l("conjunction"),
    "Cc": _l("conjunction"),
    "M": _l("numeral"),
    "L": _l("determiner"),
    "T": _l("particle"),
    "I": _l("interjection"),
}

SOURCE_LABELS = {  # the shipped dictionaries; an imported dictionary is shown by its own name
    GENERAL: _l("dictionary"),
    CORE: _l("core lexicon"),
}


def label(table: dict, name: str) -> str:
    """Return the readable name of `name` in one of the tables above (the name itself if the table lacks it)."""
    return str(table.get(name, name))


def category_label(category: str) -> str:
    """Return the readable name of a glossary category."""
    return label(CATEGORY_LABELS, category)


def template_globals() -> dict:
    """Return the label tables and helper that every template may use."""
    return {
        "category_label": category_label,
        "categories": CATEGORY_LABELS,
        "status_labels": STATUS_LABELS,
        "no_status": NO_STATUS,
        "no_status_label": NO_STATUS_LABEL,
        "role_labels": ROLE_LABELS,
        "check_labels": CHECK_LABELS,
    }
