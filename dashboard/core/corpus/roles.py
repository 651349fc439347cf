"""Who may change the corpus: the three roles and the one rule that decides a session's role.

* **viewer** reads and exports;
* **editor** also adds, edits (corrects) and removes documents;
* **admin** is an editor who may also download the whole corpus as a zip.

:func:`decide_access` is the only place the rule is written (the Sources page, its write
functions and the start-up notice of ``scripts/app.sh`` all ask it):

1. ``ATLAS_READ_ONLY=1``: everyone is a viewer.
2. Login configured (``[auth]`` in ``secrets.toml``): a visitor who is not logged in is a
   viewer; a logged-in user is an admin when listed in ``ATLAS_ADMINS``, an editor when
   listed in ``ATLAS_EDITORS``, otherwise a viewer.
3. No login, served on this computer only (loopback): whoever uses it is the owner, an
   admin ("local user"), as on one's own laptop.
4. No login, served beyond this computer (``--network``, Community Cloud): visitors are
   viewers, unless the configuration opens a role to everyone with ``*``
   (``ATLAS_EDITORS=*``).

A list holds e-mail addresses (case does not matter), ``@domain`` (anyone of that domain)
or ``*`` (anyone who is logged in; with no login configured, anyone at all).  Every
change records who made it (:func:`Access.who`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dashboard.core.corpus.errors import IngestError

READ_ONLY_ENV = "ATLAS_READ_ONLY"
EDITORS_ENV = "ATLAS_EDITORS"
ADMINS_ENV = "ATLAS_ADMINS"
ADDRESS_ENV = "ATLAS_ADDRESS"

VIEWER, EDITOR, ADMIN = "viewer", "editor", "admin"
#: What each role may do beyond reading and exporting.
ACTIONS: dict[str, frozenset[str]] = {
    VIEWER: frozenset(),
    EDITOR: frozenset({"add", "edit", "remove", "correct"}),
    ADMIN: frozenset({"add", "edit", "remove", "correct", "download_corpus"}),
}
#: How an action is named in a refusal.
ACTION_WORDS = {"add": "add documents", "edit": "edit a source's details",
                "remove": "remove documents", "correct": "correct places and corridor links",
                "download_corpus": "download the whole corpus"}
LOCAL_USER = "local user"
ANONYMOUS = "anonymous"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
_TRUE = frozenset({"1", "true", "yes", "on"})


@dataclass(frozen=True)
class Access:
    """A session's role and why.

    Attributes
    ----------
    role
        ``"viewer"``, ``"editor"`` or ``"admin"``.
    reason
        Plain-language reason, shown in the sidebar and in refusals.
    email
        The logged-in user's address ("" when nobody is logged in).
    local
        No login and served on this computer only (the writer is the "local user").
    """

    role: str
    reason: str
    email: str = ""
    local: bool = False

    def allows(self, action: str) -> bool:
        """Return whether this role may perform ``action`` (a key of :data:`ACTION_WORDS`)."""
        return action in ACTIONS[self.role]

    @property
    def who(self) -> str:
        """Who a write is recorded as: the e-mail, ``local user`` or ``anonymous``."""
        return self.email or (LOCAL_USER if self.local else ANONYMOUS)

    def require(self, action: str, name: str = "corpus") -> None:
        """Raise :class:`AccessDenied` unless this role may perform ``action``."""
        if not self.allows(action):
            raise AccessDenied(name, f"you may not {ACTION_WORDS[action]}: you are a "
                               f"{self.role} ({self.reason}); nothing was changed")


class AccessDenied(IngestError):
    """A write refused because the session's role does not allow it (kind ``forbidden``)."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(name, problem, "forbidden")


def parse_list(value: str | Iterable[str] | None) -> frozenset[str]:
    """Return the lower-cased entries of a list given as text (commas, spaces, ``;``) or items."""
    if value is None:
        return frozenset()
    items = re.split(r"[\s,;]+", value) if isinstance(value, str) else list(value)
    return frozenset(s.strip().lower() for s in map(str, items) if s.strip())


def truthy(value: str | bool | None) -> bool:
    """Return whether a switch such as ``ATLAS_READ_ONLY`` is on (``1``, ``true``, ``yes``)."""
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in _TRUE


def is_loopback(address: str | None) -> bool:
    """Return whether a server address serves this computer only (unset: every interface)."""
    return (address or "").strip().lower() in LOOPBACK or (address or "").startswith("127.")


def listed(email: str, entries: frozenset[str]) -> bool:
    """Return whether ``email`` matches an entry: the address, ``@its-domain`` or ``*``."""
    email = email.strip().lower()
    if "*" in entries:
        return True
    if not email:
        return False
    return email in entries or ("@" in email and "@" + email.rsplit("@", 1)[1] in entries)


