"""Plain-language checks: glossary terms, unknown acronyms and long sentences, and the family's wording."""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from conference.errors import RefusedInput
from conference.store.location import user_config_dir

__all__ = [
    "DocumentFinding",
    "Finding",
    "Glossary",
    "GlossaryEntry",
    "GlossaryError",
    "Rewrite",
    "apply_suggestion",
    "check_document",
    "contingency_text",
    "family_words",
    "numeric_dates_in_words",
    "find_issues",
    "load_glossary",
    "readability",
    "readability_grade",
    "write_out",
]

MODES = ("auto", "suggest")
KINDS = ("glossary", "acronym", "long_sentence", "title", "date", "passive")
LONG_SENTENCE_SUGGESTION = "Split this into shorter sentences."

_BUILTIN_ORIGIN = "resources/glossary/glossary.toml"
_ENTRY_KEYS = frozenset({"term", "also", "plain", "explain", "mode"})
_REWRITE_KEYS = frozenset({"pattern", "plain", "note"})

# Capital words that are ordinary English when a writer stresses them ("I do NOT drink"),
# never acronyms to explain.
_EMPHASIS_WORDS = frozenset(
    [
        "NO",
        "NOT",
        "YES",
        "VERY",
        "NEVER",
        "ALWAYS",
        "ALL",
        "NOW",
        "STOP",
        "HELP",
        "MUST",
        "WILL",
        "ONLY",
        "BOTH",
        "MORE",
        "LESS",
        "REALLY",
        "DO",
        "DID",
        "DOES",
        "AND",
        "OR",
        "BUT",
        "THE",
        "IS",
        "ARE",
        "WAS",
        "WERE",
        "IT",
        "WE",
        "ME",
        "MY",
        "HE",
        "SHE",
        "HIM",
        "HER",
        "US",
        "THEY",
        "IF",
        "ON",
        "IN",
        "AT",
        "BY",
        "TO",
        "UP",
        "SO",
        "GO",
        "BE",
        "OF",
        "OFF",
        "OUT",
        "ANY",
        "WHY",
        "WHO",
        "HOW",
        "WHAT",
    ]
)


class GlossaryError(RefusedInput):
    """A glossary file that cannot be used, described in one line naming the file and line."""


@dataclass(frozen=True)
class GlossaryEntry:
    """One professional term, the ways it is written, and its plain words."""

    term: str
    plain: str
    mode: str = "suggest"
    also: tuple[str, ...] = ()
    explain: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.also)


@dataclass(frozen=True)
class Rewrite:
    """A sentence pattern the glossary knows how to say whole ("Mum has shown disguised compliance")."""

    pattern: re.Pattern[str]
    plain: str


@dataclass(frozen=True)
class Finding:
    """Something in a text a family may not understand, with its span and a plain alternative."""

    start: int
    end: int
    term: str
    kind: str  # "glossary" | "acronym" | "long_sentence"
    suggestion: str


@dataclass(frozen=True)
class DocumentFinding(Finding):
    """A finding in one field of an interchange document, named by its path (`items[3].text`)."""

    where: str

    def to_json(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "start": self.start,
            "end": self.end,
            "term": self.term,
            "kind": self.kind,
            "suggestion": self.suggestion,
        }

    def __str__(self) -> str:
        term = " ".join(self.term.split())
        if self.kind == "long_sentence" and len(term) > 40:
            term = term[:39].rstrip() + "…"
        line = f'{self.where}:{self.start}-{self.end}: {self.kind} "{term}"'
        return f"{line} -> {self.suggestion}" if self.suggestion else line


# --- matching -----------------------------------------------------------------------

# A space or hyphen in a term matches any run of spaces or hyphens ("core group",
# "core-group", a line break); an apostrophe may be straight, curly or left out.
_SEP = "\x00"
_APOS = "\x01"
_SEP_RE = r"[\s\-\u2010\u2011]+"
_APOS_RE = r"['\u2019]?"
_SEP_CHARS = re.compile(r"[\s\-\u2010\u2011]+")
_APOS_CHARS = re.compile(r"['\u2019]")


def _is_acronym(form: str) -> bool:
    # "ICPC", "A&E", "I.C.P.C." and plurals like "ACEs" are matched with their exact case,
    # so "CIN" never matches "cin" and "SALT" never matches "salt".
    core = form[:-1] if len(form) > 2 and form.endswith("s") else form
    return any(c.isupper() for c in core) and not any(c.islower() for c in core)


def _atoms(form: str, *, fold: bool) -> list[str]:
    text = form.lower() if fold else form
    text = _SEP_CHARS.sub(_SEP, text.strip())
    return [_APOS if c in "'\u2019" else c for c in text]


def _key(form: str, *, fold: bool) -> str:
    """The lookup key: matched text and glossary forms normalise to the same string."""
    text = form.lower() if fold else form
    return _APOS_CHARS.sub("", _SEP_CHARS.sub(" ", text.strip()))


def _trie_regex(forms: Iterable[str], *, fold: bool) -> str:
    """One regex for many terms, factored as a trie so each position costs one probe."""
    root: dict[str, Any] = {}
    for form in forms:
        node = root
        for atom in _atoms(form, fold=fold):
            node = node.setdefault(atom, {})
        node[""] = {}
    return _node_regex(root) or "(?!)"


