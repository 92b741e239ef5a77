"""What the directory gives out about publications: BibTeX files, schema.org JSON-LD, LaTeX math
as MathML, and no HTML from an import ever reaching a page unescaped."""

import json
import re

import bibtexparser
import pytest
from bibtexparser.bparser import BibTexParser

from directory.templatetags.publication_tags import fold_text, math, math_paragraphs
from members.models import Member
from publications.exports import bibtex, citation_key, latex_escape
from publications.importing import import_publications
from publications.importing.readers import bibtex as bibtex_importer
from publications.models import Authorship, Publication, PublicationKind
from tests.factories import MemberFactory, PublicationFactory, ResearchTopicFactory, UserFactory
from tests.site_factories import populate

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = "Breaking <script>alert(1)</script> out"
HOSTILE_ABSTRACT = 'Look: <img src=x onerror="alert(2)"> and </script><script>alert(3)</script>'


def read_bibtex(text: str) -> list[dict]:
    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False)
    return bibtexparser.loads(text, parser).entries


@pytest.fixture
def ada():
    return MemberFactory(given_name="Ada", family_name="Lovelace", slug="ada-lovelace")


@pytest.fixture
def paper(ada):
    return PublicationFactory(
        title="Loss Smoothing for Continual Adaptation",
        abstract=r"We get a \(7\times\) speed-up.",
        year=2024,
        venue="NeurIPS",
        kind=PublicationKind.CONFERENCE_PAPER,
        doi="10.1234/loss.2024",
        arxiv_id="2401.01234",
        url="https://example.org/loss",
        authors=[ada, "Léa Müller-Ça"],
    )


# --- BibTeX files -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_cite_bib_is_a_bibtex_file_in_both_languages(client, paper, language):
    response = client.get(f"/{language}/publications/{paper.slug}/cite.bib")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{paper.slug}.bib"'
    [entry] = read_bibtex(response.content.decode("utf-8"))
    assert entry["ENTRYTYPE"] == "inproceedings"
    assert entry["ID"] == "lovelace2024loss"
    assert entry["author"] == "Ada Lovelace and Léa Müller-Ça"
    assert entry["title"] == "{Loss Smoothing for Continual Adaptation}"
    assert entry["booktitle"] == "NeurIPS"
    assert entry["year"] == "2024"
    assert entry["doi"] == "10.1234/loss.2024"
    assert entry["eprint"] == "2401.01234"
    assert entry["archiveprefix"] == "arXiv"
    assert entry["url"] == "https://example.org/loss"
    assert entry["abstract"] == r"We get a \(7\times\) speed-up."


@pytest.mark.parametrize(
    "url",
    ["/fr/membres/ada-lovelace/publications.bib", "/en/members/ada-lovelace/publications.bib"],
)
def test_a_members_publications_bib_lists_their_visible_publications(client, ada, paper, url):
    PublicationFactory(title="Hidden draft", authors=[ada], is_published=False)
    PublicationFactory(title="Somebody else's", authors=["Someone Else"])

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert "ada-lovelace-publications.bib" in response["Content-Disposition"]
    titles = [entry["title"] for entry in read_bibtex(response.content.decode())]
    assert titles == ["{Loss Smoothing for Continual Adaptation}"]


def test_unpublished_member_or_publication_has_no_bibtex(client):
    hidden = MemberFactory(is_published=False)
    draft = PublicationFactory(is_published=False, authors=[hidden])

    assert client.get(f"/fr/membres/{hidden.slug}/publications.bib").status_code == 404
    assert client.get(f"/fr/publications/{draft.slug}/cite.bib").status_code == 404
    client.force_login(UserFactory(is_staff=True))
    assert client.get(f"/fr/publications/{draft.slug}/cite.bib").status_code == 200


