"""Screenshot helper for browser tests (artifacts under test-artifacts/screenshots)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(400)  # let Element Plus' appear transitions (tags zoom in) finish
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