def _node_regex(node: Mapping[str, Any]) -> str:
    branches = []
    for atom in sorted(k for k in node if k):
        if atom == _SEP:
            head = _SEP_RE
        elif atom == _APOS:
            head = _APOS_RE
        else:
            head = re.escape(atom)
        branches.append(head + _node_regex(node[atom]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Greedy "?" tries the longer term first, so the longest term at a position wins.
    return f"(?:{body})?" if "" in node else body


@dataclass(frozen=True)
class _TermMatch:
    start: int
    end: int
    entry: GlossaryEntry


class Glossary:
    """The glossary in force, compiled once into a single regex for fast checks."""

    def __init__(
        self,
        entries: Iterable[GlossaryEntry],
        allowed_acronyms: Iterable[str] = (),
        rewrites: Iterable[Rewrite] = (),
    ) -> None:
        self.rewrites: tuple[Rewrite, ...] = tuple(rewrites)
        by_term: dict[str, GlossaryEntry] = {}
        for entry in entries:
            # A later entry with the same term replaces the earlier one (a council's own
            # file over the built-in glossary), taking all its variants with it.
            key = _key(entry.term, fold=not _is_acronym(entry.term))
            by_term.pop(key, None)
            by_term[key] = entry
        self.entries: tuple[GlossaryEntry, ...] = tuple(by_term.values())
        self.allowed_acronyms: frozenset[str] = frozenset(allowed_acronyms)
        self._words: dict[str, GlossaryEntry] = {}
        self._acronyms: dict[str, GlossaryEntry] = {}
        for entry in self.entries:
            for form in entry.forms:
                if _is_acronym(form):
                    self._acronyms[_key(form, fold=False)] = entry
                else:
                    self._words[_key(form, fold=True)] = entry
        words = _trie_regex(
            (f for e in self.entries for f in e.forms if not _is_acronym(f)), fold=True
        )
        acronyms = _trie_regex(
            (f for e in self.entries for f in e.forms if _is_acronym(f)), fold=False
        )
        # The app's own words: a term that the glossary itself uses as plain words (DV ->
        # "domestic abuse"), or that the family copy's fixed text uses, is not flagged by
        # `check`: flagging it would flag the copy's own wording and its own suggestions.
        plains = " ".join([*(e.plain.casefold() for e in self.entries), *APP_WORDING])
        self.own_words: frozenset[str] = frozenset(
            form
            for e in self.entries
            if e.mode == "suggest"
            # One word ("contact") is too loose a match: it means one thing in the glossary's
            # plain words ("one named contact") and another in a case note.
            and any(
                not _is_acronym(f)
                and " " in f.strip()
                and re.search(rf"(?<!\w){re.escape(f.casefold())}(?!\w)", plains)
                for f in e.forms
            )
            for form in e.forms
        )
        # Zero-width at each word start, with two look-aheads, so a word term and an
        # acronym starting at the same place are both seen and the longer one wins.
        self._pattern = re.compile(
            rf"(?<!\w)(?=\w)"
            rf"(?=(?:((?i:{words}))(?!\w))?)"
            rf"(?=(?:({acronyms})(?!\w))?)"
            r"(?(1)|(?(2)|(?!)))"
        )

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[GlossaryEntry]:
        return iter(self.entries)

    def __repr__(self) -> str:
        return f"<Glossary of {len(self.entries)} terms>"

    def lookup(self, words: str) -> GlossaryEntry | None:
        """The entry for a term or one of its variants, as the checks would match it."""
        if _is_acronym(words):
            return self._acronyms.get(_key(words, fold=False))
        return self._words.get(_key(words, fold=True))

    def is_known_acronym(self, word: str) -> bool:
        return word in self.allowed_acronyms or _key(word, fold=False) in self._acronyms

    def _term_matches(self, text: str, shouting: Sequence[tuple[int, int]]) -> list[_TermMatch]:
        candidates: list[tuple[int, int, GlossaryEntry]] = []
        for m in self._pattern.finditer(text):
            if m.start(1) >= 0 and not _inside_name(text, m.start(1), m.end(1)):
                entry = self._words.get(_key(m.group(1), fold=True))
                if entry is not None:
                    candidates.append((m.start(1), m.end(1), entry))
            if m.start(2) >= 0 and not _inside(m.start(2), m.end(2), shouting):
                entry = self._acronyms.get(_key(m.group(2), fold=False))
                if entry is not None:
                    candidates.append((m.start(2), m.end(2), entry))
        # Longest first, then leftmost: "child protection plan" beats "plan" inside it.
        candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
        chosen: list[_TermMatch] = []
        for start, end, entry in candidates:
            if all(end <= c.start or start >= c.end for c in chosen):
                chosen.append(_TermMatch(start, end, entry))
        chosen.sort(key=lambda c: c.start)
        return chosen


def _inside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


_NEXT_CAPITAL = re.compile(r"[ \t]+[A-Z]")
_PREVIOUS_CAPITAL = re.compile(r"(?<![\w'\u2019])[A-Z][\w'\u2019]*[ \t]+$")


def _inside_name(text: str, start: int, end: int) -> bool:
    """True for words in Title Case that are part of a longer name.

    "the Child Protection Conference Team" names a team, so its "Child Protection
    Conference" is left alone; "The Child Protection Conference decided" is not a name.
    """
    words = text[start:end].split()
    if len(words) < 2 or not all(w[0].isupper() for w in words if w[0].isalpha()):
        return False
    if _NEXT_CAPITAL.match(text, end):
        return True
    before = _PREVIOUS_CAPITAL.search(text, max(0, start - 40), start)
    return before is not None and not _at_sentence_start(text, before.start())


# --- loading ------------------------------------------------------------------------

_TERM_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*term[ \t]*\]\]", re.MULTILINE)