def test_entry_types_and_venue_fields_follow_the_kind(ada):
    kinds = {
        PublicationKind.JOURNAL_ARTICLE: ("article", "journal"),
        PublicationKind.CONFERENCE_PAPER: ("inproceedings", "booktitle"),
        PublicationKind.BOOK_CHAPTER: ("incollection", "booktitle"),
        PublicationKind.THESIS: ("phdthesis", "school"),
        PublicationKind.REPORT: ("techreport", "institution"),
        PublicationKind.SOFTWARE: ("misc", "howpublished"),
    }
    for kind, (entry_type, venue_field) in kinds.items():
        publication = PublicationFactory(kind=kind, venue="Somewhere", authors=[ada])
        [entry] = read_bibtex(bibtex(Publication.objects.filter(pk=publication.pk).with_authors()))
        assert (entry["ENTRYTYPE"], entry[venue_field]) == (entry_type, "Somewhere"), kind


def test_keys_are_stable_and_unique_in_a_file(ada):
    first = PublicationFactory(title="The Same Start", year=2020, authors=[ada])
    second = PublicationFactory(title="Same start again", year=2020, authors=[ada])
    anonymous = PublicationFactory(title="Élan vital", year=None)

    keys = [entry["ID"] for entry in read_bibtex(bibtex([first, second, anonymous]))]

    assert keys == ["lovelace2020same", "lovelace2020sameb", "anonelan"]
    assert citation_key(first) == citation_key(first) == "lovelace2020same"


# (title, what the importer reads back: the title itself, with its lines joined).
@pytest.mark.parametrize(
    ("title", "read_back"),
    [
        ("An unbalanced } brace", "An unbalanced } brace"),
        ("An unbalanced { brace", "An unbalanced { brace"),
        ("Email me @inproceedings{evil, title={x}}", "Email me @inproceedings{evil, title={x}}"),
        ("Two\nlines\n@misc{injected,\ntitle={x}}", "Two lines @misc{injected, title={x}}"),
        ("50% of the time % or more", "50% of the time % or more"),
        (
            "Back\\slash, under_score, # & dollar $ caret ^",
            "Back\\slash, under_score, # & dollar $ caret ^",
        ),
        (
            "A ~ tilde, ~{} and \\textbraceleft as text",
            "A ~ tilde, ~{} and \\textbraceleft as text",
        ),
        ("odd \\(x}\\) here", "odd \\(x}\\) here"),
    ],
)
def test_special_characters_cannot_break_the_file(ada, title, read_back):
    hostile = PublicationFactory(title=title, abstract=title, venue=title, authors=[ada])
    after = PublicationFactory(title="The entry after", authors=[ada])

    text = bibtex([hostile, after])
    entries = read_bibtex(text)

    assert [entry["ID"] for entry in entries] == [citation_key(hostile), citation_key(after)]
    assert entries[1]["title"] == "{The entry after}"
    assert set(entries[0]) >= {"title", "abstract", "booktitle", "author", "year"}
    assert re.findall(r"^@", text, re.M) == ["@", "@"]
    parsed = bibtex_importer.parse(text)
    assert parsed.errors == []
    assert [entry.title for entry in parsed.entries][1] == "The entry after"
    assert parsed.entries[0].title == read_back
    assert parsed.entries[0].venue == read_back


def test_latex_escape_keeps_math_with_balanced_braces():
    assert latex_escape(r"a \(x^{2}\) b_c") == r"a \(x^{2}\) b\_c"
    assert latex_escape(r"odd \(x}\) here") == (
        r"odd {\textbackslash}(x{\textbraceright}{\textbackslash}) here"
    )
    assert latex_escape("costs $5 or $10") == r"costs \$5 or \$10"


