"""Quotations without a cue verb of their own: introduced, signed, beside a verb, or floating.

`UnclaimedQuotations(doc)._add_unclaimed_quotations(attributions)` takes the
cue attributions and returns them with the quotations none of them holds:
colon- and dash-introduced ('Maria Lopez ― "..."', '"..." ― Pamela Padilla'),
beside a verb outside the lexicon ('"...," she quipped.'), or continuing the
attribution just before them (same paragraph, a paragraph left open, or the next
paragraph: floating quotes), all in text order.
"""

from __future__ import annotations

import re

from bisect import bisect_left, bisect_right

from spacy.tokens import Span, Token

from nlp.extract.quotes.document import PARAGRAPHS, Attribution, end_of, trim_span
from nlp.extract.quotes.marks import INTRODUCING_MARK, Quotation
from nlp.extract.quotes.phrases import PRONOUNS, PhraseCues

REPORTING_CLAUSE_TOKENS = 5  # '"...," the senator from Ohio quipped.' reaches its verb within this many tokens
SIGNING_MARK = re.compile(r"\s*(―|—|–|--)\s*")
INTRODUCER_TOKENS = 14  # "Maria Lopez, 24, a student from Phoenix ―"
SPEECH_MIN_WORDS = 4  # shorter quotations without a reporting verb are titles, nicknames or scare quotes


