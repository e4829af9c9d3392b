"""Hypothesis strategies for hostile feeds and pages: broken XML, lying encodings, bombs, binary."""

from __future__ import annotations

from hypothesis import strategies as st

ENCODINGS = ["utf-8", "utf-16", "utf-32", "latin-1", "cp1251", "shift_jis", "koi8-r", "gb18030", "iso-8859-7"]
DECLARED = [*ENCODINGS, "x-bogus", "", "utf-7", "ebcdic-cp-us"]
ANY_CHAR = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=("Cs",))
CONTROL = st.characters(min_codepoint=0, max_codepoint=0x1F)
LINKS = st.one_of(
    st.just("https://news.example/a"),
    st.builds("https://news.example/{}".format, st.text(ANY_CHAR, max_size=40)),
    st.sampled_from(
        [
            "",
            "/relative",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "http://[::1",
            "http://%zz/",
            "https://news.example/" + "a" * 5000,
            "gopher://x/",
            "http://169.254.169.254/",
        ]
    ),
)
BOMBS = [
    # Billion laughs: ten levels of ten references.
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a0 "lol">'
    + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    + ']><rss version="2.0"><channel><title>&a9;</title><item><title>&a9;</title>'
    "<link>https://news.example/bomb</link></item></channel></rss>",
    # Quadratic blow-up: one 50 kB entity referenced 20,000 times.
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "' + "x" * 50_000 + '">]><rss version="2.0"><channel>'
    "<item><title>" + "&big;" * 20_000 + "</title><link>https://news.example/q</link></item></channel></rss>",
    # External entities (XXE): a local file and a network address.
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
    '<!ENTITY net SYSTEM "http://127.0.0.1:9/">]><rss version="2.0"><channel><item><title>&xxe;&net;</title>'
    "<link>https://news.example/xxe</link><description>&xxe;</description></item></channel></rss>",
    # Parameter-entity bomb.
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p0 "<!ENTITY x0 \'y\'>">%p0;%p0;%p0;]><rss/>',
]


def _escape(text: str, proper: bool) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;") if proper else text


@st.composite
def text_field(draw: st.DrawFn, huge: int) -> str:
    """A feed field: ordinary, control characters, anything Unicode, or huge."""
    kind = draw(st.sampled_from(["plain", "control", "any", "huge"]))
    if kind == "plain":
        return draw(st.text(st.characters(min_codepoint=32, max_codepoint=0x24F), max_size=80))
    if kind == "control":
        return draw(st.text(st.one_of(CONTROL, ANY_CHAR), max_size=200))
    if kind == "any":
        return draw(st.text(ANY_CHAR, max_size=300))
    return draw(st.sampled_from("A<&\u00e9\u4e2d\x00")) * draw(st.integers(1, huge))


@st.composite
def feed_document(draw: st.DrawFn, huge: int = 200_000) -> bytes:
    """RSS or Atom with hostile fields, then encoded, mis-declared, truncated or corrupted."""
    if draw(st.integers(0, 19)) == 0:
        return draw(st.sampled_from(BOMBS)).encode()
    if draw(st.integers(0, 19)) == 0:
        return draw(st.binary(max_size=5000))
    proper = draw(st.booleans())
    items = []
    for _ in range(draw(st.integers(0, 4))):
        title, summary = draw(text_field(huge)), draw(text_field(huge))
        link, date = (
            draw(LINKS),
            draw(
                st.sampled_from(
                    [
                        "Mon, 06 Sep 2021 16:45:00 +0000",
                        "yesterday",
                        "",
                        "9999-99-99",
                        "2024-02-30T25:61:00Z",
                        "\x00",
                    ]
                )
            ),
        )
        items.append((_escape(title, proper), _escape(summary, proper), _escape(link, True), date))
    declared = draw(st.sampled_from(DECLARED))
    header = f'<?xml version="1.0" encoding="{declared}"?>' if declared else '<?xml version="1.0"?>'
    if draw(st.booleans()):
        body = "".join(
            f"<item><title>{t}</title><link>{lk}</link><description>{s}</description>"
            f"<pubDate>{d}</pubDate></item>"
            for t, s, lk, d in items
        )
        document = f'{header}<rss version="2.0"><channel><title>t</title>{body}</channel></rss>'
    else:
        body = "".join(
            f'<entry><title>{t}</title><link href="{lk}"/><summary>{s}</summary>'
            f"<updated>{d}</updated></entry>"
            for t, s, lk, d in items
        )
        document = f'{header}<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>{body}</feed>'
    data = document.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    mutation = draw(st.sampled_from(["none", "none", "truncate", "splice", "bom"]))
    if mutation == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif mutation == "splice":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=64)) + data[at:]
    elif mutation == "bom":
        data = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"])) + data
    return data


@st.composite
def page_document(draw: st.DrawFn, huge: int = 300_000) -> tuple[bytes, str]:
    """A page's bytes and its Content-Type: deep nesting, binary, wrong charset, huge, garbage."""
    kind = draw(st.sampled_from(["nested", "binary", "charset", "huge", "garbage", "article"]))
    declared = draw(st.sampled_from(DECLARED))
    content_type = f"text/html; charset={declared}" if declared else "text/html"
    if kind == "nested":
        depth = draw(st.integers(100, 50_000))
        tag = draw(st.sampled_from(["div", "p", "table", "b", "span", "li"]))
        html = f"<html><body>{f'<{tag}>' * depth}deep text {f'</{tag}>' * depth}</body></html>"
        return html.encode(), content_type
    if kind == "binary":
        return draw(st.binary(max_size=20_000)), content_type
    if kind == "huge":
        unit = draw(st.sampled_from(["<p>word word word</p>", "x", "<div>", "&amp;", "\u00e9"]))
        return (unit * (draw(st.integers(1, huge)) // len(unit) + 1)).encode("utf-8"), content_type
    text = draw(st.text(ANY_CHAR, max_size=3000))
    if kind == "article":
        text = (
            "<html><head><title>t</title></head><body><article>"
            + "<p>Shelling hit the city. </p>" * 20
            + text
        )
    if kind == "garbage":
        text = draw(st.text(st.sampled_from(list("<>/&;=\"' !-[]?abc")), max_size=5000))
    return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace"), content_type
