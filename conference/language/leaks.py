"""The leak finder: text a family reader will see that repeats the telling words of something kept back.

Telling words are what would let a reader work out what is kept back from them: a place,
an address or postcode, a person's name used as a place or routine ("Carol's", "at
Babcia's"), a phone number, a date, a time, or an unusual word or phrase. Common words are
not telling, and nor is a name that only names a person in the meeting ("Carol came").

`repeats(kept, seen, people)` compares two texts; `find_leaks(doc, for_participant)` walks a
conference: for each reader (everyone, and each family member) it asks the family filter
what that reader sees and what is kept back from them, and reports each repeat once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

from conference import fields
from conference.family_filter import family_members, family_view
from conference.store.database import Store

Doc = dict[str, Any]

# Words common in any conference: never telling on their own.
_DOMAIN_COMMON = """
alcohol service services parenting group health visitor appointment appointments review
conference safety plan plans worry worries worried social worker workers family families
contact drinking drink drunk violence support children child mum mummy dad daddy mother
father nan gran granny nana grandma grandad babcia dziadek auntie aunt uncle school
schools nursery meeting meetings police teacher teachers home house flat room agreed
agree said says told tell week weeks month months year years today tomorrow yesterday
morning afternoon evening night nights weekend weekends every most sometimes always never
baby social care team court hearing doctor gp nurse happy safe calm well good really
also going goes go went come comes came kept keep keeps things thing people person
stepdad stepmum stepfather stepmother grandparents grandparent partner abuse domestic
threatening threats threat shouting shouted shouts pushed pushing grabbed hit hitting
"""


def _wordset(text: str) -> set[str]:
    return set(text.split())


def _wordset_list(text: str) -> list[str]:
    return text.split()


_MONTHS = {
    m: n
    for n, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for m in names
}
_WEEKDAYS = {
    d + s
    for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    for s in ("", "s")
}
_NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        _wordset_list("zero one two three four five six seven eight nine ten eleven twelve")
    )
}
# After a possessive name, these make it a person, not a place: "Carol's birthday".
_PERSON_NOUNS = _wordset(
    """birthday birthdays idea ideas mum dad mother father daughter son sister brother partner
    husband wife boyfriend girlfriend children child view views words word help love care
    cooking food advice support name age health friend friends phone number family"""
)
# In the kept-back text, a possessive name is a place or routine when followed by these, by
# punctuation, or by nothing: "Carol's flat", "at Babcia's most days", "to Carol's when".
_PLACE_NOUNS = _wordset(
    """flat house home place room bed sofa garden caravan shed door bungalow cottage farm
    bedsit hostel shop pub office work yard allotment when after before on at
    most every some sometimes so and or if while because until for to from in with again
    night nights day days weekend weekends"""
)
_RELATIONS = {"nan", "gran", "granny", "nana", "grandma", "grandad", "babcia", "dziadek", "auntie"}
_LEADING = {
    "the",
    "a",
    "an",
    "when",
    "if",
    "on",
    "at",
    "in",
    "we",
    "he",
    "she",
    "they",
    "it",
    "i",
    "our",
    "my",
    "his",
    "her",
    "their",
    "there",
    "this",
    "that",
    "from",
    "after",
    "before",
    "every",
    "sundays",
    "mummy",
    "daddy",
    "mum",
    "dad",
    "people",
    "ring",
    "call",
    "text",
    "post",
    "meet",
    "use",
    "taxi",
    "moving",
    "everything",
    "pick",
    "pick-up",
    "parcel",
}
_STOP = _wordset(
    """a an the and or but of to in on at by for from with as is are was were be been being it
    its this that these those he she they we you i me him her them us my our your his their
    there here when if so not no do does did has have had will would can could should may
    might must shall than then too very just"""
)

# In a shared run of words, a place word still counts: "sold from the flat".
_DOMAIN_WORDS = frozenset(_DOMAIN_COMMON.split()) - {"flat", "house", "home"}
_FLAT = re.compile(r"\b(flat|apartment|unit|room)\s+(\d+[a-z]?)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_PHONE = re.compile(r"(?<![\w])(?:\+44\s?|\(?0)[\d\s\-\(\)]{8,14}\d(?![\w])")
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b", re.IGNORECASE)
_DATE_DM = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+([A-Za-z]{3,9})\b", re.IGNORECASE)
_DATE_MD = re.compile(r"\b([A-Za-z]{3,9})\s+(\d{1,2})(?:st|nd|rd|th)?\b", re.IGNORECASE)
_DATE_NUM = re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\b")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_TIME_HM = re.compile(r"\b(\d{1,2})[:.](\d{2})\s*(am|pm|a\.m\.|p\.m\.)?(?![\d/.\-]\d)", re.I)
_TIME_H = re.compile(r"\b(\d{1,2})\s*(am|pm|a\.m\.|p\.m\.)", re.IGNORECASE)
_TIME_OCLOCK = re.compile(r"\b(\d{1,2}|[a-z]+)\s+o'clock\b", re.IGNORECASE)
_TIME_PAST = re.compile(
    r"\b(half past|quarter past|quarter to)\s+(\d{1,2}|[a-z]+)\b", re.IGNORECASE
)
_TIME_WORD = re.compile(r"\b(midnight|midday|noon)\b", re.IGNORECASE)
_POSSESSIVE = re.compile(r"\b([A-Z][a-z]+)['’]s\b")


@cache
def _common() -> frozenset[str]:
    """Words that are not telling: common English (resources/wordlists/common_en.txt, the
    Dale-Chall easy words textstat ships) and words every conference uses."""
    easy = files("textstat").joinpath("resources/en/easy_words.txt").read_text("utf-8")
    common = files("resources").joinpath("wordlists/common_en.txt").read_text("utf-8")
    words = [w for w in common.splitlines() if w and not w.startswith("#")]
    return (
        frozenset(w.strip().lower() for w in easy.split())
        | frozenset(words)
        | frozenset(_DOMAIN_COMMON.split())
    )


def _stems(word: str) -> list[str]:
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    out = [w]
    for suffix, repl in (
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ing", ""),
        ("ing", "e"),
        ("ed", ""),
        ("ed", "e"),
        ("er", ""),
        ("est", ""),
        ("ly", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            out.append(w[: -len(suffix)] + repl)
    return out


def _is_common(word: str) -> bool:
    common = _common()
    parts = [p for p in re.split(r"[-‐]", word) if p]
    if len(parts) > 1:  # "call-outs": common when every part is
        return all(_is_common(p) for p in parts)
    return any(s in common for s in _stems(word))


@dataclass(frozen=True)
class Repeat:
    """One telling repeat: where in the seen text, the words, and what kind of telling."""

    start: int
    end: int
    term: str
    kind: str


def _norm_phone(raw: str) -> str:
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    return digits


def _phones(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _PHONE.finditer(text):
        digits = _norm_phone(m.group())
        if 10 <= len(digits) <= 11:
            yield m.start(), m.end(), digits


def _postcodes(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _POSTCODE.finditer(text):
        yield m.start(), m.end(), (m.group(1) + m.group(2)).upper()


def _flats(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _FLAT.finditer(text):
        yield m.start(), m.end(), f"{m.group(1).lower()} {m.group(2).lower()}"


def _num(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word.lower())


def _dates(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _DATE_DM.finditer(text):
        month = _MONTHS.get(m.group(2).lower())
        if month and 1 <= int(m.group(1)) <= 31:
            yield m.start(), m.end(), f"{int(m.group(1))}/{month}"
    for m in _DATE_MD.finditer(text):
        month = _MONTHS.get(m.group(1).lower())
        if month and 1 <= int(m.group(2)) <= 31 and m.group(1).lower() != "may":
            yield m.start(), m.end(), f"{int(m.group(2))}/{month}"
    for m in _DATE_NUM.finditer(text):
        day, month = int(m.group(1)), int(m.group(2))
        if 1 <= day <= 31 and 1 <= month <= 12:
            yield m.start(), m.end(), f"{day}/{month}"
    for m in _DATE_ISO.finditer(text):
        yield m.start(), m.end(), f"{int(m.group(3))}/{int(m.group(2))}"


def _times(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _TIME_HM.finditer(text):
        hour, minute = int(m.group(1)), int(m.group(2))
        if hour <= 23 and minute <= 59:
            yield m.start(), m.end(), f"{hour % 12}:{minute:02d}"
    for m in _TIME_H.finditer(text):
        if int(m.group(1)) <= 12:
            yield m.start(), m.end(), f"{int(m.group(1)) % 12}:00"
    for m in _TIME_OCLOCK.finditer(text):
        n = _num(m.group(1))
        if n is not None and n <= 12:
            yield m.start(), m.end(), f"{n % 12}:00"
    for m in _TIME_PAST.finditer(text):
        n = _num(m.group(2))
        if n is not None and n <= 12:
            minute = {"half past": 30, "quarter past": 15, "quarter to": 45}[m.group(1).lower()]
            hour = n if minute != 45 else n - 1
            yield m.start(), m.end(), f"{hour % 12}:{minute:02d}"
    for m in _TIME_WORD.finditer(text):
        yield m.start(), m.end(), {"midnight": "0:00"}.get(m.group(1).lower(), "12:00")


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def _sentence_start(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before[-1] in '.!?:;\n"(“'


def _bare(word: str) -> str:
    w = word.replace("’", "'")
    return w[:-2] if w.lower().endswith("'s") else w


def _proper_runs(text: str, people: AbstractSet[str]) -> Iterator[list[str]]:
    """Runs of capitalised words that name something other than a person in the meeting."""
    run: list[tuple[int, str]] = []
    words = _words(text)

    def flush() -> Iterator[list[str]]:
        toks = [w for _, w in run]
        while (
            toks
            and (toks[0].lower() in _LEADING or toks[0].lower() in _WEEKDAYS or _is_common(toks[0]))
            and _sentence_start(text, run[len(run) - len(toks)][0])
        ):
            toks = toks[1:]
        kept = [t for t in toks if _bare(t).lower() not in people or len(toks) > 1]
        distinctive = [
            t
            for t in kept
            if _bare(t).lower() not in people
            and _bare(t).lower() not in _MONTHS
            and _bare(t).lower() not in _WEEKDAYS
            and t.lower() not in ("i", "mr", "mrs", "ms", "dr")
        ]
        if distinctive and not all(_bare(t).lower() in people for t in kept):
            if len(kept) == 1 and _is_common(_bare(kept[0])):
                return  # "Flat", "Police": a common word with a capital is not a place
            yield kept

    prev_end = -1
    for start, end, word in words:
        capital = word[0].isupper() or (word.isupper() and len(word) > 1)
        adjacent = prev_end >= 0 and text[prev_end:start].strip() == ""
        if capital and (not run or adjacent):
            run.append((start, word))
        else:
            if run:
                yield from flush()
            run = [(start, word)] if capital else []
        prev_end = end
    if run:
        yield from flush()


def _find_phrase(
    seen: str, phrase: list[str], people: AbstractSet[str]
) -> Iterator[tuple[int, int]]:
    """Where the phrase (or a part of it holding an uncommon word) is in the seen text."""
    words = _words(seen)
    low = [_bare(w).lower() for _, _, w in words]
    target = [_bare(w).lower() for w in phrase]
    for i in range(len(low)):
        for j in range(len(target)):
            if low[i] != target[j]:
                continue
            n = 0
            while i + n < len(low) and j + n < len(target) and low[i + n] == target[j + n]:
                n += 1
            part = target[j : j + n]
            telling = [w for w in part if w not in people and not _is_common(w)]
            # A name with a capital in both texts, not at the start of a sentence: "Sunflower".
            matched = words[i : i + n]
            capitals = all(w[0].isupper() for _, _, w in matched) and (
                n > 1 or (not _sentence_start(seen, matched[0][0]) and part[0] not in people)
            )
            if (n == len(target) and n > 1) or telling or capitals:
                yield words[i][0], words[i + n - 1][1]
            break


def _possessives(
    text: str, people: AbstractSet[str], place_use: bool
) -> Iterator[tuple[int, int, str]]:
    for m in _POSSESSIVE.finditer(text.replace("’", "'")):
        name = m.group(1).lower()
        if name not in people and name not in _RELATIONS:
            continue
        after = _WORD.search(text, m.end())
        gap = text[m.end() : after.start()] if after else ""
        following = after.group().lower() if after and not gap.strip() else ""
        if place_use and following and following not in _PLACE_NOUNS:
            continue
        if not place_use and following in _PERSON_NOUNS:
            continue
        yield m.start(), m.end(), name


def _rare_words(text: str, people: AbstractSet[str]) -> Iterator[tuple[int, int, str]]:
    for start, end, word in _words(text):
        bare = _bare(word).lower()
        if len(bare) < 4 or bare in people or bare in _MONTHS or bare in _WEEKDAYS:
            continue
        if word[0].isupper() and not _sentence_start(text, start):
            continue  # a proper name: the runs look after it
        if not _is_common(bare):
            yield start, end, _stems(bare)[-1]


def _shared_runs(kept: str, seen: str, people: AbstractSet[str]) -> Iterator[tuple[int, int]]:
    """A run of four words in both texts, no name in it, two of them not stop or everyday words."""
    k = [w.lower() for _, _, w in _words(kept)]
    s = _words(seen)
    sl = [w.lower() for _, _, w in s]
    grams = {tuple(k[i : i + 4]) for i in range(len(k) - 3)}
    for i in range(len(sl) - 3):
        gram = tuple(sl[i : i + 4])
        if gram in grams and not any(_bare(w) in people for w in gram):
            content = [w for w in gram if w not in _STOP and w not in _DOMAIN_WORDS]
            if len(content) < 2:
                continue
            yield s[i][0], s[i + 3][1]


def repeats(
    kept: str, seen: str, people: Iterable[str] = (), known: Iterable[str] = ()
) -> list[Repeat]:
    """The telling words of `kept` that `seen` repeats (spans in `seen`, code points).

    `people` are the names of those in the meeting; `known` words every reader already
    has (the set-up: venue, roles, agencies) and are not telling either.
    """
    return _repeats(kept, seen, _names(people, known))


def _names(people: Iterable[str], known: Iterable[str]) -> frozenset[str]:
    names = {t.lower() for p in people for t in _WORD.findall(p) if len(t) > 1}
    names |= {_bare(w).lower() for w in known}
    return frozenset(names)


def _repeats(kept: str, seen: str, names: frozenset[str]) -> list[Repeat]:
    return list(_repeats_of(kept, seen, names))


# The live window looks again after each pause in typing: most pairs of texts are the same
# as last time, so their answer is kept (a pure function of the two texts and the names).
@lru_cache(maxsize=1 << 16)
def _repeats_of(kept: str, seen: str, names: frozenset[str]) -> tuple[Repeat, ...]:
    found: list[Repeat] = []

    def keyed(kind: str, finder: Any) -> None:
        keys = {key for _, _, key in finder(kept)}
        for start, end, key in finder(seen):
            if key in keys:
                found.append(Repeat(start, end, seen[start:end], kind))

    keyed("phone", _phones)
    keyed("postcode", _postcodes)
    keyed("address", _flats)
    keyed("date", _dates)
    keyed("time", _times)
    place_names = {n for _, _, n in _possessives(kept, names, place_use=True)}
    for start, end, name in _possessives(seen, names, place_use=False):
        if name in place_names:
            found.append(Repeat(start, end, seen[start:end], "name_as_place"))
    for phrase in _proper_runs(kept, names):
        for start, end in _find_phrase(seen, phrase, names):
            found.append(Repeat(start, end, seen[start:end], "place"))
    rare = {key for _, _, key in _rare_words(kept, names)}
    for start, end, word in _words(seen):
        bare = _bare(word).lower()
        if len(bare) >= 4 and bare not in names and set(_stems(bare)) & rare:
            found.append(Repeat(start, end, seen[start:end], "phrase"))
    for start, end in _shared_runs(kept, seen, names):
        found.append(Repeat(start, end, seen[start:end], "phrase"))
    return tuple(_merged(found))


def _merged(found: list[Repeat]) -> list[Repeat]:
    """One repeat per stretch of text: overlapping finds are joined, the first kind kept."""
    out: list[Repeat] = []
    for r in sorted(found, key=lambda r: (r.start, -r.end)):
        if out and r.start < out[-1].end:
            continue
        out.append(r)
    return out


# ---------------------------------------------------------------- whole conferences


@dataclass(frozen=True)
class Leak:
    """A `check` finding of kind "leak" (../shared/cli.md)."""

    where: str
    start: int
    end: int
    term: str
    kept_back: str
    reader: str
    seen_text: str = ""
    kept_back_text: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "start": self.start,
            "end": self.end,
            "term": self.term,
            "kind": "leak",
            "suggestion": "",
            "kept_back": self.kept_back,
            "reader": self.reader,
        }

    def __str__(self) -> str:
        term = " ".join(self.term.split())
        who = self.reader or "everyone"
        return (
            f'{self.where}:{self.start}-{self.end}: leak "{term}" repeats {self.kept_back}, '
            f"kept back from {who}"
        )

    def answer_key(self) -> tuple[str, str, str, str]:
        """What an "it is fine" answer is keyed by: the reader, the words and both texts."""
        return (self.reader, self.term.casefold(), self.kept_back_text, self.seen_text)


def _text_paths(
    nodes: tuple[fields.Node, ...], obj: Any, where: str = ""
) -> Iterator[tuple[list[Any], str]]:
    """(path parts, text) for every free-text field, as the declaration names them."""
    if not isinstance(obj, dict):
        return
    for node in nodes:
        value = obj.get(node.name)
        parts = [*_split(where), node.name]
        if isinstance(node, fields.Field):
            if node.type == "text" and isinstance(value, str) and value.strip():
                yield parts, value
        elif isinstance(node, fields.Group | fields.One):
            yield from _text_paths(node.fields, value, _join(parts))
        elif isinstance(node, fields.Many) or (isinstance(node, fields.Shape) and node.many):
            for n, entry in enumerate(value or []):
                yield from _text_paths(node.fields, entry, _join([*parts, n]))


def _split(where: str) -> list[Any]:
    return json.loads(where) if where else []


def _join(parts: list[Any]) -> str:
    return json.dumps(parts)


def _path_text(parts: list[Any]) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


# Kept-back texts that can leak: what the visibility flags hold back (and what goes with it).
_SOURCES = (
    "items",
    "danger_statements",
    "safety_goals",
    "next_steps",
    "scaling",
    "children",
    "contingency",
)


_SETUP = ("conference", "participants")


_MARK = re.compile("\ue000\\d+\ue001")


def _marked(doc: Doc) -> tuple[Doc, dict[str, tuple[list[Any], str]]]:
    marked: Doc = json.loads(json.dumps(doc))
    marks: dict[str, tuple[list[Any], str]] = {}
    for n, (parts, text) in enumerate(_text_paths(fields.DOCUMENT, doc)):
        mark = f"\ue000{n}\ue001"
        node: Any = marked
        for p in parts[:-1]:
            node = node[p]
        node[parts[-1]] = mark
        marks[mark] = (parts, text)
    return marked, marks


def _is_source(parts: list[Any], doc: Doc) -> bool:
    head = parts[0]
    if head not in _SOURCES:
        return False
    if head == "scaling":
        revealed = bool((doc.get("scaling") or {}).get("revealed"))
        return bool(parts[1] == "scores") and revealed
    if head == "children":
        return bool(parts[-1] == "view")
    return True


def find_leaks(doc: Doc, for_participant: str | None = None) -> list[Leak]:
    """Leak findings for a conference: everyone's, then each family member's not found for everyone."""
    people = [str(p.get("name", "")) for p in doc.get("participants", [])]
    people += [str(c.get(k, "")) for c in doc.get("children", []) for k in ("name", "known_as")]
    marked, marks = _marked(doc)
    # The set-up (venue, names, roles, agencies) is no one's secret: its words are not telling,
    # and it is not where a leak is looked for.
    setup = {m for m, (parts, _) in marks.items() if parts[0] in _SETUP}
    known = [w for m in setup for w in _WORD.findall(marks[m][1])]
    readers: list[str | None]
    if for_participant is not None:
        readers = [for_participant]
    else:
        readers = [None, *(str(p["id"]) for p in family_members(doc))]
    names = _names(people, known)
    pairs: dict[tuple[str, str], list[Repeat]] = {}  # the same two texts for several readers
    results: list[Leak] = []
    reported: set[tuple[str, str, int, int]] = set()
    for reader in readers:
        view = json.dumps(family_view(marked, reader), ensure_ascii=False)
        shown = (set(_MARK.findall(view)) & marks.keys()) - setup
        kept = [m for m in marks if m not in shown and _is_source(marks[m][0], doc)]
        for k in kept:
            kparts, ktext = marks[k]
            for s in shown:
                sparts, stext = marks[s]
                found = pairs.get((ktext, stext))
                if found is None:
                    found = pairs[(ktext, stext)] = _repeats(ktext, stext, names)
                for r in found:
                    key = (_path_text(sparts), _path_text(kparts), r.start, r.end)
                    if key in reported:
                        continue
                    reported.add(key)
                    results.append(
                        Leak(
                            where=_path_text(sparts),
                            start=r.start,
                            end=r.end,
                            term=r.term,
                            kept_back=_path_text(kparts),
                            reader=reader or "",
                            seen_text=stext,
                            kept_back_text=ktext,
                        )
                    )
    return results


# ---------------------------------------------------------------- "it is fine"


def answer_fine(store: Store, conference_id: str, leak: Leak) -> None:
    """Remember the chair's "it is fine" for this finding (kept in the store, never exported)."""
    from conference.exchange.interchange import conference_or_refuse, now_text
    from conference.store.model import LeakAnswer

    store.require_writable()
    reader, term, kept, seen = leak.answer_key()
    with store.session() as session:
        conference_or_refuse(session, conference_id)
        if (reader, term, kept, seen) not in _answers(session, conference_id):
            session.add(
                LeakAnswer(
                    conference_id=conference_id,
                    reader=reader,
                    term=term,
                    kept_back_text=kept,
                    seen_text=seen,
                    answered_at=now_text(),
                )
            )
            session.commit()


def _answers(session: Any, conference_id: str) -> set[tuple[str, str, str, str]]:
    from sqlmodel import select

    from conference.store.model import LeakAnswer

    rows = session.exec(select(LeakAnswer).where(LeakAnswer.conference_id == conference_id))
    return {(a.reader, a.term, a.kept_back_text, a.seen_text) for a in rows}


def answered_fine(store: Store, conference_id: str) -> set[tuple[str, str, str, str]]:
    """The keys (Leak.answer_key) of every finding the chair said is fine."""
    with store.session() as session:
        return _answers(session, conference_id)


def unanswered(store: Store, conference_id: str, leaks: Iterable[Leak]) -> list[Leak]:
    """The findings the chair has not said are fine: what the window and the preflight show.

    `sfconf check` reports every finding, answered or not.
    """
    fine = answered_fine(store, conference_id)
    return [leak for leak in leaks if leak.answer_key() not in fine]
