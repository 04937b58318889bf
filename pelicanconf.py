"""Pelican settings for the Crosscheck demo site. CROSSCHECK_* keys: docs/settings.md."""

AUTHOR = "Crosscheck"
SITENAME = "Crosscheck"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["crosscheck"]
THEME = "theme"

# The site is not a blog: no article lists, tag or category pages.
DIRECT_TEMPLATES = []
ARTICLE_PATHS = []
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
PAGE_URL = "pages/{slug}/"
PAGE_SAVE_AS = "pages/{slug}/index.html"
# Page 2 of "cat1" must not collide with "cat12".
PAGINATION_PATTERNS = ((1, "{url}", "{save_as}"), (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"))

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

RELATIVE_URLS = True
DEFAULT_DATE = "fs"

# Crosscheck's own settings and their defaults: docs/settings.md
CROSSCHECK_SOURCE_PATHS = ["sources"]
