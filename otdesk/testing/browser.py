"""Playwright helpers: Debian's Chromium, sign-in, and the axe accessibility check."""

import time
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page

from otdesk.accounts.models import User
from otdesk.accounts.two_factor import two_factor_required
from otdesk.testing.login import current_code, totp_device

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"

_axe = Axe()


def sign_in(page: Page, base_url: str, username: str, password: str) -> None:
    """Password, then (for whoever has or needs two-factor sign-in: a coordinator, an
    operator) the code their authenticator app would show, from otdesk/testing/login.py."""
    device = _two_factor_device(username)
    page.goto(f"{base_url}/login/")
    # By the fields themselves: after a guardian chose Spanish, this browser's sign-in page
    # is in Spanish for the next person too.
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form[action='/login/'] button[type=submit]").click()
    page.wait_for_load_state()
    if device is not None and "/account/two-factor/verify/" in page.url:
        device.refresh_from_db()
        # A code is taken once: after an earlier sign-in in this step, use the next step's.
        at = max(time.time(), (device.last_t + 1) * device.step + device.t0)
        page.get_by_label("Code").fill(current_code(device, at=at))
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_load_state()


def _two_factor_device(username: str) -> TOTPDevice | None:
    user = User.objects.filter(username=username).first()
    if user is None:
        return None
    if two_factor_required(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return totp_device(user)
    return None


def assert_accessible(page: Page) -> None:
    """Zero axe violations on the page as it is now; the message lists what failed."""
    # After a click the next page may still be loading: wait for it to be there.
    page.wait_for_load_state()
    page.locator("main h1").first.wait_for()
    results = _axe.run(page)
    problems = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]
    assert problems == [], f"axe found problems on {page.url}:\n" + "\n".join(problems)


def assert_fits_width(page: Page) -> None:
    """Nothing on the page makes it scroll sideways."""
    page.locator("main h1").first.wait_for()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the viewport"


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def checked(page: Page, name: str, *, tap_targets: bool = False) -> None:
    """The page as it is now passes axe and fits the width; with tap_targets, every link
    and control is big enough for a finger. Saves the screenshot NAME-desktop or -phone
    (the page fixture names its width)."""
    assert_accessible(page)
    assert_fits_width(page)
    if tap_targets:
        assert small_tap_targets(page) == []
    screenshot(page, f"{name}-{page.width_name}")  # type: ignore[attr-defined]


def open_task(page: Page, name: str) -> None:
    """Follow a task in the navigation, through 'More' when the phone's bar hides it."""
    nav = page.get_by_role("navigation", name="Tasks")
    link = nav.get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        nav.get_by_role("link", name="More", exact=True).click()
        link = page.get_by_role("main").get_by_role("link", name=name, exact=True)
    link.click()
    page.wait_for_load_state()


# Every stand-alone link, button, summary, select and checkbox or radio row (the box and its
# label together) is at least 44 px each way. Exempt: links inside running text (their block
# has words besides its links and controls), hidden ones, and whatever is under `skip`.
_SMALL_TARGETS = """(skip) => {
  const small = [];
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return false;
    if (el.closest(".visually-hidden, .skip, [hidden]")) return false;
    return getComputedStyle(el).visibility !== "hidden";
  };
  const inSentence = (el) => {
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith("inline")) {
      block = block.parentElement;
    }
    if (!block) return false;
    const words = block.cloneNode(true);
    words.querySelectorAll("a, button, input, select, label, .visually-hidden, .badge")
      .forEach((c) => c.remove());
    return /[A-Za-z0-9]{2,}/.test(words.textContent);
  };
  const name = (el) => (el.innerText || el.getAttribute("aria-label") || el.name || "")
    .replace(/\\s+/g, " ").trim().slice(0, 60);
  const check = (el, kind, box) => {
    if (box.width < 44 || box.height < 44) {
      small.push(`${kind} "${name(el)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  };
  const skipped = (el) => skip && el.closest(skip);
  for (const el of document.querySelectorAll("a[href], button, summary, select")) {
    if (!shown(el) || skipped(el) || (el.tagName === "A" && inSentence(el))) continue;
    check(el, el.tagName.toLowerCase(), el.getBoundingClientRect());
  }
  for (const el of document.querySelectorAll("input[type=checkbox], input[type=radio]")) {
    if (!shown(el) || skipped(el)) continue;
    const box = el.getBoundingClientRect();
    let [top, bottom, left, right] = [box.top, box.bottom, box.left, box.right];
    for (const label of el.labels || []) {
      const l = label.getBoundingClientRect();
      top = Math.min(top, l.top); bottom = Math.max(bottom, l.bottom);
      left = Math.min(left, l.left); right = Math.max(right, l.right);
    }
    const text = [...(el.labels || [])].map((l) => l.innerText).join(" ");
    check({innerText: text, getAttribute: () => null}, el.type,
      {width: right - left, height: bottom - top});
  }
  return small;
}"""


def small_tap_targets(page: Page, *, skip: str = "") -> list[str]:
    """The page's tap targets under 44 px, described; empty when every one is big enough."""
    page.locator("main h1").first.wait_for()
    result: list[str] = page.evaluate(_SMALL_TARGETS, skip)
    return result
