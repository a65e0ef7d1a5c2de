"""The ``make explore`` page in a real browser: Voilà serves innovlib/explore/explore.ipynb on the loopback
address, headless Chromium (the system's, driven by Playwright) opens it, moves one control and sees the figure
change; the page shows no code and asks nothing of any other host.

Slow group (`make test-all` or CI=true): it starts a Voilà server and a kernel.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.slow

try:
    from playwright.sync_api import sync_playwright
except ImportError:
    pytest.skip("playwright is not installed (it comes with the test extra)", allow_module_level=True)

CHROMIUM = os.environ.get("INNOVLIB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    pytest.skip("no Chromium executable: install Debian's chromium package or set INNOVLIB_CHROMIUM",
                allow_module_level=True)

ROOT = Path(__file__).resolve().parents[2]
VOILA = Path(sys.executable).with_name("voila")
PAGE = "innovlib/explore/explore.ipynb"
LOOPBACK = {"127.0.0.1", "localhost"}
STARTUP_TRIES = 240  # half-second polls while Voilà starts (bounded: the test never hangs)
WAIT_MS = 120_000  # Playwright's bound for the kernel to run the page and redraw


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def voila_url(tmp_path_factory):
    """A Voilà server of the explorer page, bound to 127.0.0.1 only (the Makefile's `explore` command line)."""
    port = _free_port()
    log = (tmp_path_factory.mktemp("voila") / "voila.log").open("w")
    environment = {**os.environ, "JUPYTER_PATH": str(ROOT / "innovlib" / "explore" / "jupyter")}
    server = subprocess.Popen([str(VOILA), "--no-browser", "--Voila.ip=127.0.0.1", "--template=innovlib",
                               "--strip_sources=True", f"--port={port}", PAGE],
                              cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=environment)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(STARTUP_TRIES):
            if server.poll() is not None:
                pytest.fail(f"voila exited with {server.returncode}; see {log.name}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=2).close()
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("voila did not answer on " + url)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_moving_a_control_redraws_the_figure(voila_url):
    elsewhere = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            page = browser.new_page()

            def only_loopback(route):
                if urlsplit(route.request.url).hostname in LOOPBACK or route.request.url.startswith(("data:", "blob:")):
                    route.continue_()
                else:
                    elsewhere.append(route.request.url)
                    route.abort()

            page.route("**/*", only_loopback)
            page.goto(voila_url, timeout=WAIT_MS)
            image = page.locator(".widget-image").first
            image.wait_for(state="visible", timeout=WAIT_MS)
            before = image.get_attribute("src")
            edition = page.locator(".widget-dropdown", has=page.locator("label", has_text="edition")).locator("select")
            assert edition.input_value() == "2025"
            edition.select_option(label="2023")
            page.wait_for_function("([selector, old]) => { const img = document.querySelector(selector);"
                                   " return img && img.getAttribute('src') !== old; }",
                                   arg=[".widget-image", before], timeout=WAIT_MS)
            page.get_by_text("This panel changes edition = 2023").first.wait_for(timeout=WAIT_MS)
            # the table is a widget of its own, redrawn after the figure and the banner: wait for it too
            page.get_by_text("Composite scores and ranks, edition 2023").first.wait_for(timeout=WAIT_MS)
            assert page.get_by_text("Composite scores and ranks, edition 2023").count() == 1
            assert "from innovlib.explore import page" not in page.content()  # no code on the page
        finally:
            browser.close()
    assert elsewhere == []
