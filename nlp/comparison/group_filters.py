"""Group filters: which claims of analyze's table may join a claim group.

`comparable_claims(claims)` takes the claims table joined with each document's
outlet (and, when known, `in_speaker`: whether a claim lies within a quote's
speaker) and returns the rows that state a number of something in an article's
reporting, each with its `unit_key`; `reporting(claims)` is the part of that
test that any figure, a score's sides too, must pass. Claims in captions,
gallery counters, video widgets, bylines and timestamps never join a group
(`is_noise`, which reads the claim's own line of a sentence that runs over
several), nor does a sentence that one outlet prints in several articles (its
boilerplate).
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from nlp.lexicons import field_rows, word_list

UNNAMED_COUNT = "(number)"  # the unit key of "143 million" said without a noun: a count of something the sentence names
LARGE_SCALES = ("thousand", "million", "billion", "trillion", "lakh", "crore")  # scale words of a stated count, not a vague one
BOILERPLATE_DOCS = 3  # documents of one outlet with the same sentence from which it is boilerplate
BODY_CONTEXTS = ("body", "quote", "headline", "title", "lead")  # claims' `context` values that are reporting
GALLERY_COUNTER = re.compile(r"\b(\d{1,2}) ?/ ?(\d{1,2})\b(?= +[A-Z0-9])")  # "7/8 Emergency services ..."
PHOTO_CREDIT = re.compile(r"\w/(?:PA|AP|AFP|Reuters|Getty|EPA|Rex)\b|\b(?:AP|PA|Reuters|AFP|EPA) Images?\b")
STAMP_REACH = 30  # characters after an update stamp's marker that its date, time and byline take ("Updated: 10:32 EDT, 15 July 2016")
CLOCK_TIME = re.compile(r"^\d{1,2}[:.]\d{2}\b")
MODEL_NAME = re.compile(r"^(?:[A-Z]+-?\d+|\d+[A-Z]|\d{3,4}[pi])$")  # "PS4", "F-16", "4K", "Long March 4C", "1080p" (a video format): a product or format, not a figure
NEW_LINE = re.compile(r"\n(?=\s*[A-Z\"“‘'•])")  # a line break before a capital or a quotation opens a paragraph, caption or headline


def noise_markers() -> frozenset[str]:
    return word_list("lexicons/compare_noise.txt")


def stamp_markers() -> frozenset[str]:
    return word_list("lexicons/compare_stamps.txt")


def in_stamp(lowered_sentence: str, claim_text: str) -> bool:
    """Whether the claim stands within STAMP_REACH characters after an update stamp or byline marker."""
    at = lowered_sentence.find(claim_text.lower())
    for marker in stamp_markers():
        start = lowered_sentence.find(marker)
        if start >= 0 and (at < 0 or start <= at <= start + len(marker) + STAMP_REACH):
            return True
    return False


@cache
def vague_words() -> frozenset[str]:
    """"dozens", "thousands", ...: a figure nobody states, so two of them agree or differ by chance."""
    return frozenset(row[0].lower() for row in field_rows("lexicons/number_words.tsv") if len(row) > 2 and row[2] == "vague")


def is_vague(claim_text: str) -> bool:
    """Whether a claim's number is only vague words ("dozens of", "tens of thousands"), no digits."""
    words = [word for word in re.findall(r"[a-z]+", claim_text.lower()) if word != "of"]
    return not re.search(r"\d", claim_text) and any(word in vague_words() for word in words)


def claim_line(sentence: str, text: str) -> str:
    """The line of a sentence that holds the claim's text. A caption, headline or credit without a full stop runs
    into the next paragraph as one "sentence" ("Photograph: Jane Doe/Getty Images\nThe price fell to $5,920"); the
    claim's own line says where it stands. A line break before a lower-case word wraps one sentence, kept whole."""
    lines = NEW_LINE.split(sentence)
    holding = [line for line in lines if text and text in line]
    return holding[0].strip() if len(lines) > 1 and holding else sentence


def is_noise(sentence: str, claim_text: str) -> bool:
    """Whether a claim stands in a caption, gallery, video widget, byline or timestamp rather than in reporting.
    Only the claim's own line counts: a caption glued to a paragraph as one "sentence" makes no noise of the paragraph."""
    line = claim_line(sentence, claim_text)
    lowered = line.lower()
    if any(marker in lowered for marker in noise_markers()) or PHOTO_CREDIT.search(line) or in_stamp(lowered, claim_text):
        return True
    if opens_with_credit(line) and sum(opens_with_credit(other) for other in NEW_LINE.split(sentence)) > 1:
        return True  # a photo gallery: each caption opens with the previous picture's credit ("Reuters Around 100 people ...")
    counters = [(int(found[1]), int(found[2])) for found in GALLERY_COUNTER.finditer(line)]
    return any(0 < shown <= total for shown, total in counters) or bool(CLOCK_TIME.match(claim_text.strip()))


