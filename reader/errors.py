"""Errors a user can read: each is shown as one sentence (an HTTP 4xx page or a CLI line on stderr).

Services have no Flask, so they cannot translate: an error keeps its English message template, marked with `N_`
for extraction into the catalogs, and its parameters (a `Message`). The edge translates it into the reader's
language when it shows it (`web.translate`); `str()` of an error is the English sentence (the CLI and logs).
"""

from collections.abc import Callable, Mapping
from typing import Any


def N_(template: str) -> str:
    """Mark `template` for extraction into the catalogs; it is translated where it is shown (the edge)."""
    return template


class Count(int):
    """A number shown with digit grouping: 5,242,880 in English, in the reader's own style at the edge."""

    def __str__(self) -> str:
        """Group the digits the English way (the CLI and logs)."""
        return f"{int(self):,}"


class Message(str):
    """A sentence for the user: an English template (`%(name)s` placeholders) and its parameters, which may be
    `Message`s themselves (translated too) or `Count`s; translated only when shown. As a `str` it is the English
    sentence (the CLI, logs, and code that only compares text)."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> "Message":
        """Make the message from its template (marked with N_ where it is written) and the values of its
        placeholders."""
        self = super().__new__(cls, _render(template, params, None, None))
        self.template = template
        self.params = params
        return self

    def render(self, gettext: Callable[[str], str] | None = None, number: Callable[[int], str] | None = None) -> str:
        """Return the sentence, translated by `gettext` (the template and every nested Message) or in English,
        with `Count`s formatted by `number` (or grouped the English way)."""
        return _render(self.template, self.params, gettext, number)

    def to_json(self) -> dict:
        """Return the message as JSON-ready data (a job keeps its failure this way, to translate it when shown)."""
        params: dict[str, Any] = {}
        for name, value in self.params.items():
            if isinstance(value, Message):
                params[name] = {"message": value.to_json()}
            elif isinstance(value, Count):
                params[name] = {"count": int(value)}
            elif isinstance(value, int | float):
                params[name] = value
            else:
                params[name] = str(value)
        return {"template": self.template, "params": params}

    @classmethod
    def from_json(cls, data: Mapping) -> "Message":
        """Return the message `to_json` made."""
        params: dict[str, Any] = {}
        for name, value in dict(data.get("params") or {}).items():
            if isinstance(value, dict) and "message" in value:
                params[name] = cls.from_json(value["message"])
            elif isinstance(value, dict) and "count" in value:
                params[name] = Count(value["count"])
            else:
                params[name] = value
        return cls(str(data.get("template", "")), **params)

    def __repr__(self) -> str:
        """Show the template and parameters."""
        return f"Message({self.template!r}, **{self.params!r})"

    def __reduce__(self):
        """Pickle (and copy) as the template and parameters."""
        return (_message, (self.template, self.params))


def _message(template: str, params: dict) -> Message:
    """Rebuild a pickled Message."""
    return Message(template, **params)


def _render(
    template: str, params: Mapping[str, Any], gettext: Callable[[str], str] | None, number: Callable[[int], str] | None
) -> str:
    """Return `template` (translated by `gettext` if given) with its parameters put in."""
    text = gettext(template) if gettext else template
    if not params:
        return text
    values: dict[str, Any] = {}
    for name, value in params.items():
        if isinstance(value, Message):
            value = value.render(gettext, number) if gettext else str(value)
        elif isinstance(value, Count) and number is not None:
            value = number(int(value))
        values[name] = value
    try:
        return text % values
    except (KeyError, ValueError, TypeError):  # a broken translation must not hide the message
        return template % {name: str(value) for name, value in values.items()}


class ReaderError(Exception):
    """Base class of every error whose message is meant for the user."""

    exit_code = 1
    http_status = 400

    def __init__(self, message: "str | Message" = "", **params: Any):
        """Keep the message: a template marked with N_ and its parameters, or a ready `Message`."""
        self.message = message if isinstance(message, Message) else Message(message, **params)
        super().__init__(str(self.message))


class InputError(ReaderError):
    """A text or file given to the importer cannot be used (not UTF-8, binary, empty, no sentences)."""

    exit_code = 2


class NotFoundError(ReaderError):
    """A document, page or sentence that does not exist."""

    http_status = 404


def message_of(error: BaseException) -> str:
    """Return the user's sentence of an error: its Message (a ReaderError's, or one given to a ValueError), else
    its English text."""
    if isinstance(error, ReaderError):
        return error.message
    if error.args and isinstance(error.args[0], Message):
        return error.args[0]
    return str(error)


def checked_id(value: int) -> int:
    """Return `value` if it can be a database id (SQLite integers are 64-bit), else raise NotFoundError."""
    if not 0 <= value < 2**63:
        raise NotFoundError(N_("There is nothing numbered %(value)s."), value=value)
    return value
