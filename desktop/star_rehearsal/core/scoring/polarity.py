"""Planned is not done. The matcher and the words read what an answer is about, not whether
it happened: "we talked about trying pilot teams first, but that never happened" names the
pilot as well as "we piloted with two teams" does. This module reads the clause that names a
point (and the one after it) for cues that it was only intended, refused or postponed, done by
someone else, or that the opposite happened; a point whose every supporting stretch carries
such a cue is not covered (keypoints.evidence_for). A stretch without a cue, e.g. a later
sentence that says it did happen after all, keeps the point.

The cue lists were first written on our own trap sentences (tests/fixtures/answers/trap-
sentences.json) and checked against the true points of every other labelled writer; measured
on authors-f (the trap writer of ../shared/eval-dev) held out, they then grew from the traps
they missed there, so authors-f figures are reported both ways (benchmarks/results/scoring.md).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from star_rehearsal.core.scoring.text import GENERIC, STOPWORDS, TOKEN, make_token, tokenize

# Where a sentence turns: punctuation, and the words that start another clause.
_CUT = re.compile(
    r"[,;:.!?\u2014\u2013]+|\s-\s|\b(?=(?:but|so|though|although|whereas|because|until|"
    r"and then|instead)\b)",
    re.IGNORECASE,
)


def _cues(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(phrases) + r")\b", re.IGNORECASE)


# fmt: off
N = r"(?:n'?t|not)"  # didn't / did not / didnt (transcripts drop the apostrophe)
# Only intended, proposed, or hoped for (results said before they were measured).
PLANNED = _cues(
    r"plann?(?:ed|ing) (?:to|on)", r"(?:the|my|our) plan was", r"(?:we|i|they|team) (?:really )?wanted (?:to|us to)",
    r"(?:i|we)(?:'d| had) wanted", r"(?:a |the )?conversation (?:at one point )?about",
    r"(?:i|we)(?:'d| had)? expected", r"the hope", r"in theory",
    r"(?:was|were) going to", r"(?:was|were) gonna", r"meant to", r"intend(?:ed)? to",
    r"hoped", r"hoping", r"(?:we|i) hope", r"hopefully", r"the idea was", r"talked about",
    r"discussed", r"considered", r"thought about", r"would have liked", r"(?:should|could) have",
    r"(?:there was|there'?s) (?:some |a lot of |much )?talk of", r"sketch(?:ed)?",
    r"stayed on (?:the )?(?:whiteboard|slide|paper|drawing board|wish ?list)",
    r"still (?:on )?(?:a|the|my|our) (?:jira )?(?:ticket|wish ?list|backlog)",
    r"(?:was|were) supposed to", r"on the roadmap", r"wish(?:ed)?", r"we(?:'ll| will) see",
    r"(?:we|i) expect", r"expected to",
    r"(?:should|will|would) (?:improve|reduce|help|cut|make|lower|speed|give|bring|fix|save)",
)
# Never measured: read in the clause after the point's as well.
UNMEASURED = _cues(
    r"remains to be seen", r"too early to (?:tell|say)", r"never measured",
    r"did" + N + r" measure", r"haven'?t measured", r"not measured", r"never checked",
    r"no (?:numbers|metrics)", r"no data yet", r"don'?t know (?:yet|if|whether)",
    r"not sure (?:if|whether)", r"hard to say", r"never tracked", r"did" + N + r" track",
    r"(?:wasn'?t|not|never) (?:something )?(?:we )?(?:measured|tracked)", r"can'?t say",
    r"(?:genuinely |honestly |really |actually )?don'?t (?:really |actually )?know",
    r"never saw (?:any )?(?:numbers|data|results)", r"no idea",
    r"can'?t (?:honestly |really |actually )?(?:say|tell|claim)", r"couldn'?t (?:honestly )?tell",
    r"(?:no|never (?:had|captured|took|set) a) baseline", r"(?:be|been) guessing",
)
# A reason given for what was done ("…, because I wanted to understand the pain").
_REASON = re.compile(r"^(?:because|since|as|so that|in order)\b", re.IGNORECASE)
# Proposed and refused, or put off.
REFUSED = _cues(
    r"rejected (?:it|that|this|them|both|the idea|my|our)", r"(?:was|were|got|been) rejected", r"turned (?:it |that |this )?down", r"said no", r"shot (?:it |that )?down",
    r"vetoed", r"pushed back", r"push back", r"did" + N + r" (?:approve|agree|accept|buy)",
    r"(?:wasn'?t|weren'?t|(?:was|were) not|never got) approved", r"postponed", r"put (?:it |that )?on hold",
    r"on hold", r"shelved", r"parked", r"deprioriti[sz]ed", r"got cut", r"(?:was|were) cut",
    r"dropped (?:it|that|this|them|both|the idea)",
    r"(?:never|n'?t|anyone ever|nobody ever|no one ever) got (?:round|around) to", r"next (?:quarter|year|half)", r"never happened",
    r"did" + N + r" happen", r"(?:has|have)" + N + r" (?:yet )?happened",
    r"never got (?:to|around)", r"did" + N + r" get (?:to|around)",
    r"never did", r"never made it", r"never shipped", r"ran out of time", r"in the backlog",
    r"maybe later", r"some ?day", r"later on maybe", r"not (?:yet|now)",
)
_AGENT = (
    r"(?:team|tpm|pm|manager|lead|engineer|architect|director|vendor|contractor|consultant|"
    r"group|folks|people|colleague|principal)s?"
)
_DID = (
    r"(?:built|did|wrote|made|created|set up|ran|led|handled|owned|drove|designed|"
    r"took care|already had|had already|put together|implemented|introduced|started)"
)
# Done by someone else: read for actions only (a result is often what others could do).
OTHERS = _cues(
    r"(?:was|were) (?:already |actually |really |mostly |all |entirely )?(?:built|done|written|made|"
    r"created|set up|run|led|handled|owned|driven|designed|implemented|introduced|put together|"
    r"fixed|delivered) by",
    r"i (?:just |only )?handed (?:it|that|this|them|those) (?:over |off )?to",
    r"by (?:the|another|a|their) (?:[\w-]+ ){0,2}" + _AGENT,
    r"(?:the|another|a|their) (?!whole |entire |core )(?:[\w-]+ ){1,2}" + _AGENT + " " + _DID,
    r"(?:the|a) (?:tpm|pm|principal engineer|architect|vendor|contractor) " + _DID,
    r"my (?:manager|boss|director|lead|skip) " + _DID,
    # Another's person by role, doing it (issue #27, held-out trap set): "his manager presented it".
    r"(?:his|her|their) (?:manager|boss|director|lead|tpm|pm|team) (?:\w+ed|ran|wrote|built|made|led|did) "
    r"(?:it|them|that|this|those)", r"on (?:his|her|their) own",
    r"someone else", r"somebody else", r"not (?:me|mine)",
    # "…, to be fair, was the payments team's architect; I worked off his diagrams"
    r"(?:was|were) (?:all |really |actually )?(?:the |our |their |another )(?:[\w-]+ ){0,2}(?:team'?s? )?"
    + _AGENT + r"(?:'s)?\b(?! (?:i|we) )",
    r"i (?:just |only |mostly )?(?:worked (?:off|from)|reviewed|consumed|cheered|watched|signed off on) "
    r"(?:his|her|their|the \w+'s)",
    r"rather than (?:producing|building|writing|doing|making|creating|leading) (?:it|them|those|that)",
    r"wasn'?t (?:me|mine|us|ours)",
    r"not (?:really |honestly )?(?:my|our) (?:work|doing|idea|call|piece|part|job|area|project)",
    r"our (?:tpm|pm|principal engineer|architect|director|manager|vp) " + _DID,
    r"i (?:just|only|merely) (?:pointed|linked|forwarded|shared|used|sent|told|reused|asked|"
    r"mentioned|followed|showed)",
    r"(?:he|she|they) (?:built|did|wrote|made|created|set up|ran|led|handled|designed|fixed|"
    r"shipped|delivered) "
    r"(?:it|that|this|them|those|the)",
)
# The opposite happened.
OPPOSITE = _cues(
    r"would" + N + r" call it", r"would" + N + r" say", r"not really", r"(?:was|were)" + N +
    r" really", r"far from", r"anything but", r"got worse", r"(?:became|made (?:it|things)) worse",
    r"slipped", r"(?:was|were) late", r"missed (?:the|our|every|each|it)", r"no improvement",
    r"did" + N + r" (?:really )?(?:improve|help|work|change|move|reduce|drop|go down|stick|land|"
    r"fall|decrease|shrink|budge|get better|come down|go away)",
    r"just as (?:long|slow|bad|many|much|busy)", r"as (?:busy|long|slow|bad) as (?:before|ever)",
    r"in reality", r"less \w+ than (?:i|we|expected|promised|planned|hoped|pitched)",
    r"would" + N + r" (?:claim|pretend)",
    r"nobody used", r"no one used",
    r"never used", r"barely", r"hardly", r"went the other way", r"the opposite",
)
# It happened after all: said in the clause or the one after it.
RESOLVED = _cues(
    r"in the end", r"eventually", r"finally", r"after all", r"anyway", r"at first",
    r"initially", r"which we did", r"and (?:we|i) did", r"(?:we|i) did (?:it|that) anyway",
    r"then went", r"turned (?:it )?around", r"they agreed", r"(?:was|were|got) approved",
    r"said yes", r"signed off", r"went ahead", r"agreed to", r"ended up",
)
# fmt: on
# A clause that turns against the one naming the point and undoes it (issue #27, clause level):
# "I tried to agree a metric up front, but he wouldn't commit to one", "the report was designed,
# but it never went out", "we planned a parallel run, but we skipped it". The turn and a
# negation or a word of undoing must both be there; a turn alone ("but it was worth it") is not.
_TURN = re.compile(r"^(?:but|however|yet)\b", re.IGNORECASE)
_UNDOING = re.compile(
    r"\b(?:never|(?:did|does|do|was|were|is|are|would|could|has|have|had|wo|ca)"
    r"n'?t|cancel+ed|skipped|scrapped|abandoned|fell through|killed|"
    r"(?:switched|turned|rolled) (?:it|that|them) (?:off|back)|reverted|ripped (?:it|that) out|"
    r"let (?:it|that|them) (?:go|die|lapse)|gave (?:it |that )?up)\b",
    re.IGNORECASE,
)
# A clause that asks rather than says: its answer is in the clause after it.
_WHETHER = re.compile(r"^(?:whether|if)\b", re.IGNORECASE)
# What the turn led to, in the clause after it.
_THEREFORE = re.compile(r"^(?:so|and so|and then|which meant|and)\b", re.IGNORECASE)
# A short clause after the point's that says whose it was: "…, by the platform team, not me".
_TRAILING = re.compile(r"^not (?:me|mine|us|ours|i|we)\b", re.IGNORECASE)
# A bare negation right before a word of the point ("it was not predictable").
_NEGATOR = re.compile(r"\b(?:not|never|no|without)\b|n'?t\b", re.IGNORECASE)
_NEGATORS = {"not", "never", "no", "without", "nor", "cannot"}
# Points that are negative themselves ("no lost orders", "zero downtime"): negation says them.
_NEGATIVE_POINT = re.compile(
    r"\b(?:no|not|zero|none|without|never|non|less|fewer|reduc\w*|cut|drop\w*|fell|"
    r"eliminat\w*|avoid\w*|stop\w*|prevent\w*|free)\b|\bnon-|\bun\w+|-free\b",
    re.IGNORECASE,
)


# What the review and the reports say of a point not counted for each reason.
WHY_NOT_COUNTED = {
    "planned": "it sounded only planned or hoped for",
    "refused": "it sounded turned down, put off or dropped",
    "others": "it sounded done by someone else",
    "opposite": "it sounded as if the opposite happened",
}


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# A next sentence that speaks of what came before: "But that never happened." "It got cut."
_BACK = re.compile(
    r"^(?:but|that|it|this|which|though|however|sadly|unfortunately|in the end|"
    r"(?:and|so) (?:it|that|this|then))\b",
    re.IGNORECASE,
)


_CONTRACTED = {
    f"{w}{n}" for w in ("did", "was", "were", "do", "does", "is", "are", "would", "could",
                        "should", "has", "have", "had", "wo", "ca", "won", "can", "ain")
    for n in ("n't", "nt")
}  # fmt: skip
# A point about what was said ("told the lead we would miss the date"): its clause reports.
_REPORTING = re.compile(
    r"\b(?:told|tell|said|say|warned|flagged|informed|explained|admitted|communicated|raised|"
    r"escalated|announced|reported|signalled|signaled)\b",
    re.IGNORECASE,
)


# A clause that goes on saying what its subject did ("The number of fixes, though, didn't fall").
_CONTINUES = re.compile(
    r"^(?:(?:honestly|really|actually|frankly|though|sadly|however|unfortunately|still)\s+)*"
    r"(?:did|didn'?t|was|wasn'?t|were|weren'?t|never|got|had|has|is|isn'?t|went|stayed|slipped|"
    r"fell|rose)\b",
    re.IGNORECASE,
)


def clauses(text: str) -> list[str]:
    """The stretch cut where the sentence turns ("…, but that never happened"); a cut-off word
    or two ("honestly", "though") goes with the clause after it."""
    out: list[str] = []
    carry = ""
    for c in _CUT.split(text):
        c = f"{carry} {c.strip()}".strip() if c else carry
        if len(c.split()) <= 2 and c:
            carry = c
            continue
        carry = ""
        if c:
            out.append(c)
    if carry:
        out.append(carry)
    return out


@functools.lru_cache(maxsize=4096)
def _point_words(point: str) -> frozenset[str]:
    return frozenset(t.norm for t in tokenize(point))


@functools.lru_cache(maxsize=16384)
def _norm(word: str) -> str:
    """text.tokenize's normal form of one word, once per word (stemming dominates the cost)."""
    match = TOKEN.fullmatch(word)
    return make_token(match).norm if match else word.lower()