def test_round_trip_through_the_importer_keeps_titles_years_dois_and_authors(client, ada):
    bob = MemberFactory(given_name="Bob", family_name="Kahn")
    PublicationFactory(
        title=r"Sébastien's über-graph: a \(7\times\) speed-up",
        year=2023,
        doi="10.1234/uber",
        kind=PublicationKind.JOURNAL_ARTICLE,
        venue="Journal of Graphs",
        authors=[ada, "Sébastien Tavenas", bob, "José Ñúñez"],
    )
    PublicationFactory(
        title="Only on arXiv: Ça marche",
        year=2024,
        arxiv_id="2402.00001",
        kind=PublicationKind.PREPRINT,
        venue="arXiv",
        authors=["Jean-Pierre Éluard", ada],
    )
    PublicationFactory(
        title=r"An old one (2001) & 50% more, {braced} ~ and \textbraceleft",
        year=2001,
        authors=[ada],
    )
    exported = client.get("/fr/membres/ada-lovelace/publications.bib").content

    def snapshot():
        return sorted(
            (
                p.title,
                p.year,
                p.doi,
                p.arxiv_id,
                [a.name for a in p.authorships.all()],
            )
            for p in Publication.objects.with_authors()
        )

    before = snapshot()
    Authorship.objects.all().delete()
    Publication.objects.all().delete()
    Member.objects.all().delete()
    assert Publication.objects.count() == 0

    parsed = bibtex_importer.parse(exported)
    report = import_publications(entries=parsed.entries)

    assert parsed.errors == []
    assert report.summary()["created"] == 3
    assert snapshot() == before


# --- JSON-LD ----------------------------------------------------------------------------------


def json_ld(response) -> dict:
    html = response.content.decode()
    [data] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(data)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_profile_describes_a_person(client, language):
    topic = ResearchTopicFactory(name_fr="Apprentissage continu", name_en="Continual learning")
    member = MemberFactory(
        given_name="Ada",
        family_name="Lovelace",
        orcid="0000-0002-1825-0097",
        dblp_pid="12/3456",
        google_scholar_id="abcdEFGHijkl",
        github_username="ada",
        website="https://ada.example.org/",
        research_topics=[topic],
    )

    path = f"/{language}/{'membres' if language == 'fr' else 'members'}/{member.slug}/"
    data = json_ld(client.get(path))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Person"
    assert data["name"] == "Ada Lovelace"
    assert data["url"] == "http://testserver" + path
    assert data["jobTitle"] == ("Professeure titulaire" if language == "fr" else "Full professor")
    assert data["affiliation"] == {
        "@type": "Organization",
        "name": member.organisation.name,
        "url": "https://example.org/",
    }
    assert data["knowsAbout"] == [
        "Apprentissage continu" if language == "fr" else "Continual learning"
    ]
    assert data["sameAs"] == [
        "https://orcid.org/0000-0002-1825-0097",
        "https://dblp.org/pid/12/3456.html",
        "https://scholar.google.com/citations?user=abcdEFGHijkl",
        "https://github.com/ada",
        "https://ada.example.org/",
    ]


def test_publication_page_describes_a_scholarly_article(client, paper, ada):
    MemberFactory()
    data = json_ld(client.get(f"/en/publications/{paper.slug}/"))

    assert data["@type"] == "ScholarlyArticle"
    assert data["headline"] == "Loss Smoothing for Continual Adaptation"
    assert data["url"] == f"http://testserver/en/publications/{paper.slug}/"
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Ada Lovelace",
            "url": "http://testserver/en/members/ada-lovelace/",
        },
        {"@type": "Person", "name": "Léa Müller-Ça"},
    ]
    assert data["datePublished"] == "2024"
    assert data["isPartOf"] == {"@type": "CreativeWork", "name": "NeurIPS"}
    assert [(i["propertyID"], i["value"]) for i in data["identifier"]] == [
        ("DOI", "10.1234/loss.2024"),
        ("arXiv", "2401.01234"),
    ]
    assert data["abstract"] == r"We get a \(7\times\) speed-up."


