"""Editors' Markdown is cleaned to an allow-list (nh3); what is left out is named."""

import pytest
from bs4 import BeautifulSoup
from crosscheck.sanitize import ATTRIBUTES, TAGS, left_out, render_markdown


def soup(markdown_text: str) -> BeautifulSoup:
    return BeautifulSoup(render_markdown(markdown_text), "html.parser")


EVERYTHING_MARKDOWN_MAKES = """# Heading

Text with **bold**, *emphasis*, `code` and a [link](https://example.org/a "its title"), a [page](../sources/a/)
and a [fragment](#top).<br>
A line break above. The HTML council[^1] met.

> A quoted line.

- one
- two

1. first
2. second

| Left | Right |
| :--- | ----: |
| a | 1 |

```python
x = 1
```

Term
: Its definition

---

![a map](https://example.org/map.png)

*[HTML]: HyperText Markup Language

[^1]: A footnote.
"""


def test_what_markdown_extra_makes_survives():
    html = soup(EVERYTHING_MARKDOWN_MAKES)
    assert {element.name for element in html.find_all(True)} == {
        "h1", "p", "strong", "em", "code", "a", "br", "sup", "blockquote", "ul", "ol", "li", "table", "thead", "tbody",
        "tr", "th", "td", "pre", "dl", "dt", "dd", "hr", "img", "abbr", "div"}
    assert html.find("a", string="link")["href"] == "https://example.org/a"
    assert html.find("a", string="link")["title"] == "its title"
    assert html.find("a", string="page")["href"] == "../sources/a/"
    assert html.find("a", string="fragment")["href"] == "#top"
    assert html.find("th")["align"] == "left" and not html.find(style=True)
    assert html.find("code", class_="language-python") is not None
    assert html.find("abbr")["title"] == "HyperText Markup Language"
    footnote = html.find("sup")
    assert footnote["id"] == "fnref:1" and footnote.a["href"] == "#fn:1" and html.find(id="fn:1") is not None
    assert html.find("img")["src"] == "https://example.org/map.png" and html.find("img")["alt"] == "a map"
    assert left_out(EVERYTHING_MARKDOWN_MAKES) == []


HOSTILE = [
    ("<script>window.__pwned = 1</script>", "<script>"),
    ("<img src=x onerror=alert(1)>", "onerror on <img>"),
    ("[click](javascript:alert(1))", "href='javascript:alert(1)' on <a>"),
    ("[click](JaVaScRiPt:alert(1))", "href='JaVaScRiPt:alert(1)' on <a>"),
    ('<a href=" javascript:alert(1)">x</a>', "href=' javascript:alert(1)' on <a>"),
    ("[click](data:text/html,<b>x</b>)", "href='data:text/html,<b>x</b>' on <a>"),
    ("![x](data:image/svg+xml,<svg>)", "src='data:image/svg+xml,<svg>' on <img>"),
    ('<iframe src="https://example.org/"></iframe>', "<iframe>"),
    ('<object data="x.swf"></object>', "<object>"),
    ('<embed src="x.swf">', "<embed>"),
    ("<svg onload=alert(1)></svg>", "<svg>"),
    ('<math><mtext><img src=x onerror=alert(1)></mtext></math>', "<math>"),
    ('<meta http-equiv="refresh" content="0;url=https://example.org/">', "<meta>"),
    ('<style>body { background: url("javascript:alert(1)") }</style>', "<style>"),
    ('<p style="background: url(https://example.org/t.gif)">styled</p>', "style on <p>"),
    ('<form action="https://example.org/"><input name="password"></form>', "<form>"),
    ("A paragraph.\n{: onclick=\"alert(1)\" }", "onclick on <p>"),
    ('<div id="s-0123456789">clobber</div>', "id on <div>"),
    ('<a href="#" target="_top" onmouseover="alert(1)">x</a>', "target on <a>"),
    ("<base href='https://example.org/'>", "<base>"),
    ("<details open ontoggle=alert(1)><summary>x</summary></details>", "<details>"),
]


@pytest.mark.parametrize("markdown_text, named", HOSTILE, ids=[item[1] for item in HOSTILE])
def test_hostile_markdown_is_cleaned_and_what_went_is_named(markdown_text, named):
    html = soup(markdown_text)
    for element in html.find_all(True):
        assert element.name in TAGS, element
        for attribute, value in element.attrs.items():
            assert attribute in ATTRIBUTES.get(element.name, set()) | {"rel", "class"}, (element.name, attribute)
            if attribute in ("href", "src"):
                assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), value
    assert "alert(" not in str(html) or "alert(" in html.get_text()
    assert named in left_out(markdown_text)


def test_text_inside_removed_formatting_is_kept():
    assert soup("<span>kept words</span> and <u>more</u>").get_text() == "kept words and more"
    assert left_out("<span>kept words</span>") == ["<span>"]


def test_links_get_noopener():
    assert soup("[x](https://example.org/)").a["rel"] == ["noopener", "noreferrer"]
