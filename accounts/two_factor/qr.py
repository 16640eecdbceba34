"""The QR code of an authenticator app's set-up, as SVG markup to put in the page.

segno draws it with one path and presentation attributes (no `style`), so it holds
under the strict Content-Security-Policy.
"""

import segno
from django.utils.safestring import SafeString, mark_safe


def svg(data: str, *, title: str) -> SafeString:
    markup = segno.make(data, error="m").svg_inline(
        scale=5, title=title, svgclass="qr-code", lineclass="qr-code__modules"
    )
    # An image with a name for screen readers (from its <title>).
    markup = markup.replace("<svg ", '<svg role="img" ', 1)
    return mark_safe(markup)  # noqa: S308 - segno's markup; it escapes the title itself