def test_json_ld_cannot_be_broken_out_of(client, ada):
    publication = PublicationFactory(title=HOSTILE_TITLE, abstract=HOSTILE_ABSTRACT, authors=[ada])
    ada.family_name = "</script><script>alert(4)</script>"
    ada.save()

    for url in (publication.get_absolute_url(), ada.get_absolute_url()):
        response = client.get(url)
        html = response.content.decode()
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert "<" not in block.group(1), url
        data = json_ld(response)
        assert "</script>" in json.dumps(data, ensure_ascii=False), url
    assert json_ld(client.get(publication.get_absolute_url()))["headline"] == HOSTILE_TITLE


# --- Math and escaping -------------------------------------------------------------------------


def test_latex_math_becomes_mathml_and_the_rest_stays_escaped():
    html = math(r"A \(7\times\) speed-up, $x^2$ <b>bold</b> & costs $5 or $10")

    assert html.count("<math ") == 2
    assert "<mo>×</mo>" in html
    assert "<msup><mi>x</mi><mn>2</mn></msup>" in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; costs $5 or $10" in html


def test_unreadable_or_hostile_math_is_shown_as_text():
    assert math(r"broken \(\frac{\) here") == r"broken \(\frac{\) here"
    hostile = math(r"\(\text{<script>alert(1)</script>}\)")
    assert "<script" not in hostile
    assert "&lt;script&gt;" in hostile


def test_math_paragraphs_keeps_paragraphs_and_line_breaks():
    html = math_paragraphs("One \\(a<b\\)\nline\n\nTwo <i>")

    assert html.startswith("<p>One <math ")
    assert "<mo>&lt;</mo>" in html
    assert "</math>\n<br>line" not in html and "<br>line</p>" in html
    assert html.endswith("<p>Two &lt;i&gt;</p>")


def test_abstracts_fold_at_a_word_boundary_outside_formulas():
    text = "word " * 38 + r"\(a + b + c + d\) and then " + "more words " * 20
    folded = fold_text(text)

    assert folded.head.count(r"\(") == folded.head.count(r"\)")
    assert folded.tail.count(r"\(") == folded.tail.count(r"\)")
    assert folded.head + folded.tail == text.strip()


def test_imported_html_is_shown_as_text_everywhere(client, ada):
    topic = ResearchTopicFactory()
    publication = PublicationFactory(
        title=HOSTILE_TITLE, abstract=HOSTILE_ABSTRACT * 5, authors=[ada, "<b>Eve</b>"]
    )
    publication.topics.set([topic])

    pages = [
        ada.get_absolute_url(),
        publication.get_absolute_url(),
        "/fr/publications/",
        topic.get_absolute_url(),
        "/fr/publications/feed/",
        f"/fr/membres/{ada.slug}/feed/",
        f"/fr/sujets/{topic.slug}/feed/",
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "alert(1)" in html, url
        assert "<script>alert" not in html, url
        assert "<img" not in html, url
        assert "<b>Eve" not in html, url
    text = client.get(f"/fr/publications/{publication.slug}/cite.bib").content.decode()
    assert read_bibtex(text)[0]["title"] == "{Breaking <script>alert(1)</script> out}"


# --- Cite control ------------------------------------------------------------------------------


def test_every_listed_publication_has_a_cite_link(client, paper, ada):
    bib_url = f"/fr/publications/{paper.slug}/cite.bib"

    for url in (ada.get_absolute_url(), paper.get_absolute_url(), "/fr/publications/"):
        html = client.get(url).content.decode()
        assert f'<a class="cite__link" href="{bib_url}" download' in html, url
        assert f'data-bibtex-url="{bib_url}"' in html, url


# --- Speed -------------------------------------------------------------------------------------


@pytest.mark.parametrize("records", [1, 30])
def test_bibtex_files_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, records):
    site = populate(records)

    with django_assert_max_num_queries(2):
        response = client.get(f"/fr/publications/{site.publication.slug}/cite.bib")
    assert len(read_bibtex(response.content.decode())) == 1
    with django_assert_max_num_queries(3):
        response = client.get(f"/en/members/{site.member.slug}/publications.bib")
    entries = read_bibtex(response.content.decode())
    assert len(entries) == records
    assert entries[0]["author"].count(" and ") == records
