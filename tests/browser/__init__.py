"""End-to-end checks of the built sample hall in a real browser (Debian's Chromium, driven by Playwright)."""
