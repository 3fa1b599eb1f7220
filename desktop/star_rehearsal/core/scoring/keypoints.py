"""Did the answer cover a key point? Lexical evidence (stems, synonyms, sound-alikes, spelled-out
acronyms) in a compact window of the transcript, and a sentence embedding for paraphrase,
weighed by a small logistic model fitted on our own labelled answers (POINT_MODEL).

Generic overlap such as "team", "improved" or "latency" alone never covers a point: some
specific word of it must be said, or the meaning must be very close. A result whose only
evidence is in the opening of the answer (where the scene is set) counts for less.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Any

from star_rehearsal.core.scoring import polarity
from star_rehearsal.core.scoring.analysed import AnalysedAnswer, Span, as_analysed, clause_spans
from star_rehearsal.core.scoring.embedding import Embedder
from star_rehearsal.core.scoring.matcher import Matcher
from star_rehearsal.core.scoring.point_model import PointModel, load_point_model
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
ENTAIL_SURE = 0.5  # the matcher itself says the sentence expresses the point
UNSURE_BAND = (0.35, 0.65)  # confidences this close to the threshold are shown as "unsure"
# A point named only as planned, refused, done by others or negated (polarity.py) is not
# covered; its confidence is capped inside the unsure band, so the review asks to listen.
UNDONE_CONFIDENCE = 0.4
POLARITY = True  # benchmarks switch it off to measure what it changes
SETTING_APART = True  # supports read as the story's situation or task: see _not_the_setting


@dataclass(frozen=True)
class Window:
    start_char: int
    end_char: int
    text: str
    tokens: tuple[Token, ...]

    @functools.cached_property
    def words(self) -> list[str]:
        """Every word of the window's text, stop words included (for spelled-out acronyms):
        split once per window, not once per key point compared with it."""
        return words_of(self.text)


@dataclass(frozen=True)
class PointMatch:
    covered: bool
    confidence: float
    lexical: float
    semantic: float
    span: tuple[int, int] | None  # characters in the transcript text
    unsure: bool = False  # the decision is close: the review asks the user to listen
    not_done: str | None = None  # named only as planned, refused, done by others, or negated


def windows(
    text: str,
    tokens: Sequence[Token],
    size: int = 14,
    stride: int = 5,
    clauses: Sequence[Span] | None = None,
) -> list[Window]:
    """Overlapping stretches of the answer: clauses where punctuated, fixed runs of words too.
    `clauses`: the text's clause spans when already split (AnalysedAnswer.clauses)."""
    out: list[Window] = []
    for a, b in clause_spans(text) if clauses is None else clauses:
        inside = tuple(t for t in tokens if a <= t.start < b)
        if inside:
            out.append(Window(a, b, text[a:b].strip(), inside))
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
    words = window.words
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


def sentences(
    text: str, tokens: Sequence[Token], max_words: int = 16, clauses: Sequence[Span] | None = None
) -> list[Window]:
    """Sentences for the embedding; unpunctuated speech is cut into runs of words instead."""
    out: list[Window] = []
    for start, end in clause_spans(text) if clauses is None else clauses:
        inside = tuple(t for t in tokens if start <= t.start < end)
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
    entail: float | None = None  # the matcher's P(some stretch of the answer says the point)
    margin: float | None = None  # how far that beats the story's other points on the stretch
    elsewhere: float = 0.0  # how far another story of the deck matches the answer better
    answer_stretches: int = 0  # how much the answer says: its sentences and short neighbour pairs
    undone: str | None = None  # every stretch naming the point says it was not done (polarity)

    def features(self, is_result: bool) -> list[float]:
        """The inputs of the fitted point model (point_model.FEATURES, in that order)."""
        return [
            self.lexical,
            semantic_scale(self.cosine or 0.0),
            float(self.rarest),
            min(self.hits, 4) / 4,
            min(self.n_words, 10) / 10,
            float(is_result),
            float(is_result and self.early),
            self.entail or 0.0,
            self.margin or 0.0,
            self.elsewhere,
            math.log1p(min(max(self.answer_stretches, SIZE_SEEN[0]), SIZE_SEEN[1])) / 3,
            1.0,
        ]


SIZE_SEEN = (7, 60)  # answer sizes (stretches) the point model was fitted on: no extrapolation
REPLY_SIZE = 25  # a follow-up's reply is read as if it were a typical full answer (median 25)
# Pairs the pre-read reads between two looks at should_stop: Stop waits for the batch in hand
# (64 pairs were 0.3-1.1 s with two busy processes; 8 are at most ~0.15 s).
PRE_READ_BATCH = 8
MATCH_CANDIDATES = 3  # sentences per point the matcher reads: the closest by meaning, and words
JOIN_MAX_WORDS = 40  # two sentences read together when they are this short
MARGIN_CHECKS = 1  # of those, how many are also read against the story's other points


