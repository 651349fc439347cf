"""The address bar's parameters as the permalink reads them: each key once, or not at all.

``st.query_params`` gives a repeated key (``?sel=a&sel=b``) its last value; a link that
names a setting twice is ambiguous, so such a key is left out and its setting takes the
default view, as the README's permalink rule says.
"""

from __future__ import annotations

import streamlit as st


def url_params() -> dict[str, str]:
    """Return the URL's parameters, leaving out every key given more than once."""
    params = st.query_params
    return {key: params[key] for key in params if len(params.get_all(key)) == 1}
