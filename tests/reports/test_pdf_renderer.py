"""The PDF renderer (reports.pdf): a Typst child kept warm between files, replaced after
its files or when it fails, and never left waiting on."""

import os
import signal

import pytest

from reports.pdf import PdfError, Renderer

HTML = '#set text(lang: "nb")\n= Årsrapport {n}\n#"12 500 kr"\n'
BROKEN = "#table(columns: 2, [ikke lukket"


@pytest.fixture
def renderer():
    renderer = Renderer(max_files=3)
    yield renderer
    renderer.stop()


def test_files_after_the_first_are_made_by_the_same_warm_child(renderer):
    first = renderer.render(HTML.format(n=1))
    child = renderer.pid
    second = renderer.render(HTML.format(n=2))
    assert first.startswith(b"%PDF-") and second.startswith(b"%PDF-")
    assert renderer.pid == child is not None
    renderer.render(HTML.format(n=3))  # the third of max_files: the child is replaced
    assert renderer.pid is None
    assert renderer.render(HTML.format(n=4)).startswith(b"%PDF-")
    assert renderer.pid not in (None, child)


def test_a_child_that_died_is_replaced_and_the_file_made(renderer):
    renderer.render(HTML.format(n=1))
    os.kill(renderer.pid, signal.SIGKILL)
    assert renderer.render(HTML.format(n=2)).startswith(b"%PDF-")


def test_a_file_that_takes_too_long_is_refused_and_its_child_ended(renderer):
    renderer.render(HTML.format(n=1))  # warm, so that only the rendering is timed
    child = renderer.pid
    renderer.timeout = 0.001
    long = "#table(columns: 4, " + '"celle", ' * 200_000 + ")"
    with pytest.raises(PdfError, match="took longer"):
        renderer.render(long)
    assert renderer.pid is None
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)
    renderer.timeout = 60
    assert renderer.render(HTML.format(n=2)).startswith(b"%PDF-")


def test_a_document_typst_refuses_is_refused_and_the_child_kept(renderer):
    renderer.render(HTML.format(n=1))
    child = renderer.pid
    with pytest.raises(PdfError, match="could not be made"):
        renderer.render(BROKEN)
    assert renderer.pid == child
    assert renderer.render(HTML.format(n=2)).startswith(b"%PDF-")
