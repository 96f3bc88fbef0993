"""Split report text into paragraphs and sentences; drop photo captions and credit lines."""

from __future__ import annotations

import re

from borderflow.extraction.tables import TableRow, tables_as_sentences

_CREDIT_WORDS = (
    r"AP|AFP|Reuters|Getty(?:\s+Images)?|Sputnik|ZUMA\w*(?:\.com)?|EPA|TASS|Pool|Shutterstock|"
    r"Anadolu(?:\s+Agency)?|Alamy|Photo|Images?"
)
_CREDIT_LINE = re.compile(
    rf"^\(?\s*(?:[\w.'’ -]+,\s*)*(?:{_CREDIT_WORDS})(?:[\w\s./,'’-]*)\)?\s*$", re.IGNORECASE
)
_CAPTION = re.compile(
    r"^(?:photo|image|picture|pictured|caption|photo\s+caption|file\s+photo)\b\s*[:.-]?"
    r"|\((?:[^()]*\b(?:photo|getty|afp|ap|reuters|sputnik|epa|pool|images?|via)\b[^()]*)\)\s*$"
    r"|\bphoto\s+by\b",
    re.IGNORECASE,
)
# a speaker label ("HOST: Good morning"), not a heading ("GEORGIA: arrivals per day")
_SPEAKER = re.compile(
    r"^\s*(?:[A-Z][A-Z .'-]{1,30}:(?!\s+[a-z]|\s+[A-Z]{2,}\b)"
    r"|(?:[01]?\d|2[0-3])(?::[0-5]\d|\.(?:1[3-9]|[2-5]\d))\s*(?:[ap]\.?m\.?)?\b"  # not "22.09"
    r"(?!\s*[-–—:]\s*[~≈]?\s*\d[\d,.]*\s*$)"  # "01.10 - 8,650" is a dated list line
    r"(?!,?\s*\d{1,2}:\d{2})"  # "12.10, 09:15": a date before the hour
    r"(?:\s*(?:\([^()]{1,30}\))?\s*[—–-]\s)?"  # "09:20 (Astana) — ": the dash after the hour
    r"|\d{1,2}\s*/\d{0,2}\s|\d{1,2}[.)]\s+(?=[A-Z\"“]))\s*"  # "2/ ", "3) ", "4. ": thread numbers
)
_ABBREV = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Maj|Lt|Capt|Sgt|St|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|"
    r"No|approx|ca|vs|etc|U\.S|U\.K|Inc|Ltd|Co)\.$"
)


def is_credit(line: str) -> bool:
    """A short line naming only a photo agency ("AP", "ZUMAPRESS.com", "(getty images)")."""
    return len(line) <= 60 and bool(_CREDIT_LINE.match(line.strip()))


# "[27.09.22 09:12] Ingrid: ...", "[26/09/2022, 08:14] Artyom: ...": a chat line's date and time
_POSTED = re.compile(  # also "27.09.22, 16:04 - Kostya: ..." and "2022-09-28 10:14 - Nino: ..."
    r"^\s*\[?(\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}),?\s+\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\s*[AP]M)?(?:\]|\s+-)\s*(.+)$",
    re.I,
)


def _posted(line: str) -> list[str]:
    """A chat line as its date (a line of its own, so it dates the message) and its message."""
    m = _POSTED.match(line)
    # a leading tab is a table's empty corner cell ("\tMon 10.10\tTue 11.10")
    return [f"[{m.group(1)}]", m.group(2).strip()] if m else [line.rstrip().lstrip(" ")]


def blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each (start, end) span turned into as many spaces (offsets kept)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def paragraphs(text: str) -> list[str]:
    """Non-empty lines, without captions, credit lines, speaker labels, blog timestamps and
    bold marks; a table's rows as sentences."""
    plain = re.sub(r"\*\*|__", "", text)  # "**Exits since 21 Sep:** 98,500": bold, not words
    plain = re.sub(r"[ \t]*\.{3,}[ \t.]*(?=[~≈]?\d)", ": ", plain)  # "Exits to Russia ..... 2,710"
    lines = tables_as_sentences([part for line in plain.splitlines() for part in _posted(line)])
    keep: list[str] = []
    for i, line in enumerate(lines):
        if not line or is_credit(line) or _CAPTION.search(line):
            continue
        following = next((x for x in lines[i + 1 :] if x), "")
        if following and is_credit(following) and not line.endswith(":"):
            continue  # the caption above a credit line
        keep.append(line if isinstance(line, TableRow) else _SPEAKER.sub("", line))
    return [line for line in keep if line]


def sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph, not broken after abbreviations like "Sept." or "Maj."."""
    out: list[str] = []
    start = 0
    for m in re.finditer(r"[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])", paragraph):
        head = paragraph[start : m.start() + 1]
        if _ABBREV.search(head) or re.search(r"\b[A-Z]\.$", head):
            continue
        if re.search(r"\b\d{1,2}\.\d{1,2}\.\)?$", head + m.group(0).strip()[1:]) and re.match(
            r"\d", paragraph[m.end() :]
        ):
            continue  # "On Tuesday 4.10. 231 entered": a day.month date, not a sentence's end
        out.append(paragraph[start : m.end()].strip())
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return [part for sentence in out for part in _bounded(sentence)]


LONGEST = 1_000  # characters: a longer run-on sentence is read in parts


def _bounded(sentence: str) -> list[str]:
    """A run-on sentence of more than LONGEST characters cut after semicolons or commas, so a
    pasted line without full stops is not read as one sentence (whose reading grows faster than
    its length)."""
    if len(sentence) <= LONGEST:
        return [sentence]
    parts, start = [], 0
    for m in re.finditer(r"[;,]\s+", sentence):
        if m.end() - start > LONGEST // 2:
            parts.append(sentence[start : m.end()].strip())
            start = m.end()
    parts.append(sentence[start:].strip())
    return [part for part in parts if part]