def _tokens(text: str) -> list[tuple[str, str]]:
    """(word in lower case, normal form) for every word, stop words kept."""
    return [(m.group().lower(), _norm(m.group())) for m in TOKEN.finditer(text)]


def _norms(text: str) -> frozenset[str]:
    """The normal forms of the text's words without stop words, as text.tokenize gives them."""
    return frozenset(n for w, n in _tokens(text) if w not in STOPWORDS)


def _is_cue_of_point(match: re.Match[str], point: str) -> bool:
    """A cue the point says itself ("proposed remote build caching", "deferrals") is no cue."""
    return match.group(0).lower() in point.lower()


def _found(pattern: re.Pattern[str], text: str, point: str) -> bool:
    return any(not _is_cue_of_point(m, point) for m in pattern.finditer(text))


def _negated_word(clause: str, words: frozenset[str]) -> bool:
    """A negator at most three words before a word of the point."""
    tokens = _tokens(clause)
    negator = [w in _NEGATORS or w in _CONTRACTED for w, _ in tokens]
    return any(n in words and any(negator[max(0, i - 3) : i]) for i, (_, n) in enumerate(tokens))


def _split(text: str) -> list[tuple[str, bool]]:
    """(clause, whether it ends its sentence) for every clause of the text."""
    out: list[tuple[str, bool]] = []
    for sentence in _SENTENCE_END.split(text):
        parts = clauses(sentence)
        out += [(c, k == len(parts) - 1) for k, c in enumerate(parts)]
    return out


