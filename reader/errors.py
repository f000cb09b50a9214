"""Errors a user can read: each is shown as one sentence (an HTTP 4xx page or a CLI line on stderr)."""


class ReaderError(Exception):
    """Base class of every error whose message is meant for the user."""

    exit_code = 1
    http_status = 400


class InputError(ReaderError):
    """A text or file given to the importer cannot be used (not UTF-8, binary, empty, no sentences)."""

    exit_code = 2


class NotFoundError(ReaderError):
    """A document, page or sentence that does not exist."""

    http_status = 404


def checked_id(value: int) -> int:
    """Return `value` if it can be a database id (SQLite integers are 64-bit), else raise NotFoundError."""
    if not 0 <= value < 2**63:
        raise NotFoundError(f"There is nothing numbered {value}.")
    return value
