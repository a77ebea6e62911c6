"""The rotating self check-in code shown in the room (and as a QR code).

A code is six digits derived from the session's secret and the current time window, like a
TOTP. It changes every `TRAINING_CHECKIN_PERIOD_SECONDS`; the previous window's code is still
accepted so that someone typing it as it changes is not turned away. Older codes are refused.
"""

import hashlib
import hmac
from datetime import datetime

from django.utils import timezone

from .conf import checkin_period_seconds

DIGITS = 6


def _window(moment: datetime) -> int:
    return int(moment.timestamp()) // checkin_period_seconds()


def _code_for(secret: str, window: int) -> str:
    digest = hmac.new(secret.encode(), str(window).encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big") % 10**DIGITS
    return f"{number:0{DIGITS}d}"


def current_code(session, moment: datetime | None = None) -> str:
    return _code_for(session.checkin_secret, _window(moment or timezone.now()))


def seconds_left(moment: datetime | None = None) -> int:
    period = checkin_period_seconds()
    return period - int((moment or timezone.now()).timestamp()) % period


def code_is_valid(session, code: str, moment: datetime | None = None) -> bool:
    code = "".join(ch for ch in str(code or "") if ch.isdigit())
    if len(code) != DIGITS:
        return False
    window = _window(moment or timezone.now())
    return any(hmac.compare_digest(code, _code_for(session.checkin_secret, w)) for w in (window, window - 1))


def qr_svg(data: str) -> str:
    """An inline SVG QR code (no style attributes: the Content-Security-Policy forbids them)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    return svg.replace('width="', 'data-width="', 1).replace('height="', 'data-height="', 1)