def not_done(point: str, stretch: str, after: str = "", is_result: bool = False) -> str | None:
    """Why `stretch` names `point` without it being done ("planned", "refused", "others",
    "opposite"), or None. `after`: the text that follows the stretch (a next sentence that
    refers back is read too: "we talked about pilot teams. That never happened.")."""
    parts = _split(stretch)
    if not parts:
        return None
    words = _point_words(point)
    overlap = [len(words & _norms(c)) for c, _ in parts]
    following = _split(after)[:1]
    if not max(overlap):  # a paraphrase: no clause shares a word, the stretch is read whole
        whole = (" , ".join(c for c, _ in parts), True)
        return _reason(point, [whole, *following], 0, is_result, frozenset())
    # Every clause naming the point (the most of its words) must say it was not done.
    reasons = [_reason(point, [*parts, *following], i, is_result, words)
               for i, n in enumerate(overlap) if n == max(overlap)]  # fmt: skip
    return reasons[0] if all(reasons) else None


def _reason(point: str, parts: list[tuple[str, bool]], i: int, is_result: bool,
            words: frozenset[str]) -> str | None:  # fmt: skip
    """The cues of clause i, and of the clause after it when that one is in the same sentence
    or refers back ("But that never happened.")."""
    here, ends = parts[i]
    scope = here
    turned: list[str] = []  # later clauses that turn against it ("…, but he wouldn't commit")
    # Later clauses of its sentence that refer back or go on with its subject, and a next
    # sentence that refers back: "I'd also proposed lint checks, and a migration path, but
    # the leads felt that was too much and we dropped both."
    for clause, last in parts[i + 1 :]:
        if ends:  # the next sentence
            scope = f"{scope} , {clause}" if _BACK.match(clause) else scope
            turned += [clause] if _TURN.match(clause) else []
            break
        if _WHETHER.match(here) and scope == here:  # "whether it helped, I don't know"
            scope = f"{scope} , {clause}"
        if _CONTINUES.match(clause):
            here = f"{here} {clause}"
        if _CONTINUES.match(clause) or _BACK.match(clause) or _TRAILING.match(clause):
            scope = f"{scope} , {clause}"
        if turned and _THEREFORE.match(clause):  # "but the date was tight, so we skipped it"
            turned[0] = f"{turned[0]} {clause}"
        elif _TURN.match(clause) and not turned:
            turned.append(clause)
        ends = last
    # What resolves it must not itself say another did it ("in the end his manager presented it").
    if _found(RESOLVED, scope, point) and not _found(OTHERS, scope, point):
        return None
    if _found(REFUSED, scope, point):
        return "refused"
    if not is_result and _found(OTHERS, scope, point):
        return "others"
    if _REPORTING.search(point):  # what was said, not done: its tense and negation are the point's
        return None
    if _found(OPPOSITE, here, point):
        return "opposite"
    if _found(UNMEASURED, scope, point) or (
        _found(PLANNED, here, point) and not _REASON.match(here)
    ):
        return "planned"
    if words and not _NEGATIVE_POINT.search(point) and _negated_word(here, words):
        return "opposite"
    if _prefix_dropped(point, here):
        return "opposite"
    if _FEWER.search(point) and _MORE.search(here):  # "fewer scripts": "we ran more than before"
        return "opposite"
    if any(_UNDOING.search(c) and not _found(RESOLVED, c, point) for c in turned):
        return "refused"  # the other reasons first: theirs name the cause more exactly
    return None