def _parse_glossary(source: str, origin: str) -> list[GlossaryEntry]:
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise GlossaryError(f"{origin}: not valid TOML: {' '.join(str(exc).split())}") from None
    for key in data:
        if key not in ("term", "rewrite"):
            line = _line_of(source, rf"^[ \t]*\[*[ \t]*{re.escape(key)}\b")
            where = f"{origin}, line {line}" if line else origin
            raise GlossaryError(
                f"{where}: unknown key '{key}' (a glossary file holds only [[term]] entries)"
            )
    raw_terms = data.get("term", [])
    if not isinstance(raw_terms, list):
        raise GlossaryError(f"{origin}: 'term' must be written as [[term]] entries")
    header_lines = [source.count("\n", 0, m.start()) + 1 for m in _TERM_HEADER.finditer(source)]
    entries = []
    for index, raw in enumerate(raw_terms):
        line = header_lines[index] if index < len(header_lines) else None
        where = f"{origin}, line {line}" if line else f"{origin}, entry {index + 1}"
        entries.append(_parse_entry(raw, where))
    return entries


def _parse_rewrites(source: str, origin: str) -> list[Rewrite]:
    """The [[rewrite]] entries of a glossary file: a regex and the plain sentence for it."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise GlossaryError(f"{origin}: not valid TOML: {' '.join(str(exc).split())}") from None
    raw_rewrites = data.get("rewrite", [])
    if not isinstance(raw_rewrites, list):
        raise GlossaryError(f"{origin}: 'rewrite' must be written as [[rewrite]] entries")
    out = []
    for index, raw in enumerate(raw_rewrites, start=1):
        where = f"{origin}, rewrite {index}"
        if not isinstance(raw, dict):
            raise GlossaryError(f"{where}: a [[rewrite]] entry must be a table")
        unknown = sorted(set(raw) - _REWRITE_KEYS)
        if unknown:
            raise GlossaryError(
                f"{where}: unknown key '{unknown[0]}' (known keys: note, pattern, plain)"
            )
        pattern, plain = raw.get("pattern"), raw.get("plain")
        if not isinstance(pattern, str) or not isinstance(plain, str) or not pattern or not plain:
            raise GlossaryError(f"{where}: a rewrite needs a pattern and its plain words")
        try:
            compiled = re.compile(pattern)
            compiled.sub(plain, "")
        except (re.error, IndexError) as exc:
            raise GlossaryError(f"{where}: the pattern is not a valid regex: {exc}") from None
        out.append(Rewrite(compiled, plain))
    return out


def _line_of(source: str, pattern: str) -> int | None:
    m = re.search(pattern, source, re.MULTILINE)
    return source.count("\n", 0, m.start()) + 1 if m else None


def _parse_entry(raw: Any, where: str) -> GlossaryEntry:
    if not isinstance(raw, dict):
        raise GlossaryError(f"{where}: a [[term]] entry must be a table")
    unknown = sorted(set(raw) - _ENTRY_KEYS)
    if unknown:
        known = ", ".join(sorted(_ENTRY_KEYS))
        raise GlossaryError(f"{where}: unknown key '{unknown[0]}' (known keys: {known})")
    term = raw.get("term")
    if not isinstance(term, str) or not term.strip():
        raise GlossaryError(f'{where}: the entry has no term (add term = "...")')
    label = f"{where}: term '{term}'"
    plain = raw.get("plain")
    if not isinstance(plain, str) or not plain.strip():
        raise GlossaryError(f'{label} has no plain words (add plain = "...")')
    mode = raw.get("mode", "suggest")
    if mode not in MODES:
        raise GlossaryError(f'{label}: mode must be "auto" or "suggest", not {mode!r}')
    explain = raw.get("explain", "")
    if not isinstance(explain, str):
        raise GlossaryError(f"{label}: explain must be text")
    also = raw.get("also", [])
    if not isinstance(also, list) or not all(isinstance(a, str) and a.strip() for a in also):
        raise GlossaryError(f'{label}: also must be a list of texts, like also = ["..."]')
    for form in (term, *also):
        # Matching starts at a word boundary, so a term must begin with a letter or digit.
        if not form.strip()[0].isalnum():
            raise GlossaryError(f"{label}: '{form}' must start with a letter or a digit")
    return GlossaryEntry(
        term=term.strip(),
        plain=plain.strip(),
        mode=mode,
        also=tuple(a.strip() for a in also),
        explain=explain.strip(),
    )


@functools.cache
def _builtin_entries() -> tuple[GlossaryEntry, ...]:
    source = files("resources").joinpath("glossary", "glossary.toml").read_text("utf-8")
    return tuple(_parse_glossary(source, _BUILTIN_ORIGIN))


@functools.cache
def _builtin_rewrites() -> tuple[Rewrite, ...]:
    source = files("resources").joinpath("glossary", "glossary.toml").read_text("utf-8")
    return tuple(_parse_rewrites(source, _BUILTIN_ORIGIN))


@functools.cache
def _builtin_allowed() -> frozenset[str]:
    source = files("resources").joinpath("glossary", "allowed_acronyms.txt").read_text("utf-8")
    words = (line.split("#", 1)[0].strip() for line in source.splitlines())
    return frozenset(w for w in words if w)


def council_glossary_dir() -> Path:
    """Where a council keeps its own glossary files (*.toml, read in name order)."""
    return user_config_dir() / "glossary"


def _council_files() -> list[Path]:
    folder = council_glossary_dir()
    try:
        return sorted(p for p in folder.glob("*.toml") if p.is_file())
    except OSError:
        return []


def load_glossary(extra_paths: Sequence[Path] | None = None) -> Glossary:
    """The built-in glossary, then the council's files, then `extra_paths`; later terms win."""
    paths = [*_council_files(), *(Path(p) for p in extra_paths or ())]
    stamps = []
    for path in paths:
        try:
            st = path.stat()
        except OSError as exc:
            raise GlossaryError(f"{path}: cannot read: {exc.strerror or exc}") from None
        stamps.append((str(path), st.st_mtime_ns, st.st_size))
    # Keyed on the files' times and sizes, so an edited council file is picked up at once
    # while a keystroke-by-keystroke caller pays for no re-reading.
    return _compiled_glossary(tuple(stamps))


