"""A browser's vocabulary joins the reader's account when they log in or sign up (no Flask).

Anonymous readers keep their word statuses, own meanings, review cards, reading statistics and reading positions under
the id in their browser's cookie.
At login they move to the account in one transaction; where both have a form, the account's wins.
"""

from sqlite_utils import Database

from reader.collections.store import merge_positions
from reader.database import utc_now, write_transaction
from reader.learning.own_meanings import merge_meanings
from reader.learning.vocabulary import merge_statuses
from reader.review.store import merge_cards, sync_owner
from reader.statistics.service import merge_days


def merge_into_account(db: Database, browser_owner: str | None, account_owner: str) -> dict[str, int]:
    """Move the browser's statuses, own meanings, review cards, statistics and reading positions to the account (the
    account wins on conflict); return how many statuses and meanings moved."""
    if not browser_owner or browser_owner == account_owner:
        return {"statuses": 0, "meanings": 0}
    with write_transaction(db):
        statuses = merge_statuses(db, browser_owner, account_owner)
        meanings = merge_meanings(db, browser_owner, account_owner)
        merge_cards(db, browser_owner, account_owner)
        sync_owner(db, account_owner, utc_now())  # the moved statuses decide which cards are in the queue
        merge_days(db, browser_owner, account_owner)
        merge_positions(db, browser_owner, account_owner)
    return {"statuses": statuses, "meanings": meanings}
