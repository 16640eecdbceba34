"""The made-up words of the data set (company, person and place names, titles) and the
random helpers that pick from them. Every part of the data set draws from its own
reproducible stream (`stream`), so that one part changing leaves the others as they were.
"""

import random
from datetime import date, datetime, time, timedelta

from demo.generate.scale import OSLO
from programmes.models import Event
from programmes.organisation_numbers import calc_check_digit

GENERATED_NOTE = "Genererte data for ytelsesmåling."

# Made-up word parts: “Lyngtind Bakeri AS”, “Myrkoll Sag Holding AS”.
NAME_STARTS = [
    "Lyngtind", "Myrkoll", "Fjellbakst", "Elvemo", "Reinsli", "Kvitmyr", "Bjørkås", "Grålia",
    "Tjønnvik", "Furuhaug", "Steinsvoll", "Høgmo", "Vidde", "Snøklett", "Glimmerdal",
    "Sølvberg", "Kobberlia", "Ramsdal", "Sjølia", "Nordvang", "Åsgard", "Lauvli", "Myrheim",
    "Kvernmo", "Tindvik", "Granlia", "Storhaug", "Vesleli", "Heimdal", "Bekkmo", "Fosslia",
    "Setervoll", "Breivang", "Holmvik", "Kjerringli", "Rimfrost", "Skarven", "Tjørnli",
    "Vangsmo", "Øvrebø",
]  # fmt: skip
NAME_TRADES = [
    ("Bakeri", "10.710"), ("Sag", "16.100"), ("Snekkeri", "16.230"), ("Regnskap", "69.201"),
    ("Reiseliv", "79.900"), ("Gårdsmat", "10.890"), ("Kraft", "35.112"), ("Design", "74.100"),
    ("Bygg", "41.200"), ("Data", "62.010"), ("Ysteri", "10.510"), ("Husflid", "32.990"),
    ("Transport", "49.410"), ("Rørlegger", "43.220"), ("Fjellstue", "55.101"),
    ("Elektro", "43.210"), ("Maskin", "28.300"), ("Fisk", "10.200"), ("Bryggeri", "11.050"),
    ("Consult", "70.220"), ("Media", "73.110"), ("Eiendom", "68.209"), ("Helse", "86.909"),
    ("Frisør", "96.020"), ("Landbruk", "01.410"), ("Skog", "02.100"), ("Verksted", "33.120"),
    ("Camping", "55.300"), ("Butikk", "47.190"), ("Smie", "25.500"),
]  # fmt: skip
NAME_ENDINGS = ["", " Holding", " og Sønn", " Utvikling", " Invest"]
FIRST_NAMES = [
    "Kari", "Ola", "Ingrid", "Per", "Silje", "Jon", "Marit", "Erik", "Astrid", "Lars",
    "Guro", "Knut", "Hilde", "Trond", "Sigrid", "Bjørn", "Tone", "Arne", "Ragnhild", "Eirik",
]  # fmt: skip
LAST_NAMES = [
    "Haugen", "Moen", "Bakken", "Lien", "Solberg", "Vold", "Rønning", "Eggen", "Brekken",
    "Hagen", "Sletten", "Aune", "Kjelsås", "Gjelten", "Tørres",
]  # fmt: skip
GARDEN_NAMES = [
    "Fjellregionen", "Dalføret", "Kysten", "Vidda", "Elvedalen", "Innlandsporten", "Nordfjella",
    "Sjøsiden", "Skogbygda", "Midtfjellet",
]  # fmt: skip
STREETS = ["Storgata", "Kirkegata", "Bergmannsgata", "Sagveien", "Elvevegen", "Stasjonsvegen"]
DESCRIPTIONS = [
    "Forretningsplan og budsjett", "Markedsplan for nye kunder", "Søknad til Innovasjon Norge",
    "Oppfølging av handlingsplan", "Styrearbeid og strategi", "Prising og lønnsomhet",
    "Rekruttering og organisasjon", "Digital markedsføring", "",
]  # fmt: skip
PROJECT_TITLES = [
    "Kompetanseløft Lokalmat–Reiseliv", "Grønn omstilling i industrien", "Unge gründere",
    "Digitalt løft for handelen", "Bærekraftig reiseliv", "Eierskifte i distriktene",
]  # fmt: skip
EVENT_TITLES = [
    (Event.Kind.KOMPETANSEFORUM, "KompetanseForum: Digital markedsføring"),
    (Event.Kind.KOMPETANSEFORUM, "KompetanseForum: Lønnsomhet i lokalmat"),
    (Event.Kind.KOMPETANSEFORUM, "KompetanseForum: Eierskifte"),
    (Event.Kind.COURSE, "Kurs: Regnskap for gründere"),
    (Event.Kind.COURSE, "Kurs: Salg og kundemøter"),
    (Event.Kind.NETWORK_MEETING, "Nettverksmøte for reiselivet"),
    (Event.Kind.NETWORK_MEETING, "Nettverksmøte for industrien"),
    (Event.Kind.OTHER, "Frokostmøte med ordføreren"),
]


def stream(seed: int, *parts) -> random.Random:
    """An independent, reproducible stream for one part of the data set."""
    return random.Random("-".join(str(p) for p in (seed, *parts)))  # noqa: S311 - test data


def organisation_number(rng: random.Random, taken: set[str]) -> str:
    while True:
        first_eight = rng.choice("89") + f"{rng.randrange(10_000_000):07d}"
        check = calc_check_digit(first_eight)
        if check is not None and first_eight + check not in taken:
            taken.add(first_eight + check)
            return first_eight + check


def plain_ascii(text: str) -> str:
    text = text.lower()
    for letter, plain in (("æ", "ae"), ("ø", "o"), ("å", "a")):
        text = text.replace(letter, plain)
    return "".join(character for character in text if character.isalnum() or character == ".")


def phone(rng: random.Random) -> str:
    return f"+47 {rng.randrange(400, 999)} {rng.randrange(10, 99)} {rng.randrange(100, 999)}"


def moment(day: date, rng: random.Random) -> datetime:
    """A working hour on `day` in Oslo."""
    return datetime.combine(day, time(8, 0), tzinfo=OSLO) + timedelta(
        minutes=rng.randrange(0, 9 * 60)
    )