# A point that something went down, and a clause that says it went up.
_FEWER = re.compile(r"\b(?:fewer|less|lower|reduc\w*|cut|drop\w*|decreas\w*)\b", re.IGNORECASE)
_MORE = re.compile(
    r"\bmore (?:\w+ ){0,3}than (?:before|ever|usual)\b|\b(?:went|gone|got|shot|crept) up\b|"
    r"\b(?:increased|rose|grew|doubled|tripled)\b",
    re.IGNORECASE,
)
_NON = re.compile(r"\bnon-?([a-z]{4,})", re.IGNORECASE)


def _prefix_dropped(point: str, clause: str) -> bool:
    """The point says "non-critical jobs" and the clause "the jobs were critical"."""
    for m in _NON.finditer(point):
        word = m.group(1).lower()
        for said in re.finditer(rf"\b{word}\b", clause, re.IGNORECASE):
            before = clause[max(0, said.start() - 16) : said.start()].lower()
            if not re.search(r"non[- ]?$", before) and not _NEGATOR.search(before):
                return True
    return False


def undone(
    point: str,
    text: str,
    sentences: Sequence[tuple[int, int]],
    supports: Sequence[tuple[int, int]],
    is_result: bool = False,
) -> str | None:
    """Why the point is named but not done, when every stretch of the answer that supports it
    (the matcher's, the words') says so; None when one of them says it plainly. Each stretch
    is read as the whole sentences it touches: a window of words may cut "we talked about"
    off the pilot it names."""
    return undone_by(verdicts(point, text, sentences, supports, is_result), is_result)