@functools.lru_cache(maxsize=8)
def _compiled_glossary(stamps: tuple[tuple[str, int, int], ...]) -> Glossary:
    entries = list(_builtin_entries())
    rewrites = list(_builtin_rewrites())
    for name, _mtime, _size in stamps:
        path = Path(name)
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise GlossaryError(f"{path}: cannot read: {reason}") from None
        entries.extend(_parse_glossary(source, str(path)))
        # A council's rewrites come first: its own wording wins over the built-in one.
        rewrites[:0] = _parse_rewrites(source, str(path))
    return Glossary(entries, _builtin_allowed(), rewrites)


# --- finding issues -----------------------------------------------------------------

# Three or more capital words in a row on one line are shouting, not acronyms.
_CAPS_WORD = r"[A-Z][A-Z0-9&'\u2019]*"
_SHOUTING = re.compile(rf"(?<![\w&])(?:{_CAPS_WORD}(?:[,;:!?]?[ \t]+)){{2,}}{_CAPS_WORD}(?![\w&])")
# A capital word of 2+ characters, maybe with a plural "s"; not "2pm", not "PhD",
# not part of a shouted contraction such as "DON'T".
_ACRONYM = re.compile(r"(?<![\w&'\u2019])([A-Z][A-Z0-9&]*[A-Z0-9])(s?)(?!['\u2019][A-Z]|[\w&])")
_SENTENCE_END = re.compile(r"[.!?]+[\"'\u2019\u201d)\]]*(?=\s|$)|\n")
_WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")


def _shouting_spans(text: str, glossary: Glossary) -> list[tuple[int, int]]:
    spans = []
    for m in _SHOUTING.finditer(text):
        words = [w.strip(",;:!?") for w in m.group().split()]
        known = sum(1 for w in words if glossary.is_known_acronym(w))
        # "ICPC, CIN, LAC" is a list of acronyms, not shouting.
        if known * 2 <= len(words):
            spans.append((m.start(), m.end()))
    return spans


def _sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in _SENTENCE_END.finditer(text):
        yield start, (m.start() if m.group() == "\n" else m.end())
        start = m.end()
    yield start, len(text)


def find_issues(
    text: str, glossary: Glossary | None = None, *, max_sentence_words: int = 25
) -> list[Finding]:
    """Glossary terms, unknown acronyms and long sentences in `text`, sorted by start."""
    if glossary is None:
        glossary = load_glossary()
    if not text:
        return []
    findings: list[Finding] = []
    shouting = _shouting_spans(text, glossary) if _has_caps_run(text) else []
    matches = glossary._term_matches(text, shouting)
    for tm in matches:
        findings.append(
            Finding(tm.start, tm.end, text[tm.start : tm.end], "glossary", tm.entry.plain)
        )

    for m in _ACRONYM.finditer(text):
        start, end = m.span()
        stem = m.group(1)
        if sum(c.isupper() for c in stem) < 2 or stem in _EMPHASIS_WORDS:
            continue
        if _inside(start, end, shouting) or any(
            start < tm.end and tm.start < end for tm in matches
        ):
            continue
        if stem in glossary.allowed_acronyms or m.group() in glossary.allowed_acronyms:
            continue
        entry = glossary._acronyms.get(stem)
        if entry is not None:
            # "ICPCs": the plural of a glossary acronym; suggested, never written out.
            findings.append(Finding(start, end, m.group(), "glossary", entry.plain))
        else:
            findings.append(Finding(start, end, m.group(), "acronym", ""))

    for s, e in _sentence_spans(text):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s and len(_WORD.findall(text, s, e)) > max_sentence_words:
            findings.append(Finding(s, e, text[s:e], "long_sentence", LONG_SENTENCE_SUGGESTION))

    findings.sort(key=lambda f: (f.start, -f.end, KINDS.index(f.kind)))
    return findings