def joined(a: Window, b: Window) -> Window | None:
    """Two neighbouring sentences read as one (a point told over two short sentences)."""
    if len(a.tokens) + len(b.tokens) > JOIN_MAX_WORDS:
        return None
    return Window(a.start_char, b.end_char, f"{a.text} {b.text}", a.tokens + b.tokens)


def stretches(sents: Sequence[Window]) -> list[Window]:
    """Every sentence, then every short pair of neighbours: all the matcher may be asked."""
    pairs = [w for a, b in itertools.pairwise(sents) if (w := joined(a, b)) is not None]
    return [*sents, *pairs]


def _matcher_candidates(
    sims_row: Any, sents: Sequence[Window], lexical_window: Window | None
) -> list[Window]:
    """The few stretches worth reading closely: the sentences closest in meaning, each also
    joined with its neighbour (a point told over two short sentences), and the sentence of the
    best lexical evidence."""
    order = list(range(len(sents)))
    if sims_row is not None:
        order.sort(key=lambda i: -float(sims_row[i]))
    chosen = order[:MATCH_CANDIDATES] if sims_row is not None else order
    out: list[Window] = []
    for i in chosen:
        out.append(sents[i])
        if i + 1 < len(sents) and (pair := joined(sents[i], sents[i + 1])) is not None:
            out.append(pair)
    if lexical_window is not None:
        for sent in sents:
            if (
                sent.start_char < lexical_window.end_char
                and lexical_window.start_char < sent.end_char
            ):
                out.append(sent)
    unique: dict[tuple[int, int], Window] = {}
    for w in out:
        unique.setdefault((w.start_char, w.end_char), w)
    return list(unique.values())


def _read_closely(
    matcher: Matcher,
    points: Sequence[str],
    rivals: Sequence[str],
    sents: Sequence[Window],
    sims: Any,
    found: Sequence[tuple[float, list[Token], Window | None]],
) -> tuple[list[tuple[float, Window] | None], list[float | None], list[list[tuple[float, Window]]]]:
    """The matcher's best stretch per point, and its margin there over every other point and
    rival of the story. The matcher is topical: a sentence about the story's task or another
    of its actions often scores high for a point it does not say, but then scores higher still
    for what it does say."""
    asked: list[tuple[int, Window]] = []
    for pi, (_, _, win) in enumerate(found):
        row = sims[pi] if sims is not None else None
        asked += [(pi, w) for w in _matcher_candidates(row, sents, win)]
    probs = matcher.probabilities([points[pi] for pi, _ in asked], [w.text for _, w in asked])
    ranked: list[list[tuple[float, Window]]] = [[] for _ in points]
    for (pi, w), prob in zip(asked, probs, strict=True):
        ranked[pi].append((float(prob), w))
    for row in ranked:
        row.sort(key=lambda x: -x[0])
    everyone = [*points, *[r for r in rivals if r.strip()]]
    checks = [(pi, w, qi) for pi, row in enumerate(ranked) for _, w in row[:MARGIN_CHECKS]
              for qi in range(len(everyone)) if qi != pi]  # fmt: skip
    rival_probs = matcher.probabilities(
        [everyone[qi] for _, _, qi in checks], [w.text for _, w, _ in checks]
    )
    best_rival: dict[tuple[int, int, int], float] = {}
    for (pi, w, _), prob in zip(checks, rival_probs, strict=True):
        key = (pi, w.start_char, w.end_char)
        best_rival[key] = max(best_rival.get(key, 0.0), float(prob))
    entails: list[tuple[float, Window] | None] = [row[0] if row else None for row in ranked]
    margins: list[float | None] = []
    for pi, row in enumerate(ranked):
        margins.append(
            max((p - best_rival.get((pi, w.start_char, w.end_char), 0.0)
                 for p, w in row[:MARGIN_CHECKS]), default=0.0)
        )  # fmt: skip
    return entails, margins, ranked


