"""Every URL pattern of the project, as a concrete path a test client can request."""

import re
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

SAMPLE_BY_CONVERTER = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": "0" * 32}


def _route_to_path(route: str) -> str:
    def sample(match: re.Match) -> str:
        converter = match.group(1) or "str"
        if converter == "uuid":
            return "00000000-0000-0000-0000-000000000000"
        return SAMPLE_BY_CONVERTER.get(converter, "1")

    return re.sub(r"<(?:(\w+):)?\w+>", sample, route)


def _regex_to_path(regex: str) -> str:
    regex = regex.lstrip("^").rstrip("$").replace("\\Z", "")

    def sample(match: re.Match) -> str:
        body = match.group(1)
        words = body.split("|")
        if all(re.fullmatch(r"[\w-]+", word) for word in words):
            return words[0]
        return "1"

    # Named groups: pick the first alternative of a word list, else a number.
    path = re.sub(r"\(\?P<\w+>([^)]*)\)", sample, regex)
    return path.replace("\\", "")


def _pattern_to_path(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return _route_to_path(str(pattern))
    if isinstance(pattern, RegexPattern):
        return _regex_to_path(pattern.regex.pattern)
    raise TypeError(pattern)


def url_patterns(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[tuple]:
    """Yield (name, path) for every view in the URLconf, admin included."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        path = prefix + _pattern_to_path(entry.pattern)
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            for name, sub_path in url_patterns(entry, path):
                yield (namespace + name if name else None), sub_path
        elif isinstance(entry, URLPattern):
            yield entry.name or entry.lookup_str, "/" + path
