"""Where things are on a phone screen: the status bar, the header, the input or tab bar.

Phones draw their screens at a scale of the width (1080 px wide is a scale of 1), so the zones
are measured from the width, except the status bar, which is the top 4% of the height.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidence_logger.ocr.page import OcrLine, PageText

STATUS_SHARE = 0.04  # the status bar: the top 4% of the height (its clock is the capture time)
HEADER_PX = 190  # the header under it, at a scale of 1 (1080 px wide)
FOOTER_PX = 175  # the input bar or the tab bar at the bottom, at a scale of 1

_NUMBER = re.compile(r"^\+?\d{3,15}$")
_NUMBER_NOISE = re.compile(r"[\s\-()（）·.]")
_LEADING_CHROME = re.compile(r"^[<‹〈《く←〔(（]+\s*")
_TRAILING_CHROME = re.compile(r"\s*[.…·。:：]{2,}$")


@dataclass(frozen=True, slots=True)
class Frame:
    """The zones of a page of ``width`` x ``height`` pixels."""

    width: int
    height: int

    @property
    def scale(self) -> float:
        return self.width / 1080

    @property
    def status_bottom(self) -> float:
        return self.height * STATUS_SHARE

    @property
    def header_bottom(self) -> float:
        return self.status_bottom + HEADER_PX * self.scale

    @property
    def footer_top(self) -> float:
        return self.height - FOOTER_PX * self.scale

    def zone(self, line: OcrLine) -> str:
        """"status-bar", "header", "footer" or "body" for where ``line``'s middle is."""
        y = line.box.center_y
        if y < self.status_bottom:
            return "status-bar"
        if y < self.header_bottom:
            return "header"
        if y > self.footer_top:
            return "footer"
        return "body"

    def centred(self, line: OcrLine, share: float = 0.06) -> bool:
        """Whether ``line`` stands in the middle (within ``share`` of the width), not at a side."""
        box = line.box
        return (abs(box.center_x - self.width / 2) < share * self.width
                and box.left > 0.12 * self.width and box.right < 0.88 * self.width)

    def side(self, line: OcrLine) -> str:
        """"in" when ``line`` leans to the left edge, "out" when to the right."""
        return "in" if line.box.left < self.width - line.box.right else "out"


def frame_of(page: PageText) -> Frame:
    return Frame(page.width, page.height)


def as_number(text: str) -> str | None:
    """The digits of ``text`` when it is a phone number (``138 0013 8000``, ``+86 138...``,
    ``95588``, ``021-8888 6666``), with a leading ``+`` kept; else None."""
    compact = _NUMBER_NOISE.sub("", text.replace("O", "0").replace("o", "0"))
    return compact if _NUMBER.match(compact) else None


def strip_chrome(text: str) -> str:
    """A header's text without the back arrow or the menu dots OCR may read into it."""
    return _TRAILING_CHROME.sub("", _LEADING_CHROME.sub("", text.strip())).strip()
