"""Did the answer cover a key point? Lexical evidence (stems, synonyms, sound-alikes, spelled-out
acronyms) in a compact window of the transcript, and a sentence embedding for paraphrase,
weighed by a small logistic model fitted on our own labelled answers (POINT_MODEL).

Generic overlap such as "team", "improved" or "latency" alone never covers a point: some
specific word of it must be said, or the meaning must be very close. A result whose only
evidence is in the opening of the answer (where the scene is set) counts for less.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from star_rehearsal.core.scoring.embedding import Embedder
from star_rehearsal.core.scoring.text import (
    GENERIC,
    STOPWORDS,
    Token,
    stem,
    tokenize,
    words_of,
)

COVERED_AT = 0.53
LEX_FLOOR = 0.33
SEM_FLOOR = 0.80
SEM_SPAN = 0.08
SEM_SURE = 0.875
UNSURE_BAND = (0.35, 0.65)  # confidences this close to the threshold are shown as "unsure"


@dataclass(frozen=True)
class Window:
    start_char: int
    end_char: int
    text: str
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class PointMatch:
    covered: bool
    confidence: float
    lexical: float
    semantic: float
    span: tuple[int, int] | None  # characters in the transcript text
    unsure: bool = False  # the decision is close: the review asks the user to listen


def windows(text: str, tokens: Sequence[Token], size: int = 14, stride: int = 5) -> list[Window]:
    """Overlapping stretches of the answer: clauses where punctuated, fixed runs of words too."""
    out: list[Window] = []
    for m in re.finditer(r"[^.!?;]+[.!?;]?", text):
        inside = tuple(t for t in tokens if m.start() <= t.start < m.end())
        if inside:
            out.append(Window(m.start(), m.end(), m.group().strip(), inside))
    for i in range(0, max(1, len(tokens) - size + stride), stride):
        chunk = tuple(tokens[i : i + size])
        if chunk:
            a, b = chunk[0].start, chunk[-1].end
            out.append(Window(a, b, text[a:b], chunk))
    return out


def idf_weights(documents: Sequence[Sequence[str]]) -> dict[str, float]:
    """Rarer words across the deck's key points weigh more."""
    n = max(1, len(documents))
    df: dict[str, int] = {}
    for doc in documents:
        for w in set(doc):
            df[w] = df.get(w, 0) + 1
    return {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}


def weight(norm: str, idf: dict[str, float], default: float) -> float:
    w = idf.get(norm, default)
    if norm in GENERIC:
        w *= 0.3
    return max(0.2, w)


_SOUNDS = (("ph", "f"), ("ck", "k"), ("ch", "k"), ("q", "k"), ("x", "ks"), ("z", "s"))


def skeleton(word: str) -> str:
    """The consonants of a word as heard: 'crun' and 'cron' both give 'krn'."""
    w = word.lower()
    for spelt, heard in _SOUNDS:
        w = w.replace(spelt, heard)
    w = re.sub(r"c(?=[eiy])", "s", w).replace("c", "k")
    w = re.sub(r"[aeiouyhw']", "", w)
    return re.sub(r"(.)\1+", r"\1", w)


@functools.lru_cache(maxsize=65536)
def rhymes(a: str, b: str) -> bool:
    """A short word whose first sound the recogniser got wrong: 'mews'/'news' for 'views'.
    Weak evidence: it only adds to the words around it."""
    return (
        4 <= len(b) <= 6
        and 4 <= len(a) <= 6
        and abs(len(a) - len(b)) <= 1
        and a[0] != b[0]
        and a[-3:] == b[-3:]
        and a[-2:] != "ed"
    )


@functools.lru_cache(maxsize=65536)
def sounds_like(a: str, b: str) -> bool:
    """ASR spelling slips ('chron'/'cron', 'materiallies'/'materialized') and compounds
    ('precompute'/'computation')."""
    if len(a) < 4 or len(b) < 4:
        return False
    if a[0] == b[0] and len(key := skeleton(stem(b))) >= 3 and skeleton(stem(a)) == key:
        return True
    root = stem(b)
    if len(root) >= 5 and root in a:
        return True
    need = 0.72 if len(b) >= 7 else 0.78
    matcher = SequenceMatcher(None, a, b)
    if matcher.real_quick_ratio() < need or matcher.quick_ratio() < need:
        return False  # cheap upper bounds rule most pairs out
    return matcher.ratio() >= need


