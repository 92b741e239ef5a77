"""The terms discovery compares: on PostgreSQL the lexemes of the full-text search (unaccented,
stemmed in French and in English, as in the publications' `search_document`); on SQLite, the
embedded default, folded words with a plural "s" dropped. Words that say nothing in either
language (le, the, de, of…) are left out on both."""

import re
from collections import Counter
from contextlib import contextmanager
from functools import cache

from django.db import connections

from core.text import fold

from .models import TERM_LENGTH

# What PostgreSQL computes for a text: the same as the publications' stored search document.
LEXEMES_OF_TEXTS = """
    SELECT t.n, w.lexeme, cardinality(w.positions)
    FROM unnest(%s::text[]) WITH ORDINALITY AS t(text, n),
         unnest(to_tsvector('french'::regconfig, f_unaccent(t.text))
                || to_tsvector('english'::regconfig, f_unaccent(t.text))) AS w
"""

# Folded; each language's configuration drops its own, not the other's ("the" survives the
# French one), and unaccent makes "été" "ete".
_STOP_WORDS = """
    a ai aie aient aies ait al alors as au aucun aucune aupres auquel aura aurai auraient aurais
    aurait auras aurez auriez aurions aurons auront aussi autre autres aux auxquelles auxquels
    avaient avais avait avant avec avez aviez avions avoir avons ayant ayez ayons bien c ca car ce
    ceci cela celle celles celui cependant certain certaines certains ces cet cette ceux chaque
    chez ci comme comment d dans de des deja depuis dont donc du duquel durant elle elles en
    encore entre es est et etaient etais etait etant etc ete etes etiez etions etre eu eue eues
    eumes eurent eus eusse eussent eusses eussiez eussions eut eutes eux fait faites fois font
    furent fus fusse fussent fusses fussiez fussions fut futes grace ici il ils j je jusqu
    jusque l la laquelle le lequel les lesquelles lesquels leur leurs lors lorsque lui m ma mais
    me meme memes mes moi moins mon n ne ni non nos notre nous nul on ont or ou outre par parce
    parmi pas peu peut peuvent plus plusieurs pour pourquoi pourtant puis qu quand que quel quelle
    quelles quels qui quoi s sa sans se selon sera serai seraient serais serait seras serez
    seriez serions serons seront ses si sien soi soient sois soit sommes son sont sous soyez
    soyons suis sur t ta tandis te tel telle telles tels tes toi ton tous tout toute toutes tres
    tu un une unes uns vers via voici voila vos votre vous y

    about above across after again against all almost also although am among an and another any
    are around as at be because been before being below between both but by can cannot could did
    do does doing done down during each either else etc even ever every few for from further
    get gets given had has have having he her here hers herself him himself his how however i if
    in into is it its itself just least less like many may me might more most much must my
    myself neither no nor not now of off often on once one only or other others our ours
    ourselves out over own per rather same several shall she should since so some such than
    that the their theirs them themselves then there these they this those though through thus
    to too toward towards under until up upon us use used uses using very was we were what when
    where whether which while who whom whose why will with within without would yet you your
    yours yourself yourselves

    article articles paper papers propose proposes proposed present presents presented show
    shows shown work works study studies new result results approach approaches method methods
    based novel also paper propose proposons presentons montrons travail travaux etude etudes
    nouveau nouvelle nouvelles methode methodes approche approches resultat resultats
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"\w+")


def is_postgresql(using: str) -> bool:
    return connections[using].vendor == "postgresql"


def keep(term: str, stop_terms: frozenset) -> bool:
    """Whether `term` may describe expertise: not a stop word, a number or a formula."""
    return (
        2 <= len(term) <= TERM_LENGTH
        and not term.isdigit()
        and "_" not in term
        and term not in stop_terms
    )


@cache
def _postgresql_stop_terms(alias: str, database: str) -> frozenset:
    # What the stop words become once stemmed: the same set the documents went through.
    with connections[alias].cursor() as cursor:
        cursor.execute(LEXEMES_OF_TEXTS, [[" ".join(sorted(STOP_WORDS))]])
        return STOP_WORDS | {lexeme for _n, lexeme, _count in cursor.fetchall()}


def stop_terms(using: str = "default") -> frozenset:
    if is_postgresql(using):
        return _postgresql_stop_terms(using, connections[using].settings_dict["NAME"])
    return STOP_WORDS


def folded_terms(text: str) -> list[str]:
    """SQLite's terms of `text`, in order: folded words, "networks" as "network"."""
    words = (word for word in _WORD.findall(fold(text)) if word not in STOP_WORDS)
    return [word[:-1] if len(word) > 3 and word.endswith("s") else word for word in words]


def terms_of_texts(texts: list[str], *, using: str = "default") -> list[Counter]:
    """The terms of each of `texts` with how often they occur, in one query on PostgreSQL."""
    stop = stop_terms(using)
    found = [Counter() for _text in texts]
    if not texts:
        return found
    if is_postgresql(using):
        with connections[using].cursor() as cursor:
            cursor.execute(LEXEMES_OF_TEXTS, [list(texts)])
            for n, lexeme, count in cursor.fetchall():
                if keep(lexeme, stop):
                    found[n - 1][lexeme] += count
        return found
    for counter, text in zip(found, texts, strict=True):
        counter.update(term for term in folded_terms(text) if keep(term, stop))
    return found


def bulk_delete(queryset) -> int:
    """Delete the rows of `queryset` in one statement. Django's delete() reads every row first
    when some receiver listens to deletions (the page cache does): a hundred thousand members'
    terms would be read to be deleted. Nothing cascades from the computed tables."""
    return queryset._raw_delete(queryset.db)


@contextmanager
def planned_for_batches(using: str = "default"):
    """Settings for the batches of a computation: no just-in-time compilation (PostgreSQL would
    spend a second compiling each of their queries, which run in a fraction of that), and
    enough memory to group and sort a batch's million pairs without writing them to disk."""
    if not is_postgresql(using):
        yield
        return
    with connections[using].cursor() as cursor:
        cursor.execute("SET jit = off")
        cursor.execute("SET work_mem = '128MB'")
    try:
        yield
    finally:
        with connections[using].cursor() as cursor:
            cursor.execute("RESET jit")
            cursor.execute("RESET work_mem")
