"""HTML to PDF with WeasyPrint, in a short-lived child process.

WeasyPrint keeps fonts and layout caches in the process that renders: rendered in a
gunicorn worker, a large report leaves the worker over 100 MB bigger for good. A child
process gives that memory back when it ends, at the cost of starting Python (well
under a second beside the seconds a large report takes).

Run as `python -m reports.pdf`: reads HTML on stdin, writes the PDF on stdout.
"""

import subprocess
import sys
from pathlib import Path

TIMEOUT_SECONDS = 300
PROJECT = Path(__file__).resolve().parent.parent  # where `reports` is importable


class PdfError(RuntimeError):
    pass


def html_to_pdf(html: str) -> bytes:
    result = subprocess.run(
        [sys.executable, "-m", "reports.pdf"],
        cwd=PROJECT,
        input=html.encode("utf-8"),
        capture_output=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    if result.returncode != 0 or not result.stdout.startswith(b"%PDF"):
        error = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise PdfError(f"The PDF could not be made: {' '.join(error) or result.returncode}")
    return result.stdout


def main() -> None:
    import logging

    from weasyprint import HTML  # loads Pango: only in the child

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    html = sys.stdin.buffer.read().decode("utf-8")
    sys.stdout.buffer.write(HTML(string=html).write_pdf())


if __name__ == "__main__":
    main()