_CAPS_PAIR = re.compile(r"(?<![A-Z0-9&'\u2019])[A-Z][A-Z0-9&'\u2019]*[ \t]+[A-Z]")


def _has_caps_run(text: str) -> bool:
    # A cheap pre-check: most texts have no two capital words in a row.
    return _CAPS_PAIR.search(text) is not None


# --- writing out --------------------------------------------------------------------

_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "our",
        "your",
        "their",
        "his",
        "her",
        "my",
        "its",
        "each",
        "every",
        "any",
        "no",
    ]
)
_WORD_BEFORE = re.compile(r"(?:^|(?<=\W))([A-Za-z]+)[ \t]+$")
_LEADING_ARTICLE = re.compile(r"^(?:the|an?)[ \t]+", re.IGNORECASE)
_SENTENCE_LEAD = " \t\"'\u2018\u201c([-\u2022*"


def _at_sentence_start(text: str, index: int) -> bool:
    i = index
    while i > 0 and text[i - 1] in _SENTENCE_LEAD:
        i -= 1
    return i == 0 or text[i - 1] in ".!?\n\r"


def _replacement(text: str, start: int, end: int, plain: str, *, shout: bool) -> tuple[int, str]:
    """The words to put in place of text[start:end], and where the replacement begins.

    Fixes the article before it ("an ICPC" -> "a first child protection meeting"; "the
    core group meeting" keeps one "the") and capitalises at the start of a sentence.
    """
    words = plain.upper() if shout else plain
    begin = start
    before = _WORD_BEFORE.search(text, max(0, start - 20), start)
    det = before.group(1) if before and before.end() == start else None
    if det is not None and det.lower() in _DETERMINERS:
        words = _LEADING_ARTICLE.sub("", words, count=1) or words
        if det.lower() in ("a", "an") and before is not None:
            article = "an" if words[:1].lower() in "aeiou" and words[:1] else "a"
            if det.isupper() and len(det) > 1:
                article = article.upper()
            elif det[0].isupper():
                article = article.capitalize()
            begin = before.start(1)
            words = f"{article}{text[before.end(1) : start]}{words}"
            return begin, words
    if det is None and _at_sentence_start(text, start):
        words = words[:1].upper() + words[1:]
    return begin, words


def write_out(text: str, glossary: Glossary | None = None, *, acronyms: bool = True) -> str:
    """Every "auto" glossary term written in plain words (bare acronyms too, unless not `acronyms`)."""
    if glossary is None:
        glossary = load_glossary()
    shouting = _shouting_spans(text, glossary) if _has_caps_run(text) else []
    out: list[str] = []
    pos = 0
    for tm in glossary._term_matches(text, shouting):
        if tm.entry.mode != "auto":
            continue
        found = text[tm.start : tm.end]
        if not acronyms and _is_acronym(found):
            continue
        shout = not _is_acronym(tm.entry.term) and found.isupper() and len(found) > 1
        begin, words = _replacement(text, tm.start, tm.end, tm.entry.plain, shout=shout)
        begin = max(begin, pos)
        out.append(text[pos:begin])
        out.append(words)
        pos = tm.end
    out.append(text[pos:])
    return "".join(out)


def apply_suggestion(text: str, finding: Finding) -> str:
    """`text` with the finding's span replaced by its suggestion (the UI's one-key accept).

    Raises ValueError when there is nothing to put in its place (an unknown acronym, a long
    sentence) or when the text has changed since the finding was made.
    """
    if finding.kind in ("long_sentence", "passive") or not finding.suggestion:
        raise ValueError(f"no replacement for {finding.kind} {finding.term!r}")
    if not (0 <= finding.start <= finding.end <= len(text)) or (
        text[finding.start : finding.end] != finding.term
    ):
        raise ValueError(f"the text no longer has {finding.term!r} at {finding.start}")
    if finding.kind in ("title", "date"):
        return text[: finding.start] + finding.suggestion + text[finding.end :]
    begin, words = _replacement(text, finding.start, finding.end, finding.suggestion, shout=False)
    return text[:begin] + words + text[finding.end :]


# --- the family's words: replacements that keep the grammar ----------------------------------

