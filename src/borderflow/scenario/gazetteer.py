"""Map place and crossing names in report text to the scenario's countries and crossing ids.

A `Gazetteer` holds aliases of two kinds: `country` (alias -> country name, e.g. "Kazakh" ->
Kazakhstan) and `crossing` (alias -> crossing id, e.g. "Dariali" -> upper_lars_dariali). Countries
are built in; crossings come from a scenario's crossings table (`name` and `;`-separated `aliases`),
and a user CSV `alias,kind,id` extends either kind. Matching is case-insensitive on word
boundaries, longest alias first, so "Upper Lars checkpoint" wins over a shorter overlapping name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

NATIONAL = "Russia(total)"

# canonical country name -> names, then adjectives (adjectives only name a country weakly:
# "the Georgian interior ministry", "Kazakh authorities").
COUNTRIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Russia": (("Russia", "Russian Federation", "the RF"), ("Russian",)),
    "Georgia": (("Georgia", "Sakartvelo"), ("Georgian",)),
    "Kazakhstan": (("Kazakhstan", "Qazaqstan"), ("Kazakh", "Kazakhstani")),
    "Finland": (("Finland", "Suomi"), ("Finnish",)),
    "Mongolia": (("Mongolia",), ("Mongolian",)),
    "Norway": (("Norway",), ("Norwegian",)),
    "Estonia": (("Estonia",), ("Estonian",)),
    "Latvia": (("Latvia",), ("Latvian",)),
    "Lithuania": (("Lithuania",), ("Lithuanian",)),
    "Poland": (("Poland",), ("Polish",)),
    "Armenia": (("Armenia",), ("Armenian",)),
    "Azerbaijan": (("Azerbaijan",), ("Azerbaijani", "Azeri")),
    "Turkey": (("Turkey", "Türkiye", "Turkiye"), ("Turkish",)),
    "Belarus": (("Belarus",), ("Belarusian", "Belarussian")),
    "Uzbekistan": (("Uzbekistan",), ("Uzbek",)),
    "Kyrgyzstan": (("Kyrgyzstan", "Kirghizia"), ("Kyrgyz",)),
    "Tajikistan": (("Tajikistan",), ("Tajik",)),
    "Serbia": (("Serbia",), ("Serbian",)),
    "Israel": (("Israel",), ("Israeli",)),
    "United Arab Emirates": (("United Arab Emirates", "UAE", "Dubai"), ("Emirati",)),
    "Ukraine": (("Ukraine",), ("Ukrainian",)),
}

# Capitals and the towns beside the crossings, which reports name instead of the country
# ("queues outside Uralsk", "volunteers in Lappeenranta"): they name their country weakly, as
# adjectives do. Towns on the Russian side of a crossing (Vladikavkaz, Vyborg) are not here.
TOWNS: dict[str, tuple[str, ...]] = {
    "Georgia": ("Tbilisi", "Batumi", "Kutaisi"),
    "Kazakhstan": (
        "Astana",
        "Nur-Sultan",
        "Almaty",
        "Uralsk",
        "Oral",
        "Atyrau",
        "Aktobe",
        "Kostanay",
        "Petropavl",
        "Petropavlovsk",
        "Pavlodar",
        "Semey",
        "Ust-Kamenogorsk",
        "Oskemen",
    ),
    "Finland": ("Helsinki", "Lappeenranta", "Kotka", "Hamina"),
    "Mongolia": ("Ulaanbaatar", "Ulan Bator", "Sükhbaatar", "Sukhbaatar"),
    "Norway": ("Kirkenes", "Oslo"),
    "Estonia": ("Tallinn",),
    "Latvia": ("Riga", "Daugavpils", "Rezekne"),
    "Lithuania": ("Vilnius",),
    "Armenia": ("Yerevan", "Gyumri"),
    "Azerbaijan": ("Baku",),
}

KINDS = ("country", "crossing")
_GENERIC = re.compile(
    r"\b(oblast|region|district|krai|republic|aimag|parish|near|road|highway|no checkpoints|"
    r"pairing|inferred|not verified|as given)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    """A place name in text: `kind` country or crossing; `id` a country name or crossing id."""

    start: int
    end: int
    kind: str
    id: str
    strong: bool = True  # False for adjectives ("Georgian")


def fold(text: str) -> str:
    """Lower-case and strip diacritics: "Grebņeva" -> "grebneva"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def name_variants(name: str) -> list[str]:
    """Usable aliases from a descriptive name like "Верхний Ларс / Verkhny Lars (North Ossetia)"."""
    if not isinstance(name, str) or not name.strip():
        return []
    inner = re.findall(r"\(([^)]*)\)", name)
    outer = re.sub(r"\([^)]*\)", " ", name)
    parts = re.split(r"\s*[/;,]\s*|\s+[–—-]\s+", outer)
    parts += [p for text in inner for p in re.split(r"\s*[/;,]\s*", text)]
    out = []
    for part in parts:
        part = re.sub(r"\b(APP|MAPP|at)\b.*$", "", part).strip(" .")
        if len(part) < 3 or _GENERIC.search(part) or part in COUNTRIES:
            continue
        out.append(part)
        if "-" in part:
            out.append(part.replace("-", " "))
    return out