def spelled_out(acronym: str, window: Window) -> bool:
    """An acronym of the deck said in full: 'WAL' as 'write-ahead log', 'CS' as 'customer
    success', 'PoC' as 'proof of concept', 'SLOs' as 'service level objectives'. Two-letter ones
    only from two content words, or 'can see' would count."""
    if len(acronym) > 2 and acronym.endswith("s") and acronym[:-1].isupper():
        acronym = acronym[:-1]  # a plural: SLOs, PRs
    capitals = sum(c.isupper() for c in acronym)
    if not (2 <= len(acronym) <= 5 and acronym.isalpha() and acronym[0].isupper()):
        return False
    if capitals < 2 or (capitals < len(acronym) and len(acronym) < 3):
        return False
    words = words_of(window.text)
    if len(acronym) == 2:
        words = [w for w in words if w not in STOPWORDS and len(w) >= 4]
    letters, n = acronym.lower(), len(acronym)
    if letters in {w.lower() for w in words}:
        return False
    return any(
        "".join(w[0] for w in words[i : i + n]).lower() == letters
        and words[i].lower() not in STOPWORDS
        and words[i + n - 1].lower() not in STOPWORDS
        for i in range(len(words) - n + 1)
    )


def lexical_match(
    point: Sequence[Token], window: Window, idf: dict[str, float], default_idf: float
) -> tuple[float, list[Token]]:
    """Weighted share of the point's words found in the window, and the tokens that matched."""
    if not point:
        return 0.0, []
    norms = {t.norm: t for t in window.tokens}
    raw = [t.text.lower() for t in window.tokens]
    pairs = [raw[i] + raw[i + 1] for i in range(len(raw) - 1)]
    total = found = 0.0
    hits: list[Token] = []
    for p in point:
        w = weight(p.norm, idf, default_idf)
        total += w
        if p.norm in norms:
            found += w
            hits.append(norms[p.norm])
            continue
        target = p.text.lower()
        match = next(
            (t for t, r in zip(window.tokens, raw, strict=True) if sounds_like(r, target)), None
        )
        if match is None and spelled_out(p.text, window):
            match = window.tokens[0]
        if match is None:
            for i, joined in enumerate(pairs):
                if sounds_like(joined, target):
                    match = window.tokens[i]
                    break
        if match is not None:
            found += 0.8 * w
            hits.append(match)
            continue
        match = next(
            (t for t, r in zip(window.tokens, raw, strict=True) if rhymes(r, target)), None
        )
        if match is not None:
            found += 0.5 * w
            hits.append(match)
    return found / total, hits


def semantic_scale(cosine: float) -> float:
    """Map an e5 query/passage cosine (compressed into ~0.78–0.92) onto 0–1."""
    return min(1.0, max(0.0, (cosine - SEM_FLOOR) / SEM_SPAN))


def sentences(text: str, tokens: Sequence[Token], max_words: int = 16) -> list[Window]:
    """Sentences for the embedding; unpunctuated speech is cut into runs of words instead."""
    out: list[Window] = []
    for m in re.finditer(r"[^.!?;]+[.!?;]?", text):
        inside = tuple(t for t in tokens if m.start() <= t.start < m.end())
        if not inside:
            continue
        for i in range(0, len(inside), max_words):
            chunk = inside[
                i : i + max_words + 4 if len(inside) - i <= max_words + 4 else i + max_words
            ]
            a, b = chunk[0].start, chunk[-1].end
            out.append(Window(a, b, text[a:b], chunk))
            if len(inside) - i <= max_words + 4:
                break
    return out


def evidence_span(hits: Sequence[Token], window: Window) -> tuple[int, int]:
    if not hits:
        return window.start_char, window.end_char
    return min(t.start for t in hits), max(t.end for t in hits)


def _unique(tokens: Sequence[Token]) -> list[Token]:
    seen: dict[str, Token] = {}
    for t in tokens:
        seen.setdefault(t.norm, t)
    return list(seen.values())


@dataclass(frozen=True)
class PointEvidence:
    """What the answer offers for one key point, before deciding whether it is covered."""

    lexical: float
    cosine: float | None  # e5 query/passage cosine of the best sentence; None without embeddings
    specific: bool  # a non-generic word of the point was said
    rarest: bool  # the point's most distinctive word was said (or something sounding like it)
    hits: int
    n_words: int
    early: bool  # the evidence sits in the first fifth of the answer (where the scene is set)
    span: tuple[int, int] | None

    def features(self, is_result: bool) -> list[float]:
        """The inputs of the fitted model (benchmarks/fit_point_model.py), in POINT_MODEL order."""
        return [
            self.lexical,
            semantic_scale(self.cosine or 0.0),
            float(self.rarest),
            min(self.hits, 4) / 4,
            min(self.n_words, 10) / 10,
            float(is_result),
            float(is_result and self.early),
            1.0,
        ]