def _not_the_setting(
    matcher: Matcher,
    points: Sequence[str],
    setting: Sequence[str],
    supports: Sequence[Sequence[Window]],
    sents: Sequence[Window],
) -> list[list[Window]]:
    """Per point, the supports that the matcher reads as the point rather than as the story's
    situation or task: "incidents were hard to detect" is the problem that "faster detection"
    answers, not that result, and must not outweigh a later "I'd expected faster detection, but
    never saw numbers". All of a point's supports when every one reads as the setting (then
    nothing is known). One matcher call for all the points (a call has a cost of its own)."""
    setting = [r for r in setting if r.strip()]
    if not setting or not any(supports):
        return [list(row) for row in supports]
    asked: list[tuple[int, Window, str]] = []
    for pi, row in enumerate(supports):
        for w in row:  # a window of words is read as the sentences it touches
            inside = [s for s in sents if s.start_char < w.end_char and w.start_char < s.end_char]
            asked.append((pi, w, " ".join(s.text for s in inside) if inside else w.text))
    width = 1 + len(setting)
    queries = [q for pi, _, _ in asked for q in (points[pi], *setting)]
    probs = matcher.probabilities(queries, [t for _, _, t in asked for _ in range(width)])
    kept: list[list[Window]] = [[] for _ in supports]
    for k, (pi, w, _) in enumerate(asked):
        if probs[k * width] >= max(probs[k * width + 1 : (k + 1) * width]):
            kept[pi].append(w)
    return [mine or list(row) for mine, row in zip(kept, supports, strict=True)]


def pre_read(
    points: Sequence[str],
    rivals: Sequence[str],
    answer_so_far: str,
    matcher: Matcher,
    embed: Embedder | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> int:
    """Read every finished sentence of the answer so far (alone and joined with its neighbour)
    against every point and rival, filling the matcher's cache while the user is still talking:
    scoring after Stop then reads only what is new. Returns how many pairs were read.
    `should_stop` is asked between batches: after Stop the last piece must not wait for this."""
    so_far = as_analysed(answer_so_far)
    sents = sentences(so_far.text, so_far.tokens, clauses=so_far.clauses)[:-1]
    everyone = [*points, *[r for r in rivals if r.strip()]]
    pairs = [(p, w.text) for w in stretches(sents) for p in everyone]
    if embed is not None and sents:
        embed([w.text for w in sents])
    for at in range(0, len(pairs), PRE_READ_BATCH):
        if should_stop is not None and should_stop():
            return at
        batch = pairs[at : at + PRE_READ_BATCH]
        matcher.probabilities([p for p, _ in batch], [t for _, t in batch])
    return len(pairs)


def evidence_for(
    points: Sequence[str],
    answer: str | AnalysedAnswer,
    idf: dict[str, float],
    embed: Embedder | None = None,
    embed_points: Embedder | None = None,
    matcher: Matcher | None = None,
    rivals: Sequence[str] = (),
    elsewhere: float = 0.0,
    answer_size: int | None = None,
    kinds: Sequence[str] | None = None,
) -> list[PointEvidence]:
    """`rivals`: other things the story says (its situation and task) that a sentence may be
    about instead of a key point. `elsewhere`: StoryMatch.elsewhere of the answer; a point
    "said" inside another story is mostly shared vocabulary, and a short answer has room for
    few points (both measured on writers held out: results/scoring-variants.md).
    `answer_size` stands in for the answer's own (a follow-up's reply, short by design).
    `kinds` ("action"/"result" per point): only an action can be done by someone else."""
    analysed = as_analysed(answer)
    wins = windows(analysed.text, analysed.content, clauses=analysed.clauses)
    sents = sentences(analysed.text, analysed.tokens, clauses=analysed.clauses)
    default_idf = max(idf.values(), default=1.0)
    size = len(stretches(sents)) if answer_size is None else answer_size
    sims = None
    if embed is not None and sents and points:
        sims = (embed_points or embed)(list(points)) @ embed([w.text for w in sents]).T
    point_tokens = [_unique(tokenize(point)) for point in points]
    found: list[tuple[float, list[Token], Window | None]] = []
    for ptoks in point_tokens:
        lex, hits, win = 0.0, [], None
        for candidate in wins:
            score, matched = lexical_match(ptoks, candidate, idf, default_idf)
            shorter = win is not None and len(candidate.tokens) < len(win.tokens)
            if score > lex + 1e-9 or (score > 0 and abs(score - lex) <= 1e-9 and shorter):
                lex, hits, win = score, matched, candidate
        found.append((lex, hits, win))
    entails: list[tuple[float, Window] | None] = [None] * len(points)
    margins: list[float | None] = [None] * len(points)
    ranked: list[list[tuple[float, Window]]] = [[] for _ in points]
    if matcher is not None and sents:
        entails, margins, ranked = _read_closely(matcher, points, rivals, sents, sims, found)
    all_supports: list[list[Window]] = []
    for pi, (lex, _, win) in enumerate(found):
        supports = [w for p, w in ranked[pi] if p >= ENTAIL_SURE]
        if win is not None and lex >= LEX_FLOOR:
            supports.append(win)
        all_supports.append(supports)
    is_result = [kinds is not None and kinds[pi] == "result" for pi in range(len(points))]

    def verdicts(pi: int, supports: Sequence[Window]) -> list[str | None]:
        spans = [(w.start_char, w.end_char) for w in supports]
        return polarity.verdicts(
            points[pi], analysed.text, analysed.sentences, spans, is_result[pi]
        )

    read: dict[int, list[str | None]] = {}  # each point's verdicts, read once
    if matcher is not None and SETTING_APART:  # only where it can change what polarity says
        read = {pi: verdicts(pi, row) for pi, row in enumerate(all_supports) if len(row) > 1}
        mixed = [pi for pi, reasons in read.items() if any(reasons) and not all(reasons)]
        if mixed:
            kept = _not_the_setting(
                matcher, [points[i] for i in mixed], rivals, [all_supports[i] for i in mixed], sents
            )
            for i, row in zip(mixed, kept, strict=True):
                if len(row) < len(all_supports[i]):
                    all_supports[i] = row
                    del read[i]
    out = []
    for pi, ptoks in enumerate(point_tokens):
        lex, hits, win = found[pi]
        cosine, sent = None, None
        if sims is not None:
            best = int(sims[pi].argmax())
            cosine, sent = float(sims[pi, best]), sents[best]
        entail = entails[pi]
        span = None
        if win is not None and hits:
            span = evidence_span(hits, win)
        elif entail is not None and entail[0] >= 0.5:
            span = (entail[1].start_char, entail[1].end_char)
        elif sent is not None:
            span = (sent.start_char, sent.end_char)
        supports = all_supports[pi]
        if not supports and sent is not None:
            supports.append(sent)
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
                early=span is not None and span[0] < 0.2 * len(analysed.text),
                span=span,
                entail=entail[0] if entail is not None else (0.0 if matcher is not None else None),
                margin=margins[pi],
                elsewhere=elsewhere,
                answer_stretches=size,
                undone=polarity.undone_by(
                    read[pi] if pi in read else verdicts(pi, supports), is_result[pi]
                ),
            )
        )
    return out


