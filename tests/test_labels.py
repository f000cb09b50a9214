"""Every internal name has exactly one readable label, in both interface languages."""

from reader.accounts.store import ROLES
from reader.glossary.entries import CATEGORIES
from reader.labels import CATEGORY_LABELS, ROLE_LABELS, STATUS_LABELS
from reader.learning.vocabulary import STATUSES


def test_every_internal_name_has_a_label():
    assert list(CATEGORY_LABELS) == list(CATEGORIES)
    assert list(STATUS_LABELS) == list(STATUSES)
    assert list(ROLE_LABELS) == list(ROLES)