def undone_by(reasons: Sequence[str | None], is_result: bool) -> str | None:
    """`undone` from the supporting stretches' verdicts, read once by the caller."""
    if reasons and all(reasons):
        return reasons[0]
    # The story's last word on it: "we'd handle their special cases in a follow-up phase …
    # the follow-up still hasn't happened" (a plain mention, then taken back).
    # A later plan takes back only a result ("we were aiming to have it by the conference"); an
    # action said plainly stays done however the answer goes on about what it was to bring.
    if reasons and reasons[-1] is not None and (is_result or reasons[-1] != "planned"):
        return reasons[-1]
    return None


def verdicts(
    point: str,
    text: str,
    sentences: Sequence[tuple[int, int]],
    supports: Sequence[tuple[int, int]],
    is_result: bool = False,
) -> list[str | None]:
    """not_done of each supporting stretch, in the answer's order. Some saying not done and
    others saying nothing of it is when it matters which of them are about the point
    (keypoints._not_the_setting)."""
    spans = sorted({_around(span, sentences) for span in supports})
    # A sentence that names the point in its own words outweighs one that is only about the
    # same thing (the matcher reads topic): "the part I'm happiest with is diagnosis" does not
    # take back "on-call fatigue, honestly, didn't improve".
    specific = _point_words(point) - GENERIC
    named = [len(specific & _norms(text[a:b])) for a, b in spans]
    # …and one naming two of its words outweighs one naming a single word ("the plan was to rip
    # out the optimistic path" against "we're maintaining two paths").
    most = max(named, default=0)
    naming = [span for span, n in zip(spans, named, strict=True) if n and n >= min(2, most)]
    return [not_done(point, text[a:b], text[b : b + 240], is_result) for a, b in naming or spans]


def _around(span: tuple[int, int], sentences: Sequence[tuple[int, int]]) -> tuple[int, int]:
    inside = [(a, b) for a, b in sentences if a < span[1] and span[0] < b]
    if not inside:
        return span
    return min(a for a, _ in inside), max(b for _, b in inside)
