"""Words as the matcher sees them: lower case, numbers as digits, stems, synonym groups.

Speech-recognition output is lower-case and unpunctuated and mangles rare words, so every
comparison goes through these normal forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TOKEN = re.compile(r"\d+(?:[.,]\d+)?%?|[a-z]+(?:'[a-z]+)?", re.IGNORECASE)

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
}  # fmt: skip

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "so",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "into",
        "onto",
        "over",
        "under",
        "up",
        "down",
        "out",
        "off",
        "about",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "done",
        "have",
        "has",
        "had",
        "having",
        "i",
        "me",
        "my",
        "mine",
        "we",
        "us",
        "our",
        "ours",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "they",
        "them",
        "their",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "then",
        "than",
        "too",
        "very",
        "just",
        "also",
        "only",
        "even",
        "still",
        "yet",
        "not",
        "no",
        "nor",
        "can",
        "could",
        "would",
        "should",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "own",
        "same",
        "again",
        "further",
        "once",
        "while",
        "during",
        "before",
        "after",
        "above",
        "below",
        "between",
        "through",
        "get",
        "got",
        "getting",
        "make",
        "made",
        "making",
        "really",
        "actually",
        "basically",
        "like",
        "um",
        "uh",
        "er",
        "ah",
        "oh",
        "okay",
        "yeah",
        "sort",
        "kind",
        "thing",
        "things",
        "stuff",
        "way",
        "lot",
        "lots",
        "bit",
        "pretty",
        "quite",
        "s",
        "t",
        "d",
        "ll",
        "re",
        "ve",
        "m",
        # Function words that carry no point by themselves ("every" even sounded like
        # "recovery"; "later ... without" covered "later extensions without regressions").
        "every",
        "without",
        "later",
        "lately",
        "much",
        "many",
        "within",
        "until",
        "since",
        "already",
        "ever",
        "though",
        "although",
        "however",
        "whether",
        "either",
        "neither",
        "several",
        "others",
        "another",
        "rather",
        "via",
        "per",
        "upon",
        "toward",
        "towards",
        "among",
        "throughout",
        "sometimes",
        "often",
        "soon",
    ]
)

# Words that say little on their own: they count, but weakly (see keypoints.weights).
GENERIC = frozenset(
    [
        "team",
        "teams",
        "improve",
        "improved",
        "improvement",
        "better",
        "work",
        "worked",
        "working",
        "people",
        "project",
        "projects",
        "time",
        "times",
        "issue",
        "issues",
        "new",
        "good",
        "great",
        "help",
        "helped",
        "use",
        "used",
        "using",
        "system",
        "systems",
        "product",
        "products",
        "process",
        "change",
        "changes",
        "result",
        "results",
        "also",
        "across",
    ]
)

# Groups of words a speaker uses for the same idea; each maps to its group's first member.
SYNONYM_GROUPS = [
    "alert alarm page paging notify",
    "build create implement develop add set introduce establish write construct put propose",
    "design architect model",
    "lead drive run own head spearhead champion",
    "propose suggest recommend pitch advocate",
    "reduce cut drop decrease lower fewer less shrink fall fell slash rarely seldom down lighter",
    "increase grow raise boost more",
    "fast faster quick quicker speed rapid snappy",
    "slow latency lag",
    "reliable reliability reliably stable stability steady robust consistently dependable",
    "predictable consistent uniform standard standardize standardise",
    "multiple several many various numerous",
    "adopt adoption use take",
    "reusable shared common generic unified central centralize",
    "metric measure measurement telemetry instrument",
    "log logging",
    "dashboard panel",
    "track monitor follow watch observe observability visibility visible",
    "document doc write-up writeup record",
    "stakeholder partner",
    "align agree alignment consensus board onboard buy-in",
    "deliver delivery ship launch release",
    "cron schedule scheduled chron",
    "heal recover recovery converge self-heal",
    "manual hand",
    "customer client user",
    "tune optimize optimise rework tweak",
    "integrate integration plug connect hook",
    "proactive ahead early anticipate",
    "surprise unexpected guard",
    "fix intervention remediation repair correct patch mismatch",
    "debug diagnose diagnosis troubleshoot diagnostic diagnostics",
    "migrate migration move",
    "negotiate negotiation",
    "mentor coach pair",
    "incident outage sev severity",
    "rollback roll revert",
    "postmortem retro retrospective",
    "canary staged",
    "half 50",
    "analysis analyze analyse compare comparison evaluate evaluation assess assessment trial",
    "inventory list catalog catalogue",
    "task job",
    "load usage utilization utilisation",
    "minimal minimum small smaller",
    "forum session meeting sync",
    "misalignment misunderstanding confusion",
    "impact effect",
    "capacity bandwidth",
    "comms communication communicate inform announce",
    "config configuration setting settings",
    "cadence frequency often",
    "maintenance maintain upkeep",
]
_SYN: dict[str, str] = {}
for _group in SYNONYM_GROUPS:
    _words = _group.split()
    for _w in _words:
        _SYN.setdefault(_w, _words[0])

_SUFFIXES = (
    "izations", "ization", "ational", "fulness", "ousness", "iveness", "ements", "ement",
    "ments", "ment", "ations", "ation", "ities", "ity", "ingly", "ings", "ing", "edly", "ed",
    "ers", "er", "ies", "ied", "ly", "es", "s",
)  # fmt: skip


def stem(word: str) -> str:
    """A light suffix stripper: enough to meet 'alerts'/'alerting', 'migrated'/'migration'."""
    w = word.lower()
    if w.isdigit() or len(w) <= 3:
        return w
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if suffix in ("ies", "ied"):
                w += "y"
            break
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # "planned" -> "plann" -> "plan"
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


def canonical(word: str) -> str:
    """Synonym group of a word (by its surface form, then its stem), else its stem."""
    low = word.lower()
    if low in _SYN:
        return _SYN[low]
    s = stem(low)
    for candidate in (s, s + "e", s + "s"):
        if candidate in _SYN:
            return _SYN[candidate]
    return s


@dataclass(frozen=True)
class Token:
    text: str  # as written
    norm: str  # canonical form for matching
    start: int  # character offsets in the source text
    end: int


def number_value(text: str) -> float | None:
    t = text.lower().rstrip("%").replace(",", "")
    if t in NUMBER_WORDS:
        return float(NUMBER_WORDS[t])
    try:
        return float(t)
    except ValueError:
        return None


def make_token(m: re.Match[str]) -> Token:
    """The token of one TOKEN match: digits for numbers, else the canonical form."""
    raw = m.group()
    low = raw.lower()
    value = number_value(low)
    norm = str(int(value)) if value is not None and value == int(value) else canonical(low)
    if low.endswith("%"):
        norm = low.rstrip("%").split(".")[0]
    return Token(raw, norm, m.start(), m.end())


def tokenize(text: str, *, keep_stopwords: bool = False) -> list[Token]:
    """Key points and story texts; an answer is split once by scoring.analysed instead."""
    return [
        make_token(m)
        for m in TOKEN.finditer(text)
        if keep_stopwords or m.group().lower() not in STOPWORDS
    ]


def words_of(text: str) -> list[str]:
    """Every spoken word (stop words included), lower case."""
    return [m.group().lower() for m in TOKEN.finditer(text)]
