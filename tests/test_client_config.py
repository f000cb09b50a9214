"""Page scripts get URLs and rules from the server, so the app works under a URL prefix."""

import json
import re

from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.test import Client

from reader import create_app
from reader.accounts.store import MAX_PASSWORD, MAX_USERNAME, MIN_PASSWORD
from reader.learning.vocabulary import STATUSES
from reader.web import form_limits
from tests.conftest import app_config


def config_of(page: str) -> dict:
    """Return the client config embedded in a page."""
    found = re.search(r'<script type="application/json" id="reader-config">(.*?)</script>', page, re.S)
    assert found, "the page has no client config"
    return json.loads(found.group(1))


def test_every_page_carries_the_rules_and_url_templates(app):
    page = app.test_client().get("/").get_data(as_text=True)
    config = config_of(page)
    assert config["statuses"] == list(STATUSES)
    assert config["urls"]["word"] == "/words/{word}"
    assert config["urls"]["edit_link"] == "/documents/{document}/links/{link}/{operation}"
    assert re.fullmatch(config["english_word"], "don't")


def test_urls_carry_the_prefix_the_app_is_mounted_under(tmp_path):
    app = create_app(app_config(tmp_path / "r.sqlite", IMPORT_SEEDS_ON_START=False))
    mounted = DispatcherMiddleware(lambda environ, start: [], {"/reader": app})
    page = Client(mounted).get("/reader/").get_data(as_text=True)
    urls = config_of(page)["urls"]
    assert urls["word"] == "/reader/words/{word}"
    assert all(url.startswith("/reader/") for url in urls.values())
    assert 'src="/reader/static/config.js"' in page


def test_form_fields_announce_the_configured_limits(tmp_path):
    app = create_app(
        app_config(tmp_path / "r.sqlite", IMPORT_SEEDS_ON_START=False, SEARCH_QUERY_MAX_CHARS=57, TITLE_MAX_CHARS=123)
    )
    client = app.test_client()
    for url in ("/search", "/glossary/"):
        assert 'name="q" value="" placeholder="lien xo" maxlength="57"' in client.get(url).get_data(as_text=True)
    with app.test_request_context():
        assert form_limits()["title"] == 123 and form_limits()["query"] == 57


def test_password_and_username_fields_announce_the_account_rules(app):
    client = app.test_client()
    page = client.get("/signup").get_data(as_text=True)
    limits = {"password_min": MIN_PASSWORD, "password_max": MAX_PASSWORD, "username": MAX_USERNAME}
    assert f'minlength="{limits["password_min"]}" maxlength="{limits["password_max"]}"' in page
    assert f'maxlength="{limits["username"]}"' in page
    assert f"Password ({MIN_PASSWORD} to {MAX_PASSWORD} characters)" in page
