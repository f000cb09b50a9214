"""Category names as readers see them, in the interface language."""

from flask_babel import lazy_gettext as _l

CATEGORY_LABELS = {
    "person": _l("Person"),
    "organization": _l("Organization"),
    "place": _l("Place"),
    "treaty": _l("Treaty"),
    "equipment": _l("Weapon or equipment"),
    "event": _l("Event"),
    "concept": _l("Concept"),
}


def category_label(category: str) -> str:
    """Return the readable name of a category."""
    return str(CATEGORY_LABELS.get(category, category))
