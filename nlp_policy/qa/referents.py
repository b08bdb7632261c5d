"""Who-answers that name their parties only by a generic noun.

"Wem drohen Strafen?" is answered by "Bei Verstößen drohen den Unternehmen Strafen."
and the text named those companies the sentence before ("… ist es App-Store-Betreibern
wie X und Y untersagt, …"): an answer that says "den Unternehmen" says nothing about
who they are. When a who-answer's last sentence names no person or organisation but
calls a party by a generic noun after an article (data/qa_referents.json), the sentence
before it in its paragraph, when it names a person, an organisation or a role
(qa/agents.py agent_words, role_nouns), joins the answer.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from nlp_policy.qa.agents import agent_words, role_nouns
from nlp_policy.qa.index import RecordIndex
from nlp_policy.qa.question import Question, fold
from nlp_policy.qa.types import Answer
from nlp_policy.resources import load_json
from nlp_policy.text.clean import clean


@lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], frozenset[str]]:
    d = load_json("qa_referents.json")
    return frozenset(fold(w) for w in d["articles"]), frozenset(fold(w) for w in d["generic_nouns"])


def with_referent(q: Question, idx: RecordIndex, a: Answer) -> Answer:
    """The answer with the sentence that names the parties its generic noun refers
    to (see the module docstring); else the answer as it is."""
    if q.wh != "who" or a.verdict == "unknown" or not a.evidence:
        return a
    last = max(a.evidence, key=lambda e: e.start)
    s = idx.by_id.get(last.sentence)
    if s is None or s.pos <= 0 or agent_words(s, idx, q, named_only=True) or not _generic_party(s):
        return a
    before = idx.sents[s.pos - 1]
    if s.sentence.start - before.sentence.end > 1 or not (agent_words(before, idx, q) or role_nouns(before, q)):
        return a  # the paragraph begins with the answer's sentence, or nobody is named there
    if any(e.sentence == before.sentence.id for e in a.evidence):
        return a
    text = clean(before.sentence.text).text.strip()
    evidence = tuple(sorted(a.evidence + idx.evidence([before.sentence.id]), key=lambda e: e.start))
    return replace(a, answer=f"{a.answer} {text}", evidence=evidence)


def _generic_party(s) -> bool:
    """A generic party noun after an article ("den Unternehmen", "die Betreiber")."""
    articles, nouns = _words()
    toks = s.tokens
    return any(t.capitalised and t.folded in nouns and i > 0 and toks[i - 1].folded in articles for i, t in enumerate(toks))
