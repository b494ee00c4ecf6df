"""Which named side of a result won: "Arsenal 1-2 Chelsea" and "Arsenal 2-1 Chelsea" state one score, not one result.

`result_teams(sentence, span, sides, names)` takes a result's sentence, the
score's span in it, its sides as written and the named entities of the
sentence (sentence offsets and text), and returns `(name, won)`
per side it can tell: in a scoreline ("Arsenal 1-2 Chelsea") each name takes
the number next to it; next to a word of the outcome (`compare_outcomes.tsv`:
"Arsenal beat Chelsea 2-1", "Chelsea lost 1-2 to Arsenal", "a 34-6 win over
the Texans", "were hammered 30-10 by the Chargers") the side named before the
word won or lost as the word says and the side named after it the opposite,
whatever order the numbers are written in ("lost 2-1 to Arsenal" and "lost
1-2 to Arsenal" are one result). A draw, or a sentence naming no side, gives
nothing: such a result is compared largest side first. `same_result(a, b)`
says whether two results are one: the same sides, and not every side both
name won in one and lost in the other.
"""

from __future__ import annotations

import re

from nlp.lexicons import pair_table

OUTCOMES = "lexicons/compare_outcomes.tsv"
NAME_GAP = 30  # the most characters between a side's name and the score or the outcome word that names it
SPACE = re.compile(r"\s+")  # between a scoreline's names and its score: "Arsenal 1-2 Chelsea", never "Indians, 8-7, Maddon said"
BLANK = re.compile(r",?\s*")  # between the object of an outcome word and the score: "beat Chelsea 2-1", "beat Chelsea, 2-1"
# After an outcome word, before the side named as its object or opponent ("beat the", "edged out the", "lost to").
OBJECT_AFTER = re.compile(r"(?:\s+(?:out|off|past))?\s+(?:(?:to|by|over|against)\s+)?(?:the\s+)?$", re.IGNORECASE)
OPPONENT_BEFORE = re.compile(r"\b(?:over|to|by|against)\s+(?:the\s+)?$", re.IGNORECASE)  # "a 34-6 win over the Texans"
PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|been|being|be|get|got)\s+$", re.IGNORECASE)  # "were hammered 30-10 by"
WORD = re.compile(r"[A-Za-z]+")

Name = tuple[int, int, str]  # a named entity's start and end in its sentence, and its text
Team = tuple[str, bool]  # a side's name as written, and whether it won


def name_words(name: str) -> frozenset[str]:
    """The words that name a side, lower-cased ("the Chicago Cubs" and "Cubs" share "cubs")."""
    return frozenset(word.lower() for word in WORD.findall(name) if word.lower() != "the")


def result_teams(sentence: str, span: tuple[int, int], sides: tuple[float, float], names: list[Name]) -> tuple[Team, ...]:
    """(name, won) of each side the sentence names in a way that tells who won (see the module docstring)."""
    start, end = span
    if sides[0] == sides[1]:
        return ()
    before = [name for name in names if name[1] <= start]
    after = [name for name in names if name[0] >= end]
    last, following = (before[-1] if before else None), (after[0] if after else None)
    if last and following and SPACE.fullmatch(sentence[last[1] : start]) and SPACE.fullmatch(sentence[end : following[0]]):
        return ((last[2], sides[0] > sides[1]), (following[2], sides[1] > sides[0]))
    if last and BLANK.fullmatch(sentence[last[1] : start]):
        # "Arsenal beat Chelsea 2-1", "beating the Indians 8-7": the outcome word comes before the score's object.
        teams = _object_of_outcome(sentence, before[-2] if len(before) > 1 else None, last)
        if teams:
            return teams
    # "Chelsea lost 1-2 to Arsenal", "Arizona's 26-24 victory over the Seahawks": an outcome word either side of the score.
    windows = ((max(last[1] if last else 0, start - NAME_GAP), start), (end, min(following[0] if following else len(sentence), end + NAME_GAP)))
    words = [match for low, high in windows for match in WORD.finditer(sentence, low, high)]
    for match in sorted(words, key=lambda match: max(start - match.end(), match.start() - end)):  # nearest the score first
        won = _outcome(sentence, match)
        if won is None:
            continue
        subject = last if last and start - last[1] <= NAME_GAP else None
        opponent = following if following and following[0] - end <= NAME_GAP and OPPONENT_BEFORE.search(sentence, end, following[0]) else None
        return tuple((name[2], side_won) for name, side_won in ((subject, won), (opponent, not won)) if name)
    return ()


def _object_of_outcome(sentence: str, subject: Name | None, obj: Name) -> tuple[Team, ...]:
    """The sides of "[SUBJECT] WORD [the] OBJECT SCORE" when an outcome word comes right before the object."""
    low = max(subject[1] if subject else 0, obj[0] - NAME_GAP)
    object_start = OBJECT_AFTER.search(sentence, low, obj[0])
    word = re.search(r"[A-Za-z]+$", sentence[low : object_start.start()]) if object_start else None
    if word is None:
        return ()
    match = WORD.search(sentence, low + word.start())
    won = _outcome(sentence, match)
    if won is None:
        return ()
    if subject is not None and match.start() - subject[1] <= NAME_GAP:
        return ((subject[2], won), (obj[2], not won))
    return ((obj[2], not won),)


def _outcome(sentence: str, word: re.Match) -> bool | None:
    """Whether the subject of an outcome word won (None: not such a word); a win word after "be" is passive."""
    polarity = pair_table(OUTCOMES).get(word[0].lower())
    if polarity is None:
        return None
    won = polarity == "win"
    passive = won and not word[0].lower().endswith("ing") and PASSIVE_BEFORE.search(sentence, 0, word.start())
    return not won if passive else won


def same_result(a: dict, b: dict) -> bool:
    """Whether two results are one: the same sides (largest first), and not reversed for every side both name."""
    if a["sides"] != b["sides"]:
        return False
    verdicts = {won == other_won for name, won in a.get("teams") or () for other, other_won in b.get("teams") or () if name_words(name) & name_words(other)}
    return verdicts != {False}


def told(result: dict) -> str:
    """A result as a reason shows it: the score, and who won when its sentence says ("2-1 to Arsenal")."""
    winners = [name for name, won in result.get("teams") or () if won]
    losers = [name for name, won in result.get("teams") or () if not won]
    if winners:
        return f"{result['text']} to {winners[0]}"
    return f"{result['text']} against {losers[0]}" if losers else str(result["text"])
