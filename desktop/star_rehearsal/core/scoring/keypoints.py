"""Did the answer cover a key point? Lexical evidence (stems, synonyms, sound-alikes) in a
compact window of the transcript, checked against a sentence embedding for paraphrase.

A point counts as covered only when its distinctive words (weighted by how rare they are in
the deck) appear close together, or when the words and the meaning agree strongly: generic
overlap such as "team", "improved" or "latency" alone never covers a point.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from star_rehearsal.core.scoring.embedding import Embedder
from star_rehearsal.core.scoring.text import GENERIC, Token, stem, tokenize

COVERED_AT = 0.53
LEX_ALONE_MARGIN = 0.15
LEX_FLOOR = 0.33
SEM_FLOOR = 0.80
SEM_SPAN = 0.08
SEM_SHARE = 0.5
SEM_SURE = 0.875


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


@functools.lru_cache(maxsize=65536)
def sounds_like(a: str, b: str) -> bool:
    """ASR spelling slips ('chron'/'cron', 'materiallies'/'materialized') and compounds
    ('precompute'/'computation')."""
    if len(a) < 4 or len(b) < 4:
        return False
    root = stem(b)
    if len(root) >= 5 and root in a:
        return True
    need = 0.72 if len(b) >= 7 else 0.78
    matcher = SequenceMatcher(None, a, b)
    if matcher.real_quick_ratio() < need or matcher.quick_ratio() < need:
        return False  # cheap upper bounds rule most pairs out
    return matcher.ratio() >= need


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
        if match is None:
            for i, joined in enumerate(pairs):
                if sounds_like(joined, target):
                    match = window.tokens[i]
                    break
        if match is not None:
            found += 0.8 * w
            hits.append(match)
    return found / total, hits


def semantic_scale(cosine: float) -> float:
    """Map an e5 query/passage cosine (compressed into ~0.78–0.92) onto 0–1."""
    return min(1.0, max(0.0, (cosine - SEM_FLOOR) / SEM_SPAN))


def combine(lexical: float, semantic: float | None, n_words: int) -> float:
    if semantic is None:
        return lexical
    # Strong word evidence stands on its own: the embedding of a long, rambling sentence can
    # miss a point that is plainly said.
    return max((1 - SEM_SHARE) * lexical + SEM_SHARE * semantic, lexical - LEX_ALONE_MARGIN)


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


def match_points(
    points: Sequence[str],
    answer: str,
    idf: dict[str, float],
    embed: Embedder | None = None,
    embed_points: Embedder | None = None,
) -> list[PointMatch]:
    """One PointMatch per key point, in order.

    conf = average of the lexical share and the scaled embedding similarity of the best
    sentence; a point is covered at conf >= 0.5 when at least one of its specific words (or a
    very close paraphrase) is there.
    """
    tokens = tokenize(answer)
    all_tokens = tokenize(answer, keep_stopwords=True)
    wins = windows(answer, tokens)
    sents = sentences(answer, all_tokens)
    default_idf = max(idf.values(), default=1.0)
    sims = None
    if embed is not None and sents and points:
        sims = (embed_points or embed)(list(points)) @ embed([w.text for w in sents]).T
    results = []
    for pi, point in enumerate(points):
        ptoks = _unique(tokenize(point))
        lex, hits, win = 0.0, [], None
        for candidate in wins:
            score, found = lexical_match(ptoks, candidate, idf, default_idf)
            shorter = win is not None and len(candidate.tokens) < len(win.tokens)
            if score > lex + 1e-9 or (score > 0 and abs(score - lex) <= 1e-9 and shorter):
                lex, hits, win = score, found, candidate
        sem_cos, sent = 0.0, None
        if sims is not None:
            best = int(sims[pi].argmax())
            sem_cos, sent = float(sims[pi, best]), sents[best]
        sem = semantic_scale(sem_cos) if sims is not None else None
        conf = combine(lex, sem, len(ptoks))
        specific = {t.norm for t in hits if t.norm not in GENERIC}
        # Meaning alone covers a point only when it is very close; otherwise its words must
        # be there too (a situation restating the metric is not the result).
        enough = (bool(specific) and lex >= LEX_FLOOR) or sem_cos >= SEM_SURE
        if len(ptoks) >= 3 and sims is None:
            enough = enough and len({t.norm for t in hits}) >= 2
        covered = conf >= COVERED_AT and enough and bool(ptoks)
        span = None
        if win is not None and hits:
            span = evidence_span(hits, win)
        elif sent is not None and covered:
            span = (sent.start_char, sent.end_char)
        results.append(
            PointMatch(covered, round(conf, 3), round(lex, 3), round(sem or 0.0, 3), span)
        )
    return results
