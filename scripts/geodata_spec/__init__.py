"""Build inputs of ``scripts/build_geodata.py``: corridor facts and node/segment specs.

Not part of the app: nothing under ``dashboard/`` imports these; the built files in
``geodata/`` are what the app reads.
"""
