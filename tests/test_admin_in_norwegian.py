"""The admin in Norwegian shows no English label: every admin page an administrator can
open (the role matrix's), read once in Norwegian, and the texts people read as labels
(the title, headings, table headings, labels, legends, help texts, the breadcrumbs, the
app index, the list filters and the actions) checked for English.

What counts as English: the names the admin shows (every registered model's app, model
and field names, as English gives them) that Norwegian gives the same; the default
permissions' names (English in the database); every string of the translation catalogs
of Django's admin and auth and of the packages whose models the admin lists
(django-axes, django-otp, django-simple-history) that has no Norwegian translation. A
word Norwegian writes the same ("Administrator", "Status") is not English; Python's
"None", "True" and "False" are."""

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.utils import translation
from django.utils.translation import trans_real

from tests.test_role_matrix import (  # noqa: F401 - the matrix's fixtures
    clients,
    pages_of,
    world,
)

# Elements whose text is a label, and containers whose every text is.
LABEL_TAGS = {"title", "h1", "h2", "h3", "h4", "th", "label", "legend", "caption", "summary"}
LABEL_CLASSES = {"breadcrumbs", "help", "helptext", "app-list", "module", "actions"}
LABEL_IDS = {"changelist-filter", "nav-sidebar"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# The packages whose strings the admin shows, by their catalogs' msgids.
CATALOG_PACKAGES = (
    "django.contrib.admin",
    "django.contrib.auth",
    "axes",
    "django_otp",
    "simple_history",
)


class LabelTexts(HTMLParser):
    """The texts of the label elements of a page, one per element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, is a label element)
        self.buffers: list[list[str]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        is_label = (
            tag in LABEL_TAGS
            or bool(classes & LABEL_CLASSES)
            or attributes.get("id") in LABEL_IDS
            or (tag == "select" and attributes.get("name") == "action")
        )
        self.stack.append((tag, is_label))
        if is_label:
            self.buffers.append([])

    def handle_endtag(self, tag):
        if tag in VOID or not any(open_tag == tag for open_tag, _label in self.stack):
            return
        while self.stack:
            open_tag, is_label = self.stack.pop()
            if is_label:
                text = " ".join(" ".join(self.buffers.pop()).split())
                if text:
                    self.texts.append(text)
            if open_tag == tag:
                return

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] in ("script", "style"):
            return
        for buffer in self.buffers:
            buffer.append(data)


def label_texts(html: str) -> list[str]:
    parser = LabelTexts()
    parser.feed(html)
    parser.close()
    return parser.texts


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _catalog_msgids(package: str) -> set[str]:
    """The msgids of a package's catalogs (a .mo holds those its language translates)."""
    module = __import__(package, fromlist=["__file__"])
    locale = Path(module.__file__).parent / "locale"
    msgids: set[str] = set()
    for mo in sorted(locale.glob("*/LC_MESSAGES/django.mo")):
        with mo.open("rb") as file:
            catalog = gettext.GNUTranslations(file)._catalog  # type: ignore[attr-defined]
        for key in catalog:
            msgid = key[0] if isinstance(key, tuple) else key
            if msgid and "%" not in msgid and "{" not in msgid:
                msgids.add(msgid)
    return msgids


def _admin_names() -> set:
    """Every name the admin shows of its models: apps, models, fields and help texts."""
    names: set = set()
    for model in admin.site._registry:
        meta = model._meta
        names |= {meta.app_config.verbose_name, meta.verbose_name, meta.verbose_name_plural}
        for model_field in meta.get_fields():
            for attribute in ("verbose_name", "help_text"):
                if getattr(model_field, attribute, ""):
                    names.add(getattr(model_field, attribute))
    return names


# Python's words for nothing and truth, shown where a template forgot a value.
PYTHON_WORDS = {"None", "True", "False"}


def english_phrases() -> set[str]:
    """Texts that are English and not Norwegian, case folded."""
    norwegian = trans_real.translation("nb")._catalog
    translated = {str(value).casefold() for _key, value in norwegian.items()}
    vocabulary = set().union(*(_words(text) for text in translated))
    # Django names the default permissions in English, once, in the database.
    candidates: set[str] = set(Permission.objects.values_list("name", flat=True))
    for package in CATALOG_PACKAGES:
        for msgid in _catalog_msgids(package):
            if norwegian.get(msgid) is None:
                candidates.add(msgid)
    for name in _admin_names():
        with translation.override("en"):
            english = str(name)
        with translation.override("nb"):
            if str(name) == english:
                candidates.add(english)
    phrases = set()
    for candidate in candidates:
        phrase = " ".join(candidate.split()).strip(" .:").casefold()
        if len(phrase) < 3 or phrase in translated:
            continue
        if not (_words(phrase) - vocabulary):  # every word of it is Norwegian too
            continue
        phrases.add(phrase)
    return phrases | {word.casefold() for word in PYTHON_WORDS}


def english_in(text: str, phrases: set[str]) -> list[str]:
    folded = text.casefold()
    return [
        phrase
        for phrase in phrases
        if phrase in folded and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded)
    ]


def admin_pages(world) -> list[str]:  # noqa: F811
    return [path for name, path in pages_of("administrator", world) if name.startswith("admin:")]


def test_the_parser_reads_labels_and_leaves_the_rest():
    html = (
        "<title>Endre bruker</title><div class=breadcrumbs><a>Hjem</a> › Brukere</div>"
        "<p>Access attempts</p><label>Brukernavn:<input></label><script>x='Path'</script>"
    )

    assert label_texts(html) == ["Endre bruker", "Hjem › Brukere", "Brukernavn:"]


def test_an_english_phrase_is_found_and_a_norwegian_one_is_not():
    phrases = {"access attempts", "username"}

    assert english_in("Hjem › Axes › Access attempts", phrases) == ["access attempts"]
    assert english_in("Brukernavn", phrases) == []


@pytest.mark.django_db
def test_no_admin_page_in_norwegian_shows_an_english_label(clients, world):  # noqa: F811
    phrases = english_phrases()
    client = clients["administrator"]
    client.cookies["django_language"] = "nb"
    found: dict[str, set[str]] = {}  # an English phrase: the pages that show it
    for path in admin_pages(world):
        response = client.get(path, headers={"accept-language": "nb"})
        assert response.status_code == 200, path
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for text in set(label_texts(response.content.decode())):
            for phrase in english_in(text, phrases):
                found.setdefault(phrase, set()).add(path)
    report = "\n".join(
        f"{phrase!r} on {len(paths)} pages, such as {', '.join(sorted(paths)[:2])}"
        for phrase, paths in sorted(found.items())
    )
    assert not found, "English in the Norwegian admin:\n" + report
