"""Log in and out, sign up as a reader, change one's password, and (for admins) manage users: roles, disabling,
deleting, new passwords, and whether readers may sign up.

Logins are throttled per account and per address (LOGIN_FAILURES_PER_ACCOUNT / _PER_ADDRESS within
LOGIN_FAILURE_WINDOW seconds): beyond that the answer is 429 without even checking the password. Sign-ups are
counted per address the same way (SIGNUPS_PER_ADDRESS). Logging in or signing up moves the browser's own word
statuses, meanings and review cards into the account (the account's win on conflict).
"""

import functools
from collections.abc import Callable

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import LoginManager, current_user, login_user, logout_user

from reader.accounts.permissions import account_owner, admin_required, browser_owner, can_edit, login_required
from reader.accounts.store import (
    ROLES,
    all_users,
    check_login,
    clear_login_failures,
    create_user,
    delete_user,
    end_session,
    find_user,
    recent_login_failures,
    record_login_failure,
    session_user,
    set_disabled,
    set_password,
    set_role,
    set_signup_open,
    sign_up,
    signup_open,
    start_session,
)
from reader.errors import InputError, checked_id
from reader.i18n import local_target
from reader.learning.merging import merge_into_account
from reader.web import error_response, get_db, translate

bp = Blueprint("accounts", __name__)
login_manager = LoginManager()


@login_manager.user_loader
def load_user(token: str):
    """Return the signed-in user of a session token, or None if the session ended, expired or the user is disabled."""
    return session_user(get_db(), token, float(current_app.config["SESSION_MAX_AGE_DAYS"]) * 86400)


def _safe_next(target: str) -> str:
    return local_target(target) or url_for("documents.index")


def _throttled(keys: list[str]) -> bool:
    config = current_app.config
    window = float(config["LOGIN_FAILURE_WINDOW"])
    limits = [int(config["LOGIN_FAILURES_PER_ACCOUNT"]), int(config["LOGIN_FAILURES_PER_ADDRESS"])]
    return any(recent_login_failures(get_db(), key, window) >= limit for key, limit in zip(keys, limits))


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form; sign the user in."""
    if request.method == "GET":
        next_page = _safe_next(request.args.get("next", ""))
        return render_template("accounts/login.html", next=next_page, error=None, signup=_signup_open())
    username = request.form.get("username", "")
    target = _safe_next(request.form.get("next", ""))
    keys = [f"account:{username.strip().casefold()[:64]}", f"address:{request.remote_addr or ''}"]
    db = get_db()
    if _throttled(keys):
        message = _("Too many failed logins; wait a minute and try again.")
        if request.accept_mimetypes.best == "application/json":
            response = error_response(429, message)
        else:
            response = current_app.make_response(
                (render_template("accounts/login.html", next=target, error=message), 429)
            )
        response.headers["Retry-After"] = str(int(current_app.config["LOGIN_FAILURE_WINDOW"]))
        return response
    user = check_login(db, username, request.form.get("password", ""))
    if user is None:
        record_login_failure(db, keys, float(current_app.config["LOGIN_FAILURE_WINDOW"]))
        return render_template("accounts/login.html", next=target, error=_("Wrong username or password.")), 401
    clear_login_failures(db, keys[0])
    _sign_in(user)
    return redirect(target)


def _sign_in(user) -> None:
    """Start the user's session, move this browser's own statuses, meanings and review cards into the account, and
    say on the next page what moved."""
    db = get_db()
    login_user(start_session(db, user))
    moved = merge_into_account(db, browser_owner(), account_owner(user.id))
    if moved["statuses"] or moved["meanings"]:
        flash(
            _(
                "The words you marked in this browser (%(statuses)s) and your own meanings (%(meanings)s) are now in"
                " your account.",
                statuses=format_decimal(moved["statuses"]),
                meanings=format_decimal(moved["meanings"]),
            )
        )


def _signup_open() -> bool:
    return signup_open(get_db(), bool(current_app.config["SIGNUP_OPEN"]))


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    """Let a reader make an account (role "reader") and sign in with it, unless an admin closed sign-up."""
    if not _signup_open():
        abort(403, _("Signing up is closed on this site; ask an admin for an account."))
    target = _safe_next(request.values.get("next", ""))
    if request.method == "GET":
        return render_template("accounts/signup.html", next=target, error=None, username="")
    username = request.form.get("username", "")
    key = f"signup:{request.remote_addr or ''}"
    window = float(current_app.config["LOGIN_FAILURE_WINDOW"])
    db = get_db()
    if recent_login_failures(db, key, window) >= int(current_app.config["SIGNUPS_PER_ADDRESS"]):
        response = current_app.make_response(
            (
                render_template(
                    "accounts/signup.html",
                    next=target,
                    username=username[:64],
                    error=_("Too many sign-ups from this address; wait a minute and try again."),
                ),
                429,
            )
        )
        response.headers["Retry-After"] = str(int(window))
        return response
    record_login_failure(db, [key], window)  # every attempt counts, so names cannot be probed quickly
    try:
        user = sign_up(db, username, request.form.get("password", ""), request.form.get("repeat_password", ""))
    except InputError as error:
        page = render_template("accounts/signup.html", next=target, username=username[:64], error=translate(error))
        return page, 400
    _sign_in(user)
    flash(_("Welcome, %(name)s: your account is ready.", name=user.username))
    return redirect(target)


@bp.post("/logout")
def logout():
    """Sign the user out: the session ends on the server, so a copy of the cookie no longer works."""
    if not current_user.is_authenticated:
        abort(401, _("Nobody is logged in."))
    end_session(get_db(), current_user.session_token)
    logout_user()
    return redirect(url_for("documents.index"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Change one's own password (every other session of the user ends)."""
    if request.method == "GET":
        return render_template("accounts/account.html", error=None, done=False)
    db = get_db()
    if check_login(db, current_user.username, request.form.get("current_password", "")) is None:
        return render_template("accounts/account.html", error=_("The current password is wrong."), done=False), 400
    new_password = request.form.get("new_password", "")
    if new_password != request.form.get("repeat_password", ""):
        return render_template("accounts/account.html", error=_("The two new passwords differ."), done=False), 400
    try:
        set_password(db, current_user.id, new_password)
    except InputError as error:
        return render_template("accounts/account.html", error=translate(error), done=False), 400
    user = find_user(db, user_id=current_user.id)
    assert user is not None
    login_user(start_session(db, user))  # this browser stays signed in with a new session
    return render_template("accounts/account.html", error=None, done=True)


