"""Quote attribution: who said what.

Modules, in the order the work flows:
- `marks`: quotation marks paired within paragraphs; direct, mixed or indirect.
- `document`: the shared look-ups over one parsed document.
- `verbs`, `phrases`: rule cues (reporting verbs; cue nouns, "according to", colons).
- `floating`: quotations without a cue of their own.
- `learned`: the attribution tagger's spans, linked to a cue and a source, merged with the rules.
- `speakers`: sources resolved to names, entities and types.
- `component`: the `presslens_quotes` spaCy component that sets `doc._.quotes`.
"""

from nlp.extract.quotes.component import MODES, Quote, QuoteFinder
from nlp.extract.quotes.marks import Quotation, find_quotations, quotation_kind
from nlp.extract.quotes.speakers import Speaker, is_outlet

__all__ = ["MODES", "Quote", "QuoteFinder", "Quotation", "Speaker", "find_quotations", "is_outlet", "quotation_kind"]
