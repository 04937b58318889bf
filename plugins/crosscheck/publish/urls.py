"""Where things are on the built site: every page address, from the CROSSCHECK_*_URL settings, in one place."""

from __future__ import annotations

from urllib.parse import urlsplit

from ..model import Claim


def source_page(source_id: str, settings) -> str:
    return settings["CROSSCHECK_SOURCE_URL"].format(id=source_id)


def entity_page(entity_id: str, settings) -> str:
    return settings["CROSSCHECK_ENTITY_URL"].format(id=entity_id)


def outlet_page(outlet_id: str, settings) -> str:
    return settings["CROSSCHECK_OUTLET_URL"].format(id=outlet_id)


def story_page(story_id: str, settings) -> str:
    return settings["CROSSCHECK_STORY_URL"].format(id=story_id)


def group_page(group_id: str, settings) -> str:
    return settings["CROSSCHECK_CLAIM_URL"].format(id=group_id)


def editors_page(settings) -> str:
    return settings["CROSSCHECK_EDITORS_URL"]


def discrepancies_page(kind: str, settings) -> str:
    return settings["CROSSCHECK_DISCREPANCIES_URL"].format(kind=kind)


def browse_page(what: str, settings) -> str:
    return settings["CROSSCHECK_BROWSE_URL"].format(what=what)


def timeline_page(settings) -> str:
    return settings["CROSSCHECK_TIMELINE_URL"]


def matrix_page(order: str, settings) -> str:
    return settings["CROSSCHECK_MATRIX_URL"].format(order=order)


def search_page(settings) -> str:
    return settings["CROSSCHECK_SEARCH_URL"]


def feed_path(name: str, settings) -> str:
    return settings["CROSSCHECK_FEED_SAVE_AS"].format(name=name)


def body_link_address(settings, site_url: str):
    """address(kind, id) for an annotation's checked links (model.Annotation.links): a page of this site."""
    def address(kind: str, target: str) -> str:
        page = source_page(target, settings) if kind == "source" else group_page(target, settings)
        return f"{site_url.rstrip('/')}/{page}"
    return address


def sentence_link(claim: Claim, settings) -> str:
    return f"{source_page(claim.source, settings)}#{claim.sentence}"


def page_url(relative: str) -> str:
    """"sources/a/index.html" -> "sources/a/"; "index.html" -> ""."""
    return relative[: -len("index.html")] if relative == "index.html" or relative.endswith("/index.html") else relative


def absolute_base(site_url: str) -> str:
    """SITEURL when it is absolute (publishconf.py), else "": a sitemap needs full addresses."""
    return site_url.rstrip("/") if site_url.startswith(("http://", "https://")) else ""


def root_path(site_url: str) -> str:
    """The path the site is served under, with slashes: "/" or "/factcheck/"."""
    return urlsplit(site_url).path.rstrip("/") + "/"
