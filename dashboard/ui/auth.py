"""Login and roles in the app: the ``st.user`` / ``st.login`` / ``st.secrets`` glue.

The rule is :func:`dashboard.core.corpus.roles.decide_access`; this module only gathers
its inputs (the environment and ``secrets.toml``, whether ``st.login`` is configured, the
logged-in user's e-mail, whether the server is reachable beyond this computer), shows the
role with a login/logout control in the sidebar, and refuses writes the role does not allow
(:func:`require`, called by every write function of :mod:`dashboard.ui.sources_state`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import streamlit as st

from dashboard.core.corpus import roles, store
from dashboard.core.paths import REPO_ROOT
from dashboard.core.text.htmlsafe import escape_markdown


def _secrets() -> Mapping[str, object]:
    """Return ``secrets.toml`` as a dict ({} when there is none)."""
    try:
        return st.secrets.to_dict()
    except FileNotFoundError:  # Streamlit's "no secrets found" is a FileNotFoundError
        return {}


def settings() -> roles.AccessSettings:
    """Return the access settings: ``ATLAS_*`` from the environment, else from secrets."""
    return roles.settings_from(os.environ, _secrets())


def shared() -> bool:
    """Return whether this server is reachable beyond this computer.

    True on Streamlit Community Cloud (which ignores ``server.address``) and whenever
    ``server.address`` is unset (Streamlit then listens on every interface) or not loopback.
    """
    if str(REPO_ROOT).startswith(store.CLOUD_CHECKOUT):
        return True
    return not roles.is_loopback(st.get_option("server.address"))


def logged_in_email() -> str:
    """Return the logged-in user's e-mail ("" when nobody is, or the provider did not verify it)."""
    if st.user.get("is_logged_in") is not True:
        return ""
    if st.user.get("email_verified") is False:
        return ""
    return str(st.user.get("email") or "")


def current() -> roles.Access:
    """Return this session's role (viewer, editor or admin), why, and who it writes as."""
    config = settings()
    return roles.decide_access(
        read_only=config.read_only, login_configured=config.login_configured,
        email=logged_in_email() if config.login_configured else None,
        editors=config.editors, admins=config.admins, shared=shared())


def require(action: str, name: str = "corpus") -> roles.Access:
    """Return the session's access when it allows ``action``; raise ``AccessDenied`` if not."""
    access = current()
    access.require(action, name)
    return access


def sidebar() -> None:
    """Show the session's role; with login configured, a login or logout button."""
    access = current()
    with st.sidebar:
        label = {"viewer": "Viewer: you can read and export",
                 "editor": "Editor: you can add, edit and remove sources",
                 "admin": "Admin: you can edit sources and download the corpus"}[access.role]
        st.caption(f":material/badge: **{label}**", help=access.reason)
        if not settings().login_configured:
            return
        if st.user.get("is_logged_in") is True:
            st.caption("Logged in as " + escape_markdown(access.email or "an unverified address"))
            if st.button("Log out", key="w_auth_logout", icon=":material/logout:"):
                st.logout()
        else:
            login_button("w_auth_login")


def login_button(key: str) -> None:
    """Render a "Log in" button that starts ``st.login`` with the configured provider."""
    if st.button("Log in", key=key, icon=":material/login:"):
        st.login(*_provider())


def _provider() -> tuple[str, ...]:
    """Return ``st.login``'s provider argument: none for a bare ``[auth]``, else the first named."""
    auth = _secrets().get("auth")
    if not isinstance(auth, Mapping) or auth.get("client_id"):
        return ()
    named = [k for k, v in auth.items() if isinstance(v, Mapping) and v.get("client_id")]
    return tuple(named[:1])
