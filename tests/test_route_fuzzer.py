"""The route fuzzer: every rule of the app's url_map, as an anonymous reader, a translator and an admin, with hostile
path values, query arguments, form fields and uploaded files. No answer may be a 5xx."""

import io
import re
import shutil
from urllib.parse import quote

from reader import create_app
from tests.conftest import app_config, logged_in_client

INT_VALUES = ("1", "0", "9223372036854775808", "99999999999999999999999")
TEXT_VALUES = ("csv", "merge", "..%2F..%2Fetc%2Fpasswd", "x" * 300, quote("\u202e<b>\u200b"))
HOSTILE = (
    "-1",
    "1e309",
    "NaN",
    "\u202e<script>alert(1)</script>\u200b",
    "' or 1=1; drop table users; --",
    "\x00\x01\x7f",
    "a" * 5000,
    "//evil.example/",
    "=cmd|' /C calc'!A0",
    "9" * 40,
)
FIELDS = (
    "category",
    "direction",
    "document",
    "en",
    "en_text",
    "form",
    "lang",
    "language",
    "next",
    "note",
    "order",
    "page",
    "password",
    "new_password",
    "current_password",
    "q",
    "role",
    "status",
    "text",
    "threshold",
    "title",
    "title_en",
    "username",
    "version",
    "vi",
    "vi_keep",
    "en_keep",
    "vi_text",
    "word",
    "at",
)
FILE_FIELDS = ("file", "aligned_file", "vi_file", "en_file")
FILE_BODIES = (
    (b"PK\x03\x04garbage", "x.docx"),
    ('<?xml version="1.0" encoding="UTF-16"?><tmx/>'.encode("utf-16"), "x.tmx"),
    (b"\xff\xfe\x00bad\tbytes\n", "x.tsv"),
    (b"vi,en\n=1+1,@SUM(A1)\n", "x.csv"),
    (b"<!DOCTYPE x [<!ENTITY a 'b'>]><tbx>&a;</tbx>", "x.tbx"),
)
LOGIN_RESETTING = {
    "accounts.logout",
    "accounts.account",
    "accounts.remove_user",
    "accounts.disable_user",
    "accounts.reset_password",
}


def concrete_urls(rule, round_number: int) -> list[str]:
    """Return the rule's URL with hostile values in its arguments (one variant per round)."""
    url = rule.rule
    for argument in sorted(rule.arguments):
        converter = re.search(rf"<(?:([^:<>]+):)?{argument}>", url)
        values = INT_VALUES if converter and converter.group(1) == "int" else TEXT_VALUES
        value = values[round_number % len(values)]
        url = url.replace(converter.group(0), value)
    return [url]


def hostile_query(round_number: int) -> str:
    value = HOSTILE[round_number % len(HOSTILE)]
    return "&".join(f"{name}={quote(value)}" for name in ("q", "page", "status", "document", "order", "word", "vi"))


def hostile_form(round_number: int) -> dict:
    value = HOSTILE[round_number % len(HOSTILE)]
    data = dict.fromkeys(FIELDS, value)
    body, name = FILE_BODIES[round_number % len(FILE_BODIES)]
    for field in FILE_FIELDS:
        data[field] = (io.BytesIO(body), name)
    return data


def test_no_route_answers_5xx_to_hostile_requests(seeded_database, tmp_path):
    path = tmp_path / "fuzz.sqlite"
    shutil.copy(seeded_database, path)
    app = create_app(app_config(path, IMPORT_SEEDS_ON_START=False))
    # the destructive rules last, so the other rules are walked with the seed document and the users still there
    destructive = {"documents.delete", "accounts.remove_user", "accounts.disable_user"}
    rules = sorted(
        (rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"),
        key=lambda rule: rule.endpoint in destructive,
    )
    clients = {
        "anonymous": lambda: app.test_client(),
        "translator": lambda: logged_in_client(app, "translator", "fuzz_translator"),
        "admin": lambda: logged_in_client(app, "admin", "fuzz_admin"),
    }
    failures, requests = [], 0
    for role, make_client in clients.items():
        client = make_client()
        for rule in rules:
            methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
            for round_number in range(3):
                for url in concrete_urls(rule, round_number + (rules.index(rule) % 2)):
                    for method in methods:
                        full_url = f"{url}?{hostile_query(round_number)}"
                        if method == "GET":
                            response = client.get(full_url)
                        else:
                            response = client.open(
                                full_url,
                                method=method,
                                data=hostile_form(round_number),
                                content_type="multipart/form-data",
                            )
                        requests += 1
                        if response.status_code >= 500:
                            failures.append(f"{role} {method} {full_url[:120]} → {response.status_code}")
                        if rule.endpoint in LOGIN_RESETTING and role != "anonymous":
                            client = _relogin(app, role)
    assert requests > 300
    assert not failures, "\n".join(failures[:20])


def _relogin(app, role: str):
    client = app.test_client()
    client.post("/login", data={"username": f"fuzz_{role}", "password": "correct horse battery"})
    return client
