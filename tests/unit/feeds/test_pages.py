"""Decoding article pages whose declared charset may be wrong."""

import pytest
from requests.structures import CaseInsensitiveDict

from connectors.feeds.http_client import Response
from connectors.feeds.pages import decode_html, page_date

pytestmark = pytest.mark.unit


def page(body: bytes, content_type: str) -> Response:
    return Response("http://x/", 200, CaseInsensitiveDict({"Content-Type": content_type}), body)


def test_utf8_bytes_win_over_a_wrong_latin1_label():
    assert decode_html(page("Zürich".encode(), "text/html; charset=iso-8859-1")) == "Zürich"


def test_cp1252_bytes_labelled_utf8_fall_back_to_the_meta_charset():
    body = '<meta charset="windows-1252"><p>déplacés</p>'.encode("cp1252")
    assert "déplacés" in decode_html(page(body, "text/html; charset=utf-8"))


def test_page_date_comes_from_the_page_metadata():
    html = (
        '<html><head><meta property="article:published_time" content="2023-03-06T18:05:00Z">'
        "</head><body><p>x</p></body></html>"
    )
    assert page_date(html) == "2023-03-06T00:00:00+00:00"
