"""The page scripts, run by ``st.navigation``; a package so that import contracts see them."""
