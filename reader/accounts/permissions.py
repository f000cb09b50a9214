"""Who may do what: role checks for views, and whose word statuses a request reads and writes."""

from functools import wraps

from flask import abort, request
from flask_babel import gettext as _
from flask_login import current_user

OWNER_COOKIE = "reader_id"


def can_edit() -> bool:
    """Return whether the current user may edit (translators and admins)."""
    return current_user.is_authenticated and current_user.can_edit()


def _requiring(allowed, log_in_message, refused_message):
    """Return a view decorator that answers 401 to visitors and 403 to users for whom `allowed(user)` is false."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                abort(401, log_in_message())
            if not allowed(current_user):
                abort(403, refused_message())
            return view(*args, **kwargs)

        return wrapped

    return decorator


editor_required = _requiring(
    lambda user: user.can_edit(),
    lambda: _("Log in as a translator to do this."),
    lambda: _("Only translators and admins can do this."),
)
editor_required.__doc__ = "Refuse a view to anyone who is not a translator or an admin."
login_required = _requiring(
    lambda user: True,
    lambda: _("Log in to do this."),
    lambda: _("You are not allowed to do this."),
)
login_required.__doc__ = "Refuse a view to visitors who are not signed in."
admin_required = _requiring(
    lambda user: user.is_admin(),
    lambda: _("Log in as an admin to do this."),
    lambda: _("Only admins can manage users."),
)
admin_required.__doc__ = "Refuse a view to anyone who is not an admin."


def current_owner() -> str | None:
    """Return whose word statuses these are: the signed-in user's, else this browser's (if it has an id yet)."""
    if current_user.is_authenticated:
        return account_owner(current_user.id)
    return browser_owner()


def account_owner(user_id: int) -> str:
    """Return the owner name of an account's statuses, meanings and review cards."""
    return f"user:{user_id}"


def browser_owner() -> str | None:
    """Return the owner name of this browser's own statuses (the id in its cookie), or None if it has none."""
    owner = request.cookies.get(OWNER_COOKIE, "")
    return owner if 16 <= len(owner) <= 64 and owner.isalnum() else None
