"""The project's own site, built from this session's executed notebooks, through every browser check of
``test_site_browser.py`` at 1280 and 390 px (in the notebook pass, since it needs the executed notebooks).
"""

from __future__ import annotations

import pytest

import test_site_browser as checks  # tests/site has no __init__.py: its folder is on the import path
from innovlib.site import build_site

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def visited(executed_outputs, tmp_path_factory) -> tuple[str, dict]:
    """The project's site, built from the executed notebooks as ``make reproduce`` ends, measured page by page. It
    is built into a folder of the test's own, so that the site under outputs/ is left as it was, and two test
    processes never replace the same folder."""
    folders, _ = executed_outputs
    index = build_site(next(iter(folders.values())).parent, tmp_path_factory.mktemp("project-site") / "site")
    return "project", checks._visit(index.parent)


test_every_page_was_opened_at_both_widths = checks.test_every_page_was_opened_at_both_widths
test_no_page_scrolls_sideways = checks.test_no_page_scrolls_sideways
test_no_table_cell_is_narrower_than_its_longest_word = checks.test_no_table_cell_is_narrower_than_its_longest_word
test_the_findings_start_on_the_first_screen = checks.test_the_findings_start_on_the_first_screen
test_no_console_error_and_no_request_outside_the_site = checks.test_no_console_error_and_no_request_outside_the_site
test_every_page_opens_with_the_content_security_policy = checks.test_every_page_opens_with_the_content_security_policy
test_every_image_has_a_specific_alt_text_and_a_caption = checks.test_every_image_has_a_specific_alt_text_and_a_caption
