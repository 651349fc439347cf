"""The role rule (who may add, edit, remove, download the corpus) and the start-up notice."""

from __future__ import annotations

import pytest

from dashboard.core.corpus import roles
from dashboard.core.corpus.roles import ADMIN, EDITOR, VIEWER, decide_access, parse_list

EDITORS = parse_list("ed@team.org, Second@Team.org")
ADMINS = parse_list(["boss@team.org"])


def role(*, read_only=False, login=True, email=None, editors=EDITORS, admins=ADMINS,
         shared=True) -> str:
    return decide_access(read_only=read_only, login_configured=login, email=email,
                         editors=editors, admins=admins, shared=shared).role


def test_own_laptop_without_login_is_an_admin_recorded_as_the_local_user():
    access = decide_access(read_only=False, login_configured=False, email=None,
                           editors=frozenset(), admins=frozenset(), shared=False)
    assert access.role == ADMIN and access.who == "local user"
    assert all(access.allows(a) for a in ("add", "edit", "remove", "download_corpus"))


def test_served_on_the_network_without_login_visitors_are_viewers_unless_opened_with_a_star():
    assert role(login=False, editors=frozenset(), admins=frozenset()) == VIEWER
    opened = decide_access(read_only=False, login_configured=False, email=None,
                           editors=parse_list("*"), admins=frozenset(), shared=True)
    assert opened.role == EDITOR and opened.who == "anonymous"
    assert not opened.allows("download_corpus")


@pytest.mark.parametrize(("email", "expected"), [
    (None, VIEWER), ("", VIEWER),                      # logged out
    ("stranger@elsewhere.org", VIEWER),                # logged in, not listed
    ("ed@team.org", EDITOR), ("SECOND@team.org", EDITOR),  # listed, any case
    ("boss@team.org", ADMIN),
])
def test_with_login_the_lists_decide(email, expected):
    assert role(email=email) == expected
    assert role(email=email, shared=False) == expected  # on loopback too: login rules


def test_read_only_makes_everyone_a_viewer_even_admins_and_the_local_owner():
    assert role(read_only=True, email="boss@team.org") == VIEWER
    assert role(read_only=True, login=False, shared=False) == VIEWER


def test_domain_and_star_entries():
    team = parse_list("@team.org")
    assert role(email="anyone@team.org", editors=team) == EDITOR
    assert role(email="anyone@team.org.evil.com", editors=team) == VIEWER
    assert role(email="x@evil.com", editors=parse_list("*")) == EDITOR  # any logged-in user
    assert role(email=None, editors=parse_list("*")) == VIEWER  # but not a logged-out visitor


def test_a_refused_write_names_the_role_and_changes_nothing():
    access = decide_access(read_only=False, login_configured=True, email="x@y.org",
                           editors=EDITORS, admins=ADMINS, shared=True)
    with pytest.raises(roles.AccessDenied) as info:
        access.require("add", "note.txt")
    assert info.value.kind == "forbidden"
    assert "note.txt: you may not add documents: you are a viewer" in str(info.value)
    editor = decide_access(read_only=False, login_configured=True, email="ed@team.org",
                           editors=EDITORS, admins=ADMINS, shared=True)
    editor.require("remove")
    with pytest.raises(roles.AccessDenied, match="download the whole corpus"):
        editor.require("download_corpus")
    assert editor.who == "ed@team.org"


def test_settings_come_from_the_environment_first_then_from_secrets():
    auth = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "s" * 32,
            "client_id": "atlas", "client_secret": "x", "server_metadata_url": "http://idp/x"}
    secrets = {"auth": auth, "ATLAS_EDITORS": ["a@x.org"], "ATLAS_READ_ONLY": "0"}
    got = roles.settings_from({"ATLAS_READ_ONLY": "1"}, secrets)
    assert got.read_only and got.login_configured and got.editors == {"a@x.org"}
    named = {"redirect_uri": auth["redirect_uri"], "cookie_secret": "s", "team": {"client_id": "c"}}
    assert roles.login_configured(named)
    assert not roles.login_configured({"redirect_uri": auth["redirect_uri"]})  # no secret
    assert not roles.settings_from({}, {}).login_configured


def test_loopback_addresses():
    assert roles.is_loopback("127.0.0.1") and roles.is_loopback("localhost")
    assert roles.is_loopback("::1") and roles.is_loopback("127.0.1.1")
    assert not roles.is_loopback("0.0.0.0") and not roles.is_loopback(None)
    assert not roles.is_loopback("192.168.1.5")


def test_startup_notice_says_where_and_whether_editing_is_open():
    none = roles.AccessSettings()
    local = roles.startup_notice("127.0.0.1", none)
    assert "this computer only (127.0.0.1)" in local and "editing the corpus is OPEN" in local
    network = roles.startup_notice("0.0.0.0", none)
    assert "the network (0.0.0.0)" in network and "CLOSED" in network
    login = roles.startup_notice("0.0.0.0", roles.AccessSettings(
        login_configured=True, editors=EDITORS))
    assert "closed to visitors; open after login" in login
    assert "CLOSED" in roles.startup_notice("127.0.0.1", roles.AccessSettings(read_only=True))
