"""Analyst search over the article index.

`query` parses the analysts' query language into a small syntax tree (never raw DSL from the
user), `dsl` turns that tree into an Elasticsearch query, `request` adds filters, sorting,
paging and facets, and `service` runs it against the index and shapes the answers.
"""

from connectors.search.errors import QueryError, SearchNotFound, SearchUnavailable

__all__ = ["QueryError", "SearchNotFound", "SearchUnavailable"]
