"""Settings for publishing: absolute URLs. Used by `invoke publish`."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("CROSSCHECK_SITEURL", "")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
# The editors' page previews drafts in full: never on the public site.
CROSSCHECK_EDITORS_PAGE = False
# ClaimReview's url, the feeds and the sitemap need an absolute SITEURL: without one this build stops.
CROSSCHECK_REQUIRE_SITEURL = True