# Logistic model over PointEvidence.features, fitted by benchmarks/fit_point_model.py on 60 of
# our labelled answers to the sample deck (tests/fixtures/answers) and 48 answers we wrote to the
# user's seed deck, kept outside the repository because they retell a private document; all as
# text and as espeak-ng speech. Never fitted on ../shared/eval-dev (benchmarks/results/scoring.md).
POINT_MODEL = (3.89, 3.45, -0.03, 2.49, -2.84, -0.48, -2.08, -2.48)


def evidence_for(
    points: Sequence[str],
    answer: str,
    idf: dict[str, float],
    embed: Embedder | None = None,
    embed_points: Embedder | None = None,
) -> list[PointEvidence]:
    tokens = tokenize(answer)
    all_tokens = tokenize(answer, keep_stopwords=True)
    wins = windows(answer, tokens)
    sents = sentences(answer, all_tokens)
    default_idf = max(idf.values(), default=1.0)
    sims = None
    if embed is not None and sents and points:
        sims = (embed_points or embed)(list(points)) @ embed([w.text for w in sents]).T
    out = []
    for pi, point in enumerate(points):
        ptoks = _unique(tokenize(point))
        lex, hits, win = 0.0, [], None
        for candidate in wins:
            score, found = lexical_match(ptoks, candidate, idf, default_idf)
            shorter = win is not None and len(candidate.tokens) < len(win.tokens)
            if score > lex + 1e-9 or (score > 0 and abs(score - lex) <= 1e-9 and shorter):
                lex, hits, win = score, found, candidate
        cosine, sent = None, None
        if sims is not None:
            best = int(sims[pi].argmax())
            cosine, sent = float(sims[pi, best]), sents[best]
        span = None
        if win is not None and hits:
            span = evidence_span(hits, win)
        elif sent is not None:
            span = (sent.start_char, sent.end_char)
        rarest = max(ptoks, key=lambda t: weight(t.norm, idf, default_idf), default=None)
        hit_norms = {t.norm for t in hits}
        found_rarest = (
            rarest is not None
            and win is not None
            and any(
                rarest.norm == t.norm or sounds_like(t.text.lower(), rarest.text.lower())
                for t in win.tokens
            )
        )
        out.append(
            PointEvidence(
                lexical=lex,
                cosine=cosine,
                specific=any(n not in GENERIC for n in hit_norms),
                rarest=found_rarest,
                hits=len(hit_norms),
                n_words=len(ptoks),
                early=span is not None and span[0] < 0.2 * len(answer),
                span=span,
            )
        )
    return out


def decide(evidence: PointEvidence, is_result: bool) -> tuple[bool, float]:
    """(covered, confidence). Generic overlap alone never covers a point: some specific word
    of it must be said, or the meaning must be very close."""
    if evidence.cosine is None:  # no embeddings: words only, and at least two of them
        enough = evidence.specific and (evidence.n_words < 3 or evidence.hits >= 2)
        return enough and evidence.lexical >= COVERED_AT, evidence.lexical
    z = sum(w * x for w, x in zip(POINT_MODEL, evidence.features(is_result), strict=True))
    confidence = 1 / (1 + math.exp(-z))
    enough = (evidence.specific and evidence.lexical >= LEX_FLOOR) or evidence.cosine >= SEM_SURE
    return enough and confidence >= 0.5, confidence


def match_points(
    points: Sequence[str],
    answer: str,
    idf: dict[str, float],
    embed: Embedder | None = None,
    embed_points: Embedder | None = None,
    kinds: Sequence[str] | None = None,
) -> list[PointMatch]:
    """One PointMatch per key point, in order (kinds: "action"/"result" per point)."""
    results = []
    evidence = evidence_for(points, answer, idf, embed, embed_points)
    for i, ev in enumerate(evidence):
        covered, confidence = decide(ev, kinds is not None and kinds[i] == "result")
        span = ev.span if (covered or ev.hits) else None
        unsure = span is not None and UNSURE_BAND[0] <= confidence < UNSURE_BAND[1]
        results.append(
            PointMatch(
                covered,
                round(confidence, 3),
                round(ev.lexical, 3),
                round(semantic_scale(ev.cosine) if ev.cosine is not None else 0.0, 3),
                span,
                unsure,
            )
        )
    return results