@cache
def _credit_opening() -> re.Pattern:
    agencies = sorted(word_list("lexicons/photo_agencies.txt"), key=len, reverse=True)
    return re.compile(rf"^\W*(?i:{'|'.join(re.escape(agency) for agency in agencies)})[\s:]+[A-Z]")


def opens_with_credit(line: str) -> bool:
    """Whether a line opens with a picture agency's credit before a capitalised word ("AP:Associated Press An aerial view")."""
    return bool(_credit_opening().match(line.strip()))


def is_unnamed_count(claim_text: str) -> bool:
    """Whether a claim without a unit still states a count: "143million", "145.5 million" (a scale word after digits)."""
    return bool(re.search(rf"\d\s*(?:{'|'.join(LARGE_SCALES)})\b", claim_text.lower()))


def is_lone_one(claim_text: str, quantity, names_speaker: bool = False) -> bool:
    """Whether a claim is the word "one" naming an instance ("one witness said", "one way or another", "one side")
    rather than counting: a count of one says what happened to it ("one worker injured"). Within a quote's speaker
    ("one social media user tweeted ...", `names_speaker`) it names who spoke, however long its noun."""
    return claim_text.strip().lower() == "one" and (names_speaker or len(str(quantity or "").split()) < 2)


def is_next_instance(claim_text: str) -> bool:
    """Whether a claim is the ordinal "second" naming the next instance of something ("a second time", "a second
    launch", "its second appearance"), as "another" would, rather than counting occurrences as "the 19th launch"
    or "for the eighth time in nine games" do: "second time" sentences of one story tell different events apart."""
    return claim_text.strip().lower() == "second"


def in_speaker(claims: pd.DataFrame, quotes: pd.DataFrame) -> pd.Series:
    """Whether each claim's span lies within the speaker span of a quote of its document ("One social media user")."""
    speakers = quotes.dropna(subset=["speaker_start", "speaker_end"])[["doc_id", "speaker_start", "speaker_end"]]
    spans = claims[["doc_id", "start", "end"]].reset_index().merge(speakers, on="doc_id")
    inside = spans[(spans["start"] >= spans["speaker_start"]) & (spans["end"] <= spans["speaker_end"])]["index"]
    return pd.Series(claims.index.isin(inside), index=claims.index)


def comparable_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims that may join a group: a number of something, said in an article's reporting."""
    unit = claims["unit_normalized"] if "unit_normalized" in claims.columns else pd.Series(None, index=claims.index, dtype=object)
    unit = unit.fillna(claims["unit"])
    unnamed = unit.isna() & pd.Series([is_unnamed_count(str(text)) for text in claims["text"].fillna("")], index=claims.index, dtype=bool)
    claims = claims.assign(unit_key=unit.mask(unnamed, UNNAMED_COUNT).astype("string"))
    keep = claims["unit_key"].notna() & claims["low"].notna() & claims["factor"].isna() & reporting(claims)
    speaking = claims["in_speaker"] if "in_speaker" in claims.columns else pd.Series(False, index=claims.index)
    keep &= ~pd.Series([is_lone_one(str(text), quantity, bool(inside)) or is_next_instance(str(text)) for text, quantity, inside in zip(claims["text"], claims["quantity"], speaking)], index=claims.index)
    return claims[keep]


def reporting(claims: pd.DataFrame) -> pd.Series:
    """Whether each claim stands in an article's reporting: a body context, no noise line, no vague amount or model
    name, no sentence that its outlet prints in BOILERPLATE_DOCS articles or more."""
    keep = pd.Series(True, index=claims.index)
    if "context" in claims.columns:
        keep &= claims["context"].isna() | claims["context"].isin(BODY_CONTEXTS)
    sentences, texts = claims["sentence_text"].fillna("").astype(str), claims["text"].fillna("").astype(str)
    keep &= ~pd.Series([is_noise(sentence, text) or is_vague(text) or bool(MODEL_NAME.match(text.strip())) for sentence, text in zip(sentences, texts)], index=claims.index)
    # A sentence one outlet prints in many articles is its boilerplate ("Sign up for our ... 3 times a week").
    keep &= claims.assign(sentences=sentences).groupby(["outlet", "sentences"], dropna=False)["doc_id"].transform("nunique") < BOILERPLATE_DOCS
    return keep