def _users_page(error: str | None = None, status: int = 200):
    page = render_template(
        "accounts/users.html", users=all_users(get_db()), roles=ROLES, error=error, signup_open=_signup_open()
    )
    return page, status


@bp.post("/users/signup")
@admin_required
def choose_signup():
    """Open or close self sign-up for readers (kept in the database: it outlives restarts and the config default)."""
    set_signup_open(get_db(), request.form.get("open", "") == "1")
    return redirect(url_for(".users"))


@bp.get("/users")
@admin_required
def users():
    """List the users."""
    return _users_page()


def _changes_users(view: Callable) -> Callable:
    """Make a view that changes users answer with the users page again, saying why, when the change is refused
    (400 for bad input, 409 when it would leave no admin); otherwise go back to the list."""

    @functools.wraps(view)
    def change(*args, **kwargs):
        try:
            view(*args, **kwargs)
        except InputError as error:
            return _users_page(translate(error), error.http_status)
        return redirect(url_for(".users"))

    return change


@bp.post("/users")
@admin_required
@_changes_users
def add_user():
    """Create a user."""
    create_user(
        get_db(), request.form.get("username", ""), request.form.get("password", ""), request.form.get("role", "")
    )


def _existing_user(user_id: int) -> int:
    if find_user(get_db(), user_id=checked_id(user_id)) is None:
        abort(404)
    return user_id


@bp.post("/users/<int:user_id>/role")
@admin_required
@_changes_users
def change_role(user_id: int):
    """Change a user's role (never the last admin's)."""
    set_role(get_db(), _existing_user(user_id), request.form.get("role", ""))


@bp.post("/users/<int:user_id>/disable")
@admin_required
@_changes_users
def disable_user(user_id: int):
    """Disable a user (their sessions end) or, with disabled=0, enable them again."""
    set_disabled(get_db(), _existing_user(user_id), request.form.get("disabled", "1") != "0")


@bp.post("/users/<int:user_id>/delete")
@admin_required
@_changes_users
def remove_user(user_id: int):
    """Delete a user (their sessions end; their edits stay in the history)."""
    delete_user(get_db(), _existing_user(user_id))


@bp.post("/users/<int:user_id>/password")
@admin_required
@_changes_users
def reset_password(user_id: int):
    """Give a user a new password chosen by the admin (their sessions end)."""
    set_password(get_db(), _existing_user(user_id), request.form.get("password", ""))


def init_app(app) -> None:
    """Attach Flask-Login and the blueprint."""
    login_manager.init_app(app)
    app.register_blueprint(bp)
    app.jinja_env.globals["can_edit"] = can_edit
