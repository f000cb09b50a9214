"""`reader create-user`, `set-role` and `reset-password`: accounts from the command line (CLI edge)."""

import click
from flask.cli import with_appcontext

from reader.accounts.store import ROLES, create_user, find_user, set_password, set_role
from reader.errors import N_, NotFoundError
from reader.web import get_db


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(["translator", "admin"]), default="translator", show_default=True)
@click.password_option(help="The password (asked for if not given; at least 10 characters).")
@with_appcontext
def create_user_command(username: str, role: str, password: str) -> None:
    """Create a user; `reader create-user NAME --role admin` makes the first admin."""
    user = create_user(get_db(), username, password, role)
    click.echo(f"Created {user.role} {user.username}.")


def _named_user(username: str):
    user = find_user(get_db(), username=username)
    if user is None:
        raise NotFoundError(N_("There is no user “%(username)s”."), username=username)
    return user


@click.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(list(ROLES)))
@with_appcontext
def set_role_command(username: str, role: str) -> None:
    """Make a user a translator or an admin (the last admin cannot be demoted)."""
    user = _named_user(username)
    set_role(get_db(), user.id, role)
    click.echo(f"{user.username} is now {role}.")


@click.command("reset-password")
@click.argument("username")
@click.password_option(help="The new password (asked for if not given; 10 to 200 characters).")
@with_appcontext
def reset_password_command(username: str, password: str) -> None:
    """Give a user a new password; every session of theirs ends."""
    user = _named_user(username)
    set_password(get_db(), user.id, password)
    click.echo(f"The password of {user.username} is changed; their sessions have ended.")