# Fixed wording of the family copy that is also in the glossary: `check` never flags it.
APP_WORDING = (
    "child protection plan",
    "child in need plan",
    "core group",
    "review meeting",
    "child protection meeting",
)

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Words after which a bare day/month like "1/12" is a date ("on 1/12", "by 1/12").
_DATE_WORDS = frozenset(
    [
        "on",
        "by",
        "from",
        "until",
        "till",
        "since",
        "before",
        "after",
        "dated",
        "due",
        "of",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
    ]
)
# Words after which "6/10" is a score or a fraction, never a date.
_SCORE_WORDS = frozenset(
    [
        "scored",
        "score",
        "scores",
        "gave",
        "give",
        "gives",
        "rated",
        "rate",
        "rating",
        "got",
        "marks",
    ]
)
_NUMERIC_DATE = re.compile(
    r"(?<![\w/.\-])(\d{1,2})([/.\-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\w/]|[.\-]\d)"
)
_PREVIOUS_WORD = re.compile(r"([A-Za-z]+)\W*$")


def _numeric_date_matches(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, words) for each numeric date: '29/10' -> '29 October'; not '6/10' or '3/4'."""
    for m in _NUMERIC_DATE.finditer(text):
        day, sep, month, year = int(m.group(1)), m.group(2), int(m.group(3)), m.group(4)
        if year is None and sep != "/":
            continue  # "29.10" is a number, "4-3" a score
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        full_year = (2000 + int(year) if len(year) == 2 else int(year)) if year else 2000
        try:
            import datetime as _dt

            _dt.date(full_year, month, day)
        except ValueError:
            continue
        before = _PREVIOUS_WORD.search(text, max(0, m.start() - 30), m.start())
        word = before.group(1).lower() if before else ""
        if word in _SCORE_WORDS:
            continue
        if year is None and not (word in _DATE_WORDS or day > 12):
            continue
        words = f"{day} {_MONTHS[month - 1]}" + (f" {full_year}" if year else "")
        yield m.start(), m.end(), words


def numeric_dates_in_words(text: str) -> str:
    """Every numeric date written in words: 'on 29/10' -> 'on 29 October'."""
    out, pos = [], 0
    for start, end, words in _numeric_date_matches(text):
        out += [text[pos:start], words]
        pos = end
    out.append(text[pos:])
    return "".join(out)


_TITLE_WORDS = {
    "DC": "police officer",
    "PC": "police officer",
    "DS": "police officer",
    "DI": "police officer",
    "DCI": "police officer",
    "Sgt": "police officer",
    "PCSO": "police community support officer",
}
_TITLE = re.compile(
    r"(?<![\w&])(DCI|DC|PCSO|PC|DS|DI|Sgt)\.?[ \t]+"
    r"([A-Z][a-z][\w'\u2019\-]*(?:[ \t]+[A-Z][a-z][\w'\u2019\-]*)?)"
)


def _title_matches(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _TITLE.finditer(text):
        yield m.start(), m.end(), f"{m.group(2)} ({_TITLE_WORDS[m.group(1)]})"


def titles_in_words(text: str) -> str:
    """'DC Joe Marsh' -> 'Joe Marsh (police officer)'."""
    return _TITLE.sub(lambda m: f"{m.group(2)} ({_TITLE_WORDS[m.group(1)]})", text)


def strip_title(name: str) -> str:
    """A name without a police title before it ('PC Anna Kowalski' -> 'Anna Kowalski')."""
    m = _TITLE.fullmatch(name.strip())
    return m.group(2) if m else name


# Nouns that an acronym often stands before ("a PLO meeting", "the DV helpline").
_MODIFIED_NOUNS = frozenset(
    [
        "meeting",
        "meetings",
        "plan",
        "plans",
        "report",
        "reports",
        "visit",
        "visits",
        "appointment",
        "appointments",
        "helpline",
        "referral",
        "referrals",
        "team",
        "teams",
        "worker",
        "workers",
        "review",
        "reviews",
        "assessment",
        "assessments",
        "course",
        "courses",
        "programme",
        "group",
        "groups",
        "service",
        "services",
        "order",
        "orders",
        "case",
        "conference",
        "checks",
        "check",
        "session",
        "sessions",
        "letter",
        "letters",
        "officer",
        "nurse",
        "support",
        "notes",
        "record",
        "records",
        "office",
        "surgery",
        "hearing",
        "application",
        "work",
        "involvement",
    ]
)
# Words that make plain words a clause, not a name that can stand before a noun.
_CLAUSE_WORDS = frozenset(
    [
        "to",
        "who",
        "that",
        "which",
        "can",
        "is",
        "are",
        "with",
        "for",
        "of",
        "on",
        "at",
        "before",
        "after",
        "about",
        "where",
        "when",
        "what",
        "if",
    ]
)
_NEXT_WORD = re.compile(r"[ \t]+([a-z][a-z\-]*)\b")


def _plural(words: str) -> str:
    head, _, last = words.rpartition(" ")
    if last.endswith("s"):
        return words
    last = last[:-1] + "ies" if last.endswith("y") and last[-2:-1] not in "aeiou" else last + "s"
    return f"{head} {last}" if head else last


def _write_out_acronyms(text: str, glossary: Glossary) -> str:
    """Every acronym the glossary knows, written out where it fits the sentence.

    As a noun it is replaced by its plain words ("the SW" -> "the social worker"); before a
    noun by its plain words as a name when they are short ("the DV helpline" -> "the
    domestic abuse helpline"), otherwise the noun comes first ("a PLO meeting" -> "a
    meeting about the steps before ...").
    """
    shouting = _shouting_spans(text, glossary) if _has_caps_run(text) else []
    out: list[str] = []
    pos = 0
    for m in _ACRONYM.finditer(text):
        start, end = m.span()
        if start < pos or _inside(start, end, shouting):
            continue
        whole = m.group()
        if whole in glossary.allowed_acronyms:
            continue
        entry = glossary._acronyms.get(whole)
        plural = False
        if entry is None and m.group(2):
            entry = glossary._acronyms.get(m.group(1))
            plural = entry is not None
        if entry is None:
            continue
        plain = _plural(entry.plain) if plural else entry.plain
        nxt = _NEXT_WORD.match(text, end)
        if nxt is not None and nxt.group(1) in _MODIFIED_NOUNS and not plural:
            name = _LEADING_ARTICLE.sub("", plain, count=1)
            if len(name.split()) <= 4 and not _CLAUSE_WORDS.intersection(name.lower().split()):
                words = name
            else:
                words = f"{nxt.group(1)} about {plain}"
                end = nxt.end()
            begin, words = _replacement(text, start, end, words, shout=False)
        else:
            begin, words = _replacement(text, start, end, plain, shout=False)
        begin = max(begin, pos)
        out.append(text[pos:begin])
        out.append(words)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _apply_rewrites(text: str, glossary: Glossary) -> str:
    for rewrite in glossary.rewrites:
        text = rewrite.pattern.sub(rewrite.plain, text)
    return text


def family_words(text: str, glossary: Glossary | None = None) -> str:
    """The text as the family copy prints it, with the grammar kept.

    Sentences the glossary knows how to say whole are rewritten, police titles become
    words, "auto" terms are written in plain words, every acronym the glossary knows is
    written out, and numeric dates are written as dates in words. "Suggest" terms are left
    as they are: they are the chair's to change.
    """
    if not text:
        return text
    if glossary is None:
        glossary = load_glossary()
    text = _apply_rewrites(text, glossary)
    text = titles_in_words(text)
    text = write_out(text, glossary, acronyms=False)
    text = _write_out_acronyms(text, glossary)
    text = _REPEATED_IN_BRACKETS.sub(r"\1", text)
    return numeric_dates_in_words(text)


# "family doctor (family doctor)": a role written as "GP (family doctor)", once written out.
_REPEATED_IN_BRACKETS = re.compile(r"(?<!\w)(\w[\w' -]*?)[ \t]+\((?i:\1)\)")


def contingency_text(value: Any) -> str:
    """The contingency's text, whether it is a plain string (v1) or an object {text, ...} (v2)."""
    if isinstance(value, Mapping):
        value = value.get("text")
    return value if isinstance(value, str) else ""


# Passive voice: a form of "be" then a past participle, not an adjective a family uses.
_PASSIVE = re.compile(
    r"(?<!\w)(?:am|is|are|was|were|be|been|being)[ \t]+(?:\w+ly[ \t]+)?"
    r"(\w+ed|seen|known|taken|given|made|done|held|told|shown|brought|found|heard|kept|sent|"
    r"written|met|put)(?!\w)",
    re.IGNORECASE,
)
_NOT_PASSIVE = frozenset(
    [
        "worried",
        "scared",
        "concerned",
        "tired",
        "interested",
        "pleased",
        "excited",
        "bored",
        "married",
        "used",
        "supposed",
        "allowed",
        "able",
        "ashamed",
        "frightened",
        "upset",
        "annoyed",
        "involved",
        "needed",
        "agreed",
    ]
)
_PASSIVE_MIN_WORDS = 15
PASSIVE_SUGGESTION = "Say who did it, for example 'We met because...'."


def _extra_findings(text: str) -> list[Finding]:
    """Police titles, numeric dates and passive sentences: what `check` adds to the live hints."""
    found = [Finding(s, e, text[s:e], "title", w) for s, e, w in _title_matches(text)]
    found += [Finding(s, e, text[s:e], "date", w) for s, e, w in _numeric_date_matches(text)]
    # A short passive sentence ("Tom was hurt at home.") reads fine; a long one hides who did
    # what ("Why we met" as one 55-word passive sentence).
    for s, e in _sentence_spans(text):
        if len(_WORD.findall(text, s, e)) <= _PASSIVE_MIN_WORDS:
            continue
        for m in _PASSIVE.finditer(text, s, e):
            if m.group(1).lower() not in _NOT_PASSIVE:
                found.append(Finding(m.start(), m.end(), m.group(), "passive", PASSIVE_SUGGESTION))
                break
    return found


_QUOTED = re.compile(
    r"\"[^\"\n]*\"|\u201c[^\u201d]*\u201d|(?<!\w)'[^'\n]+'(?!\w)|\u2018[^\u2019]*\u2019(?!\w)"
)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Words in quotation marks: a child's or a parent's own words, theirs to keep."""
    return [m.span() for m in _QUOTED.finditer(text)]


# --- whole documents ----------------------------------------------------------------


def _family_texts(doc: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """(path, text) for every free-text field the family may see.

    What never reaches the family (restricted items, a restricted child's view, hidden
    scores, attendance notes) is left out: the check is about the family's words.
    """
    conference = doc.get("conference") or {}
    yield "conference.reason", conference.get("reason")
    for i, child in enumerate(doc.get("children") or []):
        if not child.get("view_restricted"):
            yield f"children[{i}].view", child.get("view")
    for i, person in enumerate(doc.get("participants") or []):
        yield f"participants[{i}].name", person.get("name")
        yield f"participants[{i}].role", person.get("role")
        yield f"participants[{i}].agency", person.get("agency")
    for i, item in enumerate(doc.get("items") or []):
        if not item.get("restricted"):
            yield f"items[{i}].text", item.get("text")
    restricted_statements = set()
    for i, ds in enumerate(doc.get("danger_statements") or []):
        if ds.get("restricted"):
            restricted_statements.add(ds.get("id"))
            continue
        yield f"danger_statements[{i}].text", ds.get("text")
        yield (
            f"danger_statements[{i}].family_view.comment",
            (ds.get("family_view") or {}).get("comment"),
        )
    for i, goal in enumerate(doc.get("safety_goals") or []):
        if goal.get("restricted") or goal.get("danger_statement") in restricted_statements:
            continue
        yield f"safety_goals[{i}].text", goal.get("text")
        yield f"safety_goals[{i}].how_long", goal.get("how_long")
        yield (
            f"safety_goals[{i}].family_view.comment",
            (goal.get("family_view") or {}).get("comment"),
        )
    scaling = doc.get("scaling") or {}
    for key in ("question", "zero_means", "ten_means"):
        yield f"scaling.{key}", scaling.get(key)
    if scaling.get("revealed"):
        for i, score in enumerate(scaling.get("scores") or []):
            yield f"scaling.scores[{i}].reason", score.get("reason")
    for i, decision in enumerate(doc.get("decisions") or []):
        yield f"decisions[{i}].rationale", decision.get("rationale")
        for j, view in enumerate(decision.get("agency_views") or []):
            yield f"decisions[{i}].agency_views[{j}].reason", view.get("reason")
        for j, dissent in enumerate(decision.get("dissent") or []):
            yield f"decisions[{i}].dissent[{j}].reason", dissent.get("reason")
    for i, step in enumerate(doc.get("next_steps") or []):
        if step.get("restricted"):
            continue
        yield f"next_steps[{i}].action", step.get("action")
        yield f"next_steps[{i}].owner", step.get("owner")
        yield f"next_steps[{i}].family_view.comment", (step.get("family_view") or {}).get("comment")
    contingency = doc.get("contingency")  # version 2: an object with its own visibility
    if isinstance(contingency, Mapping):
        if not contingency.get("restricted") and not contingency.get("withheld_from"):
            yield "contingency.text", contingency.get("text")
    else:
        yield "contingency", contingency


def check_document(
    doc: Mapping[str, Any], glossary: Glossary | None = None
) -> list[DocumentFinding]:
    """Plain-language findings over every family-facing text of an interchange document.

    Not flagged: the app's own wording (terms the glossary itself uses as plain words, and
    the family copy's fixed phrases), words in quotation marks and a child's own view
    (theirs to keep, names included), and terms the family copy writes out by itself is
    still listed so the chair sees them. Danger statements are built from three parts
    and allowed longer sentences.
    """
    if glossary is None:
        glossary = load_glossary()
    own = {w.casefold() for w in glossary.own_words}
    results: list[DocumentFinding] = []
    for where, text in _family_texts(doc):
        if not isinstance(text, str) or not text:
            continue
        child_view = where.startswith("children[")
        limit = 45 if where.startswith("danger_statements[") and where.endswith(".text") else 25
        quoted = _quoted_spans(text)
        extra = _extra_findings(text)
        titles = [(f.start, f.end) for f in extra if f.kind == "title"]
        found = [
            f
            for f in find_issues(text, glossary, max_sentence_words=limit)
            if not (f.kind in ("acronym", "glossary") and _inside(f.start, f.end, titles))
        ] + extra
        found.sort(key=lambda f: (f.start, -f.end, KINDS.index(f.kind)))
        for f in found:
            if where.endswith(".name") and f.kind != "title":
                continue  # a name is the person's own: only a police title in it is worded
            if f.kind == "glossary" and f.term.casefold() in own:
                continue
            if f.kind != "long_sentence" and (child_view or _inside(f.start, f.end, quoted)):
                continue
            results.append(DocumentFinding(f.start, f.end, f.term, f.kind, f.suggestion, where))
    return results


# --- readability --------------------------------------------------------------------


def readability(text: str) -> float:
    """Flesch reading ease: higher is easier; 60 to 70 is plain English, 80+ is easy."""
    import textstat  # imported on first use: it loads hyphenation dictionaries

    return float(textstat.flesch_reading_ease(text))


def readability_grade(text: str) -> float:
    """Flesch-Kincaid grade: the US school grade that can read the text."""
    import textstat

    return float(textstat.flesch_kincaid_grade(text))
