"""Log in and out, and (for admins) manage users."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import LoginManager, current_user, login_user, logout_user

from reader.accounts.permissions import admin_required, can_edit
from reader.accounts.store import (
    ROLES,
    all_users,
    check_login,
    create_user,
    find_user,
    set_role,
)
from reader.errors import InputError, checked_id
from reader.i18n import local_target
from reader.web import get_db

bp = Blueprint("accounts", __name__)
login_manager = LoginManager()


@login_manager.user_loader
def load_user(user_id: str):
    """Return the signed-in user of a session."""
    return find_user(get_db(), user_id=int(user_id)) if user_id.isdigit() else None


def _safe_next(target: str) -> str:
    return local_target(target) or url_for("documents.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form; sign the user in."""
    if request.method == "GET":
        return render_template("accounts/login.html", next=_safe_next(request.args.get("next", "")), error=None)
    user = check_login(get_db(), request.form.get("username", "")[:64], request.form.get("password", "")[:200])
    target = _safe_next(request.form.get("next", ""))
    if user is None:
        return render_template("accounts/login.html", next=target, error=_("Wrong username or password.")), 401
    login_user(user)
    return redirect(target)


@bp.post("/logout")
def logout():
    """Sign the user out."""
    if not current_user.is_authenticated:
        abort(401, _("Nobody is logged in."))
    logout_user()
    return redirect(url_for("documents.index"))


@bp.get("/users")
@admin_required
def users():
    """List the users."""
    return render_template("accounts/users.html", users=all_users(get_db()), roles=ROLES, error=None)


@bp.post("/users")
@admin_required
def add_user():
    """Create a user."""
    try:
        create_user(
            get_db(), request.form.get("username", ""), request.form.get("password", ""), request.form.get("role", "")
        )
    except InputError as error:
        return render_template("accounts/users.html", users=all_users(get_db()), roles=ROLES, error=str(error)), 400
    return redirect(url_for(".users"))


@bp.post("/users/<int:user_id>/role")
@admin_required
def change_role(user_id: int):
    """Change a user's role."""
    if find_user(get_db(), user_id=checked_id(user_id)) is None:
        abort(404)
    set_role(get_db(), user_id, request.form.get("role", ""))
    return redirect(url_for(".users"))


def init_app(app) -> None:
    """Attach Flask-Login and the blueprint."""
    login_manager.init_app(app)
    app.register_blueprint(bp)
    app.jinja_env.globals["can_edit"] = can_edit