def decide(evidence: PointEvidence, is_result: bool, model: PointModel) -> tuple[bool, float]:
    """(covered, confidence). Generic overlap alone never covers a point: some specific word
    of it must be said, or the meaning must be very close, or the matcher must read it there."""
    if evidence.cosine is None:  # no embeddings: words only, and at least two of them
        enough = evidence.specific and (evidence.n_words < 3 or evidence.hits >= 2)
        if evidence.undone is not None and POLARITY:  # planned is not done here either
            return False, min(evidence.lexical, UNDONE_CONFIDENCE)
        return enough and evidence.lexical >= COVERED_AT, evidence.lexical
    confidence = model.confidence(evidence.features(is_result))
    enough = (
        (evidence.specific and evidence.lexical >= LEX_FLOOR)
        or evidence.cosine >= SEM_SURE
        or (evidence.entail or 0.0) >= ENTAIL_SURE
    )
    if evidence.undone is not None and POLARITY:
        return False, min(confidence, UNDONE_CONFIDENCE)
    return enough and confidence >= 0.5, confidence


def match_points(
    points: Sequence[str],
    answer: str | AnalysedAnswer,
    idf: dict[str, float],
    embed: Embedder | None = None,
    embed_points: Embedder | None = None,
    kinds: Sequence[str] | None = None,
    matcher: Matcher | None = None,
    model: PointModel | None = None,
    rivals: Sequence[str] = (),
    elsewhere: float = 0.0,
    answer_size: int | None = None,
) -> list[PointMatch]:
    """One PointMatch per key point, in order (kinds: "action"/"result" per point)."""
    results = []
    model = model or load_point_model(with_matcher=matcher is not None)
    evidence = evidence_for(
        points, answer, idf, embed, embed_points, matcher, rivals, elsewhere, answer_size, kinds
    )
    for i, ev in enumerate(evidence):
        is_result = kinds is not None and kinds[i] == "result"
        covered, confidence = decide(ev, is_result, model)
        # Said to be not done, and ticked were it not for that: the review says why.
        not_done = None
        if ev.undone is not None and POLARITY:
            not_done = ev.undone if decide(replace(ev, undone=None), is_result, model)[0] else None
        span = ev.span if (covered or ev.hits or not_done) else None
        unsure = span is not None and UNSURE_BAND[0] <= confidence < UNSURE_BAND[1]
        results.append(
            PointMatch(
                covered,
                round(confidence, 3),
                round(ev.lexical, 3),
                round(semantic_scale(ev.cosine) if ev.cosine is not None else 0.0, 3),
                span,
                unsure,
                not_done,
            )
        )
    return results
