"""XSS attempts in posts come out inert: only render_markdown's nh3 output is ever shown."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from forum.discussions.services import post_create
from forum.markdown import ALLOWED_TAGS

ATTACKS = {
    "script tag": "<script>alert(1)</script>",
    "javascript link": "[click](javascript:alert(1))",
    "javascript link with entities": "[click](&#106;avascript:alert(1))",
    "javascript link mixed case": "[click](JaVaScRiPt:alert(1))",
    "data link": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "event attribute": '<img src=x onerror="alert(1)">',
    "event on allowed tag": '<a href="https://ok.example" onclick="alert(1)">x</a>',
    "svg": "<svg><script>alert(1)</script><circle onload=alert(1)></svg>",
    "markdown image": "![x](https://tracker.example/pixel.png)",
    "image with javascript": "![x](javascript:alert(1))",
    "reference link": "[click][r]\n\n[r]: javascript:alert(1)",
    "autolink": "<javascript:alert(1)>",
    "html entity script": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "style attribute": '<p style="background:url(javascript:alert(1))">x</p>',
    "link title breakout": '[x](https://ok.example "a\\" onmouseover=\\"alert(1)")',
}


class _Inspector(HTMLParser):
    """Collects every tag and attribute the browser would see."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]


def assert_inert(html: str) -> None:
    inspector = _Inspector()
    inspector.feed(html)
    assert inspector.tags <= ALLOWED_TAGS, inspector.tags - ALLOWED_TAGS
    for tag, name, value in inspector.attributes:
        assert not name.startswith("on"), (tag, name)
        assert name in {"href", "title", "rel", "start", "align"}, (tag, name)
        if name == "href":
            scheme = value.split(":", 1)[0].strip().lower() if ":" in value else ""
            assert scheme in {"http", "https", "mailto"}, value


@pytest.mark.parametrize("source", ATTACKS.values(), ids=ATTACKS.keys())
def test_it_renders_attacks_inert(thread, bob, client, source):
    post = post_create(thread=thread, author=bob, body=source)
    assert_inert(post.body_html)
    assert "<script" not in post.body_html.lower()
    assert "<img" not in post.body_html.lower()
    page = client.get(thread.get_absolute_url()).content.decode()
    start = page.index(f'id="post-{post.pk}"')
    article = page[start : page.index("</article>", start)]
    body = article[article.index('class="markdown-body"') :]
    body = body[body.index(">") + 1 : body.index("</div>")]
    assert_inert(body)


def test_it_marks_links_nofollow_ugc(thread, bob):
    post = post_create(thread=thread, author=bob, body="[site](https://example.com)")
    assert 'rel="nofollow ugc noopener"' in post.body_html
    assert 'href="https://example.com"' in post.body_html


def test_it_keeps_mailto_links(thread, bob):
    post = post_create(thread=thread, author=bob, body="[mail](mailto:a@example.com)")
    assert 'href="mailto:a@example.com"' in post.body_html


def test_it_shows_entities_as_text(thread, bob):
    post = post_create(thread=thread, author=bob, body="&lt;b&gt;bold&lt;/b&gt;")
    assert "<b>" not in post.body_html
    assert "&lt;b&gt;" in post.body_html
