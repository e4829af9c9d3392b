"""Feed readers: poll feeds, fetch their articles and produce them to Kafka ``sitrep.raw``.

Every network hop goes through `http_client` (SSRF guard, caps, retries) and every
per-feed problem becomes a line in the pass summary instead of an exception.
"""