_DASHED = re.compile(r"\s*[-–—]\s*")


def _joined_sides(name: str, variants: list[str]) -> list[str]:
    """A crossing's two sides (the first two of its name's `variants`) as reports join them:
    "Kyakhta / Altanbulag" -> "Kyakhta-Altanbulag" (the pattern does not match a side inside a
    hyphenated word)."""
    if not isinstance(name, str) or " / " not in name or len(variants) < 2:
        return []
    return [f"{variants[0]}{dash}{variants[1]}" for dash in ("-", "–")]


@dataclass
class Gazetteer:
    """Aliases of countries and crossings; `crossing_country`: crossing id -> country."""

    aliases: dict[str, tuple[str, str, bool]] = field(default_factory=dict)
    crossing_country: dict[str, str] = field(default_factory=dict)
    _claims: dict[str, set[str]] = field(default_factory=dict, repr=False, compare=False)
    _pattern: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.aliases:
            for country, (names, adjectives) in COUNTRIES.items():
                for alias in names:
                    self.add(alias, "country", country)
                for alias in adjectives + TOWNS.get(country, ()):
                    self.add(alias, "country", country, strong=False)

    # construction ------------------------------------------------------------------------------
    @classmethod
    def from_crossings(cls, crossings: pd.DataFrame) -> Gazetteer:
        """From a crossings table with `id` (index or column), `name`, `country`, `aliases`."""
        table = crossings.reset_index() if "id" not in crossings.columns else crossings
        missing = {"id", "country"} - set(table.columns)
        if missing:
            raise ValueError(f"crossings table: missing column(s) {', '.join(sorted(missing))}")
        gaz = cls()
        for row in table.to_dict("records"):
            gaz.add_crossing(str(row["id"]), str(row["country"]), _names_of(row))
        gaz.drop_ambiguous()
        return gaz

    @classmethod
    def from_scenario(cls, scenario: Any) -> Gazetteer:
        """From any object with a `.crossings` DataFrame indexed by id (a `Scenario`)."""
        return cls.from_crossings(scenario.crossings)

    @classmethod
    def from_csv(cls, path: str | Path) -> Gazetteer:
        """From a scenario-style crossings CSV (`id,name,country[,aliases]`)."""
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        return cls.from_crossings(table)

    def add(self, alias: str, kind: str, id: str, strong: bool = True) -> None:
        """Add one alias; a later alias of the same spelling replaces an earlier one."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
        key = fold(alias.strip())
        if key:
            self.aliases[key] = (kind, id, strong)
            self._pattern = None

    def add_crossing(self, id: str, country: str, names: Iterable[str]) -> None:
        """Register crossing `id` in `country` under every usable variant of `names`."""
        self.crossing_country[id] = country
        for name in names:
            variants = name_variants(name)
            for alias in variants + _joined_sides(name, variants):
                self._claims.setdefault(fold(alias), set()).add(id)
                self.add(alias, "crossing", id)

    def drop_ambiguous(self) -> None:
        """Forget aliases naming several crossings ("Pavlovka"): no id beats a wrong one."""
        for key, ids in self._claims.items():
            if len(ids) > 1 and self.aliases.get(key, ("",))[0] == "crossing":
                del self.aliases[key]
        self._pattern = None

    def extend(self, path: str | Path) -> Gazetteer:
        """Add aliases from a user CSV with columns `alias,kind,id`; returns self."""
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        missing = {"alias", "kind", "id"} - set(table.columns)
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for line, row in enumerate(table.to_dict("records"), start=2):
            kind, id_ = row["kind"].strip(), row["id"].strip()
            if kind == "crossing" and id_ not in self.crossing_country:
                known = ", ".join(sorted(self.crossing_country)) or "none"
                raise ValueError(f"{path}:{line}: id: unknown crossing {id_!r} (known: {known})")
            try:
                self.add(row["alias"], kind, id_)
            except ValueError as exc:
                raise ValueError(f"{path}:{line}: kind: {exc}") from None
        return self

    # lookup ------------------------------------------------------------------------------------
    def find(self, text: str) -> list[Mention]:
        """Every alias in `text`, leftmost-longest, not overlapping."""
        if self._pattern is None:
            keys = sorted(self.aliases, key=len, reverse=True)
            body = "|".join(re.escape(k) for k in keys)
            # "KZ-Syrym", "Mashtakovo-Syrym", "Narva-1": a name joined by a hyphen is still named
            self._pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)")
        folded = fold(text)
        if len(folded) != len(text):  # folding changed offsets: fall back to plain lower-case
            folded = text.lower()
        out: list[Mention] = []
        for match in self._pattern.finditer(folded):
            if _in_a_word(text, match.start(), match.end()):
                continue  # "a Kyakhta-style post"
            kind, id_, strong = self.aliases[match.group(0)]
            if kind == "country" and match.group(0) in _TOWN_KEYS and _no_town(text, match):
                continue  # "an oral statement", "Anna Riga said"
            if kind == "crossing" and _a_persons_name(text, match.start(), match.end()):
                continue  # "station chief Lars Hansen", "Lars, a guard, said"
            last = out[-1] if out else None
            if (
                last
                and kind == "crossing"
                and (last.kind, last.id) == (kind, id_)
                and _DASHED.fullmatch(folded[last.end : match.start()])
            ):
                out[-1] = Mention(last.start, match.end(), kind, id_, last.strong or strong)
                continue  # "Kyakhta – Altanbulag": the two sides of one crossing, one mention
            out.append(Mention(match.start(), match.end(), kind, id_, strong))
        return out

    def country_of(self, mention: Mention) -> str:
        """The country a mention points to (a crossing's country for crossings)."""
        if mention.kind == "crossing":
            return self.crossing_country.get(mention.id, "")
        return mention.id


def _in_a_word(text: str, start: int, end: int) -> bool:
    """A name joined by a hyphen to a word in lower case ("Kyakhta-style", "pro-Georgia") is
    part of that word; "KZ-Syrym", "Mashtakovo-Syrym" and "Narva-1" still name the place."""
    after = re.match(r"-[a-z]+\b", text[end:])
    before = re.search(r"(?<![\w-])[a-z]+-$", text[max(0, start - 30) : start])
    return bool(after or before)


_TOWN_KEYS = frozenset(fold(town) for towns in TOWNS.values() for town in towns)
_CAPITALISED_BEFORE = re.compile(r"\b([A-Z][a-z]+)\s+$")
_NOT_NAMES = frozenset(
    "in at from to near outside via through and or of like unlike around the".split()
)
_SAYS_AFTER = re.compile(r",\s+(?:a|an|who)\b|\s+(?:said|says|told|added|wrote)\b")


def _no_town(text: str, match: re.Match[str]) -> bool:
    """A town's name in lower case ("an oral statement"), inside a longer name
    ("Petropavlovsk-Kamchatsky") or as a surname ("Anna Riga said", "Pavel Baku, a driver,
    said") is no place; "In Riga, a volunteer said" and a forum's or tag's "r/tbilisi" are."""
    tagged = text[max(0, match.start() - 1) : match.start()] in ("/", "#")
    if not (text[match.start()].isupper() or tagged) or re.match(r"-[A-Z]", text[match.end() :]):
        return True  # "Petropavlovsk-Kamchatsky" is in Russia
    before = _CAPITALISED_BEFORE.search(text[max(0, match.start() - 20) : match.start()])
    return bool(
        before
        and before.group(1).lower() not in _NOT_NAMES
        and _SAYS_AFTER.match(text[match.end() :])
    )


# One-word aliases that are also given names ("Lars" for Upper Lars, "Lars Hansen" the person)
_GIVEN_NAMES = frozenset({"lars"})
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:at|through|via|in|near|to|from|past|towards|outside|the|of|and)\s+|[-–—:]\s*|^)$",
    re.IGNORECASE,
)
_PLACE_NOUNS = r"(?:checkpoint|crossing|border|post|road|line|queue|side|pass|gorge)\b"
_PLACE_AFTER = re.compile(r"\s+" + _PLACE_NOUNS, re.IGNORECASE)
_PERSON_AFTER = re.compile(  # "Lars, a guard, said", "Lars said", "Lars Hansen"
    r",\s+(?:(?:a|an|the|who)\b|\d)|\s+(?:said|says|told|added)\b|\s+(?!(?i:"
    + _PLACE_NOUNS
    + r"))[A-Z][a-z]+"
)


def _a_persons_name(text: str, start: int, end: int) -> bool:
    """A one-word alias that is also a given name names the crossing only as a place is named:
    "through Lars", "the Lars queue"; not "said Lars Hansen" or "Lars, a guard, said"."""
    if text[start:end].lower() not in _GIVEN_NAMES:
        return False
    if _PERSON_AFTER.match(text[end:]):
        return True
    before = text[max(0, start - 12) : start]
    return not (_PLACE_BEFORE.search(before) or _PLACE_AFTER.match(text[end:]))


def _names_of(row: dict[str, Any]) -> list[str]:
    names = []
    for column in ("name", "name_ru_side", "name_foreign_side"):
        value = row.get(column)
        if isinstance(value, str) and value:
            names.append(value)
    aliases = row.get("aliases")
    if isinstance(aliases, str) and aliases:
        names.extend(a.strip() for a in aliases.split(";") if a.strip())
    return names


def default_gazetteer() -> Gazetteer:
    """The bundled `russia-2022` scenario's crossings if present, else countries only."""
    path = Path(__file__).with_name("bundled") / "russia-2022" / "crossings.csv"
    return Gazetteer.from_csv(path) if path.is_file() else Gazetteer()
