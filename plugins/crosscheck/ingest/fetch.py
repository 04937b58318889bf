"""Fetching a page for `invoke add` and `invoke refresh`: httpx with a timeout, a size limit, a user agent that says
who asks, and robots.txt read first. Every way it can fail is a FetchError whose message says what to do."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import Self
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser
from xml.etree import ElementTree

logger = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")
_FEED_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)[\s>]", re.DOTALL)
_ATOM = "{http://www.w3.org/2005/Atom}"
_MAX_REDIRECTS = 10


class FetchError(Exception):
    """One address could not be clipped; the message says why and what to do."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    requested: str
    status: int
    content_type: str
    body: bytes
    retrieved: dt.datetime

    @property
    def is_feed(self) -> bool:
        kind = self.content_type.split(";")[0].strip().lower()
        return kind in FEED_TYPES or bool(_FEED_START.match(self.body[:2048]))


@dataclass
class Fetcher:
    """One client for a run of `add` or `refresh`, with each site's robots.txt read once."""

    user_agent: str
    timeout: float
    max_bytes: int
    robots: bool = True
    _rules: dict[str, RobotFileParser | None] = field(default_factory=dict)
    _client: object = None

    @classmethod
    def from_settings(cls, settings: dict) -> Fetcher:
        return cls(settings["CROSSCHECK_CLIP_USER_AGENT"], float(settings["CROSSCHECK_CLIP_TIMEOUT"]),
                   settings["CROSSCHECK_CLIP_MAX_BYTES"], settings["CROSSCHECK_CLIP_ROBOTS"])

    def __enter__(self) -> Self:
        import httpx

        self._client = httpx.Client(headers={"User-Agent": self.user_agent}, timeout=self.timeout,
                                    follow_redirects=True, max_redirects=_MAX_REDIRECTS)
        return self

    def __exit__(self, *exc) -> None:
        self._client.close()

    def get(self, url: str) -> Fetched:
        """The page at ``url``, whatever its type; FetchError for a bad address, robots.txt, the network,
        a 4xx or 5xx answer, or a body over the size limit."""
        check_address(url)
        if self.robots and not self._allowed(url):
            raise FetchError(f"{url}: the site's robots.txt does not allow {self.user_agent.split()[0]} to fetch it; "
                             "save the page from your browser instead, or ask the site")
        status, content_type, body, final = self._read(url)
        if status >= 400:
            raise FetchError(f"{url}: the server answered {status} ({_reason(status)}); check the address in a browser")
        return Fetched(final, url, status, content_type, body, dt.datetime.now(dt.UTC))

    def _read(self, url: str) -> tuple[int, str, bytes, str]:
        import httpx

        try:
            with self._client.stream("GET", url) as response:
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(_too_big(url, int(declared), self.max_bytes))
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise FetchError(_too_big(url, len(body), self.max_bytes, at_least=True))
                return response.status_code, response.headers.get("content-type", ""), bytes(body), str(response.url)
        except httpx.TooManyRedirects:
            raise FetchError(f"{url}: more than {_MAX_REDIRECTS} redirects; open it in a browser and copy the address "
                             "it ends at") from None
        except httpx.TimeoutException:
            raise FetchError(f"{url}: no answer within {self.timeout:g} s (CROSSCHECK_CLIP_TIMEOUT); try again later") from None
        except httpx.HTTPError as error:  # refused, unknown host, broken TLS, a bad redirect
            raise FetchError(f"{url}: {type(error).__name__}: {error or 'the connection failed'}; check the address "
                             "and your connection") from None

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._rules:
            self._rules[site] = self._robots(site)
        rules = self._rules[site]
        return rules is None or rules.can_fetch(self.user_agent, url)

    def _robots(self, site: str) -> RobotFileParser | None:
        """The site's rules; None (all allowed) when it has no robots.txt. Unreadable ones refuse, as they may forbid."""
        address = site + "/robots.txt"
        try:
            status, _, body, _ = self._read(address)
        except FetchError as error:
            raise FetchError(f"{error} (its robots.txt, read first; CROSSCHECK_CLIP_ROBOTS)") from None
        rules = RobotFileParser(address)
        if status in (401, 403):
            rules.disallow_all = True
        elif status >= 500:
            raise FetchError(f"{address}: the server answered {status}, so what it allows is unknown; try again later")
        elif status >= 400:
            return None
        else:
            rules.parse(body.decode("utf-8", "replace").splitlines())
        return rules


def check_address(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url!r} is not an http(s) address; copy it from the browser's address bar")
    if "@" in parts.netloc:
        raise FetchError(f"{url}: holds a user name or password before '@'; give the page's address without it")


def feed_entries(fetched: Fetched) -> list[str]:
    """The addresses of an RSS or Atom feed's entries, in the feed's order."""
    try:
        # the standard library's expat refuses entity expansion bombs; the body is within the size limit already
        root = ElementTree.fromstring(fetched.body)
    except ElementTree.ParseError as error:
        raise FetchError(f"{fetched.url}: looks like a feed but is not well-formed XML ({error})") from None
    found = [item.findtext("link", "").strip() for item in root.iter("item")]
    for entry in root.iter(_ATOM + "entry"):
        links = entry.findall(_ATOM + "link")
        chosen = next((link for link in links if link.get("rel", "alternate") == "alternate"), None)
        found.append(chosen.get("href", "").strip() if chosen is not None else "")
    found += [item.findtext("{http://purl.org/rss/1.0/}link", "").strip() for item in root.iter("{http://purl.org/rss/1.0/}item")]
    return list(dict.fromkeys(urljoin(fetched.url, link) for link in found if link))


def _too_big(url: str, size: int, limit: int, at_least: bool = False) -> str:
    return (f"{url}: the answer is {'over ' if at_least else ''}{size:,} bytes, more than CROSSCHECK_CLIP_MAX_BYTES "
            f"({limit:,}); nothing was saved. If it really is one article, raise the limit")


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "an error" if status >= 400 else "unknown"
