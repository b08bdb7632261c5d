"""The ``policy_clauses`` component: rules and changes of rules as spans.

For every sentence it finds the clause parts (``clause_rules``), links them
(exception limits, update corrects, ...), names the issuer from the entity
mentions, and writes ``doc.spans["policy_clauses"]`` with the clause type as
label and the details as span extensions (see ``extensions.py``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp_policy.pipeline.batching import BatchPipe
from nlp_policy.pipeline import extensions as ext
from nlp_policy.pipeline.doctokens import doc_text
from nlp_policy.pipeline.segmenter import ensure_sentences
from nlp_policy.pipeline.clauses import rules as clause_rules
from nlp_policy.pipeline.clauses.rules import ClauseDraft, analyse_sentence, link, use_lemma_table
from nlp_policy.resources import load_json

_ISSUER_LABELS = ("ORG", "PER")

#: How many sentences the clause memo keeps (least recently used go first). On 400
#: generated docs (6,958 sentences, 3,795 distinct) a memo per batch of 64 docs
#: analysed 5,130 sentences, one of 1,024 sentences 4,315, of 2,048 3,944 (and a
#: second pass over the same docs 3,613: the docs are too many to be remembered
#: whole); 2,048 sentences' drafts take a few MiB.
SENTENCE_MEMO = 2048
_NO_ISSUER = ("uncertainty",)


class PolicyClauses(BatchPipe):
    """Find clauses in a doc and set them on ``doc.spans["policy_clauses"]``."""

    def __init__(self, nlp: Language, name: str = "policy_clauses", *, span_key: str = ext.CLAUSE_GROUP):
        """span_key (str): the span group to write."""
        self.name = name
        self.span_key = span_key
        self._nlp = nlp
        self._lemmas_checked = False
        # sentence memo, see _analyse: (text, after_update) -> drafts, least recently used first
        self._memo: OrderedDict[tuple[str, bool], list[ClauseDraft]] = OrderedDict()
        self._memo_table: object = None  # the lemma table the memo's drafts were found with

    def clear_memo(self) -> None:
        """Forget the sentences analysed so far (the next doc is analysed in full)."""
        self._memo.clear()

    def _share_lemma_table(self) -> None:
        """Hand the pipeline's lemma lookup table (already loaded) to the rules,
        so the lexicon reads the same lemmas as the tokens carry."""
        self._lemmas_checked = True
        if "lemmatizer" in self._nlp.pipe_names:
            lookups = getattr(self._nlp.get_pipe("lemmatizer"), "lookups", None)
            if lookups is not None and lookups.has_table("lemma_lookup"):
                use_lemma_table(lookups.get_table("lemma_lookup"))

    def __call__(self, doc: Doc) -> Doc:
        ensure_sentences(doc)  # a blank pipeline has none: use the project's segmenter
        if not self._lemmas_checked:
            self._share_lemma_table()
        drafts = self.find_clauses(doc)
        self.set_annotations(doc, drafts)
        return doc

    # -- finding -----------------------------------------------------------
    def find_clauses(self, doc: Doc) -> list[ClauseDraft]:
        """Clause drafts of a doc, in document order, linked and with issuers."""
        drafts: list[ClauseDraft] = []
        after_update, last_end = False, 0
        text = doc_text(doc)  # spaCy builds doc.text (and each sent.text) anew on every access
        for i, sent in enumerate(doc.sents):
            start, end = sent.start_char, sent.end_char
            sent_text = text[start:end]  # == sent.text
            if not sent_text.strip():
                continue
            if "\n\n" in text[last_end:start]:
                after_update = False  # a correction ends with its paragraph
            found = self._analyse(sent_text, start, i, after_update)
            after_update = after_update or any(d.type == "update" for d in found)
            drafts.extend(found)
            last_end = end
        link(drafts)
        self._assign_issuers(doc, drafts, text)
        return drafts

    def _analyse(self, text: str, offset: int, index: int, after_update: bool) -> list[ClauseDraft]:
        """``analyse_sentence``, read from the memo when the sentence was met lately.

        A sentence's clauses depend only on its text and on whether it follows a
        correction (repeated boilerplate, agency copy, the same article twice), so
        the last ``SENTENCE_MEMO`` sentences are kept, across docs and batches.
        """
        memo = self._memo
        if clause_rules._lemma_table is not self._memo_table:  # other lemmas, other clauses
            memo.clear()
            self._memo_table = clause_rules._lemma_table
        key = (text, after_update)
        drafts = memo.get(key)
        if drafts is None:
            drafts = memo[key] = analyse_sentence(text, 0, 0, after_update=after_update)
            if len(memo) > SENTENCE_MEMO:
                memo.popitem(last=False)
        else:
            memo.move_to_end(key)
        # the drafts' offsets are the sentence's plus the part's; linking and issuers
        # change the copies, never the memo's drafts
        return [
            ClauseDraft(
                type=d.type,
                start=offset + d.start,
                end=offset + d.end,
                trigger=(offset + d.trigger[0], offset + d.trigger[1]),
                negated=d.negated,
                scope={k: list(v) for k, v in d.scope.items()},
                text=d.text,
                sentence_index=index,
                issuer=d.issuer,
                addressees=list(d.addressees),
                action=d.action,
                relations=list(d.relations),
            )
            for d in drafts
        ]

    def _assign_issuers(self, doc: Doc, drafts: list[ClauseDraft], text: str) -> None:
        # mentions by start offset, so each clause looks only at its own range
        # (a scan of all mentions per clause is quadratic on long documents)
        mentions = sorted(
            (s for s in doc.spans.get(ext.ENTITY_GROUP, []) if s.label_ in _ISSUER_LABELS),
            key=lambda s: s.start_char,
        )
        starts = [m.start_char for m in mentions]
        previous: str | None = None
        for d in drafts:
            if d.type in _NO_ISSUER:
                continue
            inside = []
            for m in mentions[bisect_left(starts, d.start) :]:
                if m.start_char >= d.end:
                    break
                if m.end_char <= d.end:
                    inside.append(m)
            before = [m for m in inside if m.end_char <= d.trigger[0] and not self._is_object(doc, m)]
            chosen = (before or (inside if d.type == "update" else []))[:1]
            objects = [
                m._.entity_key or m.text
                for m in inside
                if self._is_object(doc, m) or 0 <= m.start_char - d.trigger[1] <= 2  # "untersagt X ..."
            ]
            d.addressees = list(dict.fromkeys(objects + d.addressees))
            if chosen:
                d.issuer = chosen[0]._.entity_key or chosen[0].text
                # the issuer's own name ("Österreichische Datenschutzbehörde") binds no one
                issuer_phrase = text[d.start : chosen[0].end_char]  # doc.text is rebuilt per access
                d.addressees = [a for a in d.addressees if a in objects or a not in issuer_phrase]
            elif d.relations:
                d.issuer = drafts[d.relations[0][1]].issuer
            elif d.type != "lifting":
                d.issuer = previous
            previous = d.issuer or previous

    @staticmethod
    def _is_object(doc: Doc, mention: Span) -> bool:
        """A name after a dative/accusative article in the same phrase (``dem US-Unternehmen X``)."""
        data = load_json("clause_triggers.json")
        for t in reversed(doc[max(mention.start - 5, 0) : mention.start]):
            if (t.is_punct and t.text != "-") or t.lower_ in data["phrase_breakers"]:
                return False
            if t.lower_ in data["object_articles"]:
                return True
        return False

    # -- writing -----------------------------------------------------------
    def set_annotations(self, doc: Doc, drafts: list[ClauseDraft]) -> None:
        spans: list[Span] = []
        ids = [f"c{n}" for n in range(1, len(drafts) + 1)]
        for cid, d in zip(ids, drafts):
            span = doc.char_span(d.start, d.end, label=d.type, alignment_mode="expand")
            if span is None:
                continue
            # one Underscore for the nine values (``span._`` builds a new one per access;
            # the values live in doc.user_data, keyed by the span's offsets)
            u = span._
            u.clause_id = cid
            u.clause_type = d.type
            u.negated = d.negated
            u.scope = d.scope
            u.issuer = d.issuer
            u.addressees = list(d.addressees)
            u.action = d.action
            u.relations = [[rel, ids[j]] for rel, j in d.relations]
            u.trigger = [d.trigger[0], d.trigger[1]]
            spans.append(span)
        doc.spans[self.span_key] = spans


@Language.factory(
    "policy_clauses",
    # Sentence boundaries are read when present and set (by the project's
    # segmenter) when absent, so none are required; entity mentions are used
    # for issuers when policy_entities ran before.
    assigns=["doc.spans", "token.is_sent_start"] + [f"span._.{name}" for name in ext.CLAUSE_EXTENSIONS],
    default_config={"span_key": ext.CLAUSE_GROUP},
)
def make_policy_clauses(nlp: Language, name: str, span_key: str) -> PolicyClauses:
    return PolicyClauses(nlp, name, span_key=span_key)