class UnclaimedQuotations(PhraseCues):
    """Pass 3: the quotations that no cue attribution holds."""

    def _add_unclaimed_quotations(self, attributions: list[Attribution]) -> list[Attribution]:
        """Colon- and dash-introduced, floating and multi-paragraph quotations, merged into document order.

        One sweep through the quotations in text order: `covering` holds the attributions whose
        content reaches the current quotation, `last_held` the latest quotation some attribution holds.
        """
        pending = sorted(attributions, key=lambda attribution: attribution.start)
        starts = [attribution.start for attribution in pending]
        cues = {attribution.cue_start for attribution in pending}
        added: list[Attribution] = []
        covering: list[Attribution] = []
        next_pending = 0
        last_held: tuple[Quotation, Attribution] | None = None
        for quotation in self.quotations:
            while next_pending < len(pending) and pending[next_pending].start <= quotation.start:
                covering.append(pending[next_pending])
                next_pending += 1
            covering = [a for a in covering if a.end > quotation.start]
            if covering:
                last_held = (quotation, min(covering, key=lambda a: a.end - a.start))
                continue
            long_enough = self._long_enough(quotation)
            attribution = (self._introduced(quotation) or self._beside_a_verb(quotation, cues)) if long_enough else None
            if attribution is None and last_held is not None:
                held, holder = last_held
                # A continuation opens a sentence, or resumes right after the reporting clause ('"A," he said, "b"').
                # Another verb in between ('"A," she sings to him before asking, "b"') reports a second statement.
                resumes = holder.cue_start is not None and held.end <= holder.cue_start < quotation.start
                resumes = resumes and not any(token.pos_ == "VERB" for token in self._words(holder.cue_end, quotation.start))
                if (self._opens_sentence(quotation.start) or resumes) and self._continues(held, holder, quotation, pending, starts):
                    if not self._line_break_between(holder.end, quotation.start) or (not held.closed and not self.text[held.end : quotation.start].strip()):
                        # Same paragraph ('"A," he said. "B"', however short B is), or a quotation left open that the next paragraph reopens.
                        holder.end = max(holder.end, quotation.end)
                        covering.append(holder)
                        last_held = (quotation, holder)
                        continue
                    if long_enough:
                        attribution = Attribution(quotation.start, quotation.end, holder.source, None, None, speaker=self.speaker_of(holder))
            if attribution is not None:
                added.append(attribution)
                covering.append(attribution)
                cues.add(attribution.cue_start)
                last_held = (quotation, attribution)
        return sorted(pending + added, key=lambda attribution: attribution.start)

    def _continues(self, held: Quotation, holder: Attribution, quotation: Quotation, pending: list[Attribution], starts: list[int]) -> bool:
        """Whether `quotation` continues `holder`, the attribution holding `held`: in the same paragraph or
        the next, with no other speaker's attribution starting in between. One inside the holder's source
        ('"A," said Peter King, who endorsed Mr. Rubio. "B"') or on a verb hung on the holder's own
        ('"A," he said, referring to the debate. "B"') is the same speaker's."""
        gap = self.text[held.end : quotation.start]
        if len(gap) > 300 or len(PARAGRAPHS.findall(gap)) > 1:
            return False
        between = pending[bisect_left(starts, held.end) : bisect_left(starts, quotation.start)]
        return all(self._same_speaker(holder, attribution) for attribution in between)

    def _same_speaker(self, holder: Attribution, other: Attribution) -> bool:
        """Whether `other` starts inside the holder's source or hangs, subjectless, on the holder's cue verb."""
        source = holder.source
        if source is not None and source.start_char <= other.start < source.end_char:
            return True
        if holder.cue_start is None or other.cue_start is None:
            return False
        holder_cue = self.doc[bisect_left(self.token_starts, holder.cue_start)]
        other_cue = self.doc[bisect_left(self.token_starts, other.cue_start)]
        return other_cue.head == holder_cue and other_cue.dep_ in ("advcl", "conj", "xcomp") and not self._subjects(other_cue)

    def _introduced(self, quotation: Quotation) -> Attribution | None:
        """'Maria Lopez, 24, a student ― "..."', 'Doyle: "..."', '"..." ― Pamela Padilla'."""
        introduced = self._introducer_of(quotation)
        if introduced is None:
            return None
        lead, mark_start, mark_end = introduced
        return Attribution(quotation.start, quotation.end, lead, mark_start, mark_end)

    def _beside_a_verb(self, quotation: Quotation, cues: set[int | None]) -> Attribution | None:
        """'"...," he shot back.': a verb outside the lexicon in the reporting clause's place."""
        verb = self._verb_beside(quotation)
        if verb is None or verb.idx in cues:
            return None
        return Attribution(quotation.start, quotation.end, self._source_of(verb, quotation.start, quotation.end), verb.idx, end_of(verb))

    def _introducer_of(self, quotation: Quotation) -> tuple[Span, int, int] | None:
        """A short name with a colon or dash that opens the quotation's line ('Maria Lopez, 24 ― "..."')
        or, set off by a dash, closes it ('"..." ― Pamela Padilla'): the source and the mark."""
        line_start, line_end = self._line_around(quotation.start)
        line_end = max(line_end, quotation.end)  # a quotation left open ends at its line's end
        before = self.text[max(line_start, quotation.start - 8) : quotation.start].rstrip()  # only a mark's width matters
        opening = INTRODUCING_MARK.search(before)
        closing = SIGNING_MARK.match(self.text, quotation.end, line_end)
        if opening is not None:
            offset = max(line_start, quotation.start - 8)
            mark_start, mark_end = offset + opening.start(), offset + opening.end()
            sentence_start = self.sentences[bisect_right(self.sentence_starts, mark_start) - 1].start_char
            lead = self.doc.char_span(max(line_start, sentence_start), mark_start, alignment_mode="contract")
        elif closing is not None:
            mark_start, mark_end = closing.start(1), closing.end(1)
            lead = self.doc.char_span(mark_end, line_end, alignment_mode="contract")
        else:
            return None
        if lead is None or not 0 < len(lead) <= INTRODUCER_TOKENS:
            return None
        if not any(token.ent_type_ in ("PERSON", "ORG", "NORP") or token.pos_ == "PROPN" or token.lower_ in PRONOUNS for token in lead):
            return None
        if any(token.pos_ in ("VERB", "AUX") and token.lemma_.lower() not in self.verbs for token in lead):
            return None
        mark_start += len(self.text[mark_start:mark_end]) - len(self.text[mark_start:mark_end].lstrip())
        return trim_span(lead), mark_start, mark_end

    def _verb_beside(self, quotation: Quotation) -> Token | None:
        """The verb of a short clause that ends the sentence right after a quotation ('"...," she quipped.'),
        or of one that ends right before it ('Protesters chanted: "..."')."""
        following = bisect_left(self.token_starts, quotation.end)
        clause = [token for token in self.doc[following : following + REPORTING_CLAUSE_TOKENS + 2] if not token.is_space]
        if clause and clause[0].text == ",":
            clause = clause[1:]
        for position, token in enumerate(clause[:REPORTING_CLAUSE_TOKENS]):
            if token.is_punct:
                break
            if token.pos_ == "VERB" and self._subjects(token):
                rest = clause[position + 1 :]
                return token if rest and rest[0].text in (".", "!", "?", ":") else None
        preceding = [token for token in self.doc[max(0, bisect_left(self.token_starts, quotation.start) - 2) : bisect_left(self.token_starts, quotation.start)] if not token.is_space]
        if preceding and preceding[-1].text in (":", ","):
            preceding = preceding[:-1]
        if preceding and preceding[-1].pos_ == "VERB" and self._subjects(preceding[-1]):
            return preceding[-1]
        return None

    def _long_enough(self, quotation: Quotation) -> bool:
        return len(self.text[quotation.start : quotation.end].strip(" \"“”„«»'`‘’").split()) >= SPEECH_MIN_WORDS

    def _opens_sentence(self, start: int) -> bool:
        """Whether a quotation starting at `start` is a sentence of its own rather than a phrase quoted inside one."""
        before = self.text[self._line_around(start)[0] : start].rstrip()
        return not before or before[-1] in ".!?:\"”'―—–-"
