"""The analysts' HTTP API and web page (FastAPI), read-only over the article index.

Kept import-light: `sitrep.config` imports `sitrep.api.settings`, so the FastAPI app itself is
only built by `sitrep.api.app.create_app`.
"""