@dataclass(frozen=True)
class AccessSettings:
    """The configuration the role rule reads (from the environment or ``secrets.toml``)."""

    read_only: bool = False
    login_configured: bool = False
    editors: frozenset[str] = frozenset()
    admins: frozenset[str] = frozenset()


def login_configured(auth: object) -> bool:
    """Return whether an ``[auth]`` section configures ``st.login``.

    It needs ``redirect_uri``, ``cookie_secret`` and a provider's ``client_id`` (in the
    section itself or in a named provider sub-section such as ``[auth.team]``).
    """
    if not isinstance(auth, Mapping) or not auth.get("redirect_uri") or not auth.get(
            "cookie_secret"):
        return False
    return bool(auth.get("client_id")) or any(
        isinstance(v, Mapping) and v.get("client_id") for v in auth.values())


def settings_from(env: Mapping[str, str], secrets: Mapping[str, object]) -> AccessSettings:
    """Read the access settings: each variable from ``env``, else the same root key of secrets.

    Parameters
    ----------
    env
        The environment (``ATLAS_READ_ONLY``, ``ATLAS_EDITORS``, ``ATLAS_ADMINS``).
    secrets
        The parsed ``secrets.toml`` (its ``[auth]`` section and root-level keys; a list
        value such as ``ATLAS_EDITORS = ["a@x.org"]`` is accepted).
    """
    def get(name: str):
        return env[name] if env.get(name) is not None else secrets.get(name)

    return AccessSettings(read_only=truthy(get(READ_ONLY_ENV)),
                          login_configured=login_configured(secrets.get("auth")),
                          editors=parse_list(get(EDITORS_ENV)), admins=parse_list(get(ADMINS_ENV)))


def decide_access(*, read_only: bool, login_configured: bool, email: str | None,
                  editors: frozenset[str], admins: frozenset[str], shared: bool) -> Access:
    """Decide a session's role (the rule of the module docstring).

    Parameters
    ----------
    read_only
        ``ATLAS_READ_ONLY`` is on.
    login_configured
        An ``[auth]`` section is configured (``st.login`` can be used).
    email
        The logged-in user's e-mail (``None`` or "" when nobody is logged in).
    editors, admins
        Parsed ``ATLAS_EDITORS`` and ``ATLAS_ADMINS`` (:func:`parse_list`).
    shared
        The app is served beyond this computer (a non-loopback address or a hosted app).

    Returns
    -------
    Access
        The role, why, and who writes are recorded as.
    """
    email = (email or "").strip()
    if read_only:
        return Access(VIEWER, f"read-only deployment ({READ_ONLY_ENV}=1)", email)
    if login_configured:
        if not email:
            return Access(VIEWER, "not logged in")
        for role, entries, name in ((ADMIN, admins, ADMINS_ENV), (EDITOR, editors, EDITORS_ENV)):
            if listed(email, entries):
                return Access(role, f"{email} is listed in {name}", email)
        return Access(VIEWER, f"{email} is not listed in {EDITORS_ENV} or {ADMINS_ENV}", email)
    if not shared:
        return Access(ADMIN, "no login configured; served on this computer only", local=True)
    for role, entries, name in ((ADMIN, admins, ADMINS_ENV), (EDITOR, editors, EDITORS_ENV)):
        if "*" in entries:
            return Access(role, f"no login configured; {name}=* opens it to every visitor")
    return Access(VIEWER, "served on the network without login; configure login "
                  f"or set {EDITORS_ENV}=* to open editing")


def startup_notice(address: str | None, settings: AccessSettings) -> str:
    """Return what ``scripts/app.sh`` says at start: where it serves and who may edit."""
    shared = not is_loopback(address)
    where = (f"this computer only ({address})" if not shared
             else f"the network ({address or 'every interface'}): anyone who can reach this "
             "machine can open the app")
    anyone = decide_access(read_only=settings.read_only,
                           login_configured=settings.login_configured, email=None,
                           editors=settings.editors, admins=settings.admins, shared=shared)
    if anyone.allows("add"):
        editing = f"OPEN to whoever opens the app (an {anyone.role}: {anyone.reason})"
    elif settings.login_configured and not settings.read_only:
        editing = (f"closed to visitors; open after login to the {len(settings.editors)} "
                   f"{EDITORS_ENV} and {len(settings.admins)} {ADMINS_ENV} entries")
    else:
        editing = f"CLOSED: everyone is a viewer ({anyone.reason})"
    return f"Atlas: serving {where}.\nAtlas: editing the corpus is {editing}."
