"""Plainly fictional members and publications for the demo, generated the same way every time.

Nobody here is a real person: every profile says it is fictional, the organisations are
invented, and the titles and abstracts describe no real work.
"""

import random

MEMBERSHIP_TYPES = [
    {
        "slug": "membre-academique-principal",
        "name_fr": "Membre académique principal",
        "name_en": "Core academic member",
        "display_order": 10,
    },
    {
        "slug": "membre-academique-associe",
        "name_fr": "Membre académique associé",
        "name_en": "Associate academic member",
        "display_order": 20,
    },
    {
        "slug": "membre-affilie",
        "name_fr": "Membre affilié",
        "name_en": "Affiliate member",
        "display_order": 30,
    },
    {
        "slug": "membre-industriel",
        "name_fr": "Membre industriel",
        "name_en": "Industry member",
        "display_order": 40,
    },
]

ORGANISATIONS = [
    {"name": "Université fictive de Montréal-Nord", "url": "https://example.org/umn"},
    {"name": "Institut imaginaire des sciences", "url": "https://example.org/iis"},
    {"name": "Polytechnique Exemple", "url": "https://example.org/polyx"},
    {"name": "Laboratoire Démo IA (entreprise fictive)", "url": "https://example.com/demo-ia"},
]

EXTRA_TOPICS = [
    {
        "slug": "vision-par-ordinateur",
        "name_fr": "Vision par ordinateur",
        "name_en": "Computer vision",
    },
    {
        "slug": "traitement-automatique-des-langues",
        "name_fr": "Traitement automatique des langues",
        "name_en": "Natural language processing",
    },
    {"slug": "ia-et-sante", "name_fr": "IA et santé", "name_en": "AI for health"},
    {"slug": "robotique", "name_fr": "Robotique", "name_en": "Robotics"},
    {"slug": "ethique-de-l-ia", "name_fr": "Éthique de l'IA", "name_en": "AI ethics"},
]

GIVEN_NAMES = [
    "Amélie",
    "João",
    "Zoë",
    "Søren",
    "Chloé",
    "Ngozi",
    "Haruto",
    "Aïcha",
    "Mateo",
    "Björn",
    "Leïla",
    "Dmitri",
    "Priya",
    "Élodie",
    "Tomás",
    "Yasmine",
    "Kwame",
    "Mei",
    "Anaïs",
    "Oluwaseun",
    "Ingrid",
    "Rafael",
    "Noémie",
    "Arjun",
    "Camille",
    "Hélène",
    "Jürgen",
    "Siobhán",
    "Thảo",
    "Íñigo",
    "Malak",
    "Kenji",
    "Fatoumata",
    "Łukasz",
    "Inès",
    "Ayşe",
    "Mikael",
    "Ana",
    "Émile",
    "Wiremu",
]
FAMILY_NAMES = [
    "Fictif",
    "Exemple",
    "Imaginaire",
    "Démo",
    "Inventé",
    "Lefictif",
    "Modèle",
    "Échantillon",
    "Prototype",
    "Maquette",
    "Ébauche",
    "Brouillon",
    "Simulé",
    "Témoin",
    "Factice",
    "Supposé",
    "Nguyễn-Fictif",
    "Øfiktiv",
    "Ölçek",
    "Müller-Demo",
    "Ó Samplach",
    "Da Exemplo",
    "Ñandú-Demo",
    "Kowalski-Fikcja",
]
POSITIONS = [
    ("Professeure agrégée", "Associate professor"),
    ("Professeur titulaire", "Full professor"),
    ("Professeure adjointe", "Assistant professor"),
    ("Chercheuse scientifique", "Research scientist"),
    ("Chercheur postdoctoral", "Postdoctoral researcher"),
    ("Ingénieure de recherche", "Research engineer"),
]
TITLE_SUBJECTS = [
    ("apprentissage continu", "continual learning"),
    ("réseaux de neurones en graphes", "graph neural networks"),
    ("apprentissage par renforcement", "reinforcement learning"),
    ("généralisation hors distribution", "out-of-distribution generalisation"),
    ("vision par ordinateur", "computer vision"),
    ("traduction automatique", "machine translation"),
    ("imagerie médicale", "medical imaging"),
    ("optimisation stochastique", "stochastic optimisation"),
]
TITLE_SHAPES = [
    "A fictional study of {en}",
    "Towards imaginary benchmarks for {en}",
    "On the made-up limits of {en}",
    "Une méthode fictive pour {fr}",
    "Invented baselines for {en}: a demo paper",
]
KINDS = ["conference", "article", "preprint", "conference", "article"]
VENUES = [
    "Conférence fictive sur l'apprentissage",
    "Journal of Imaginary Results",
    "Atelier démo (fictif)",
    "Preprint fictif",
]
ABSTRACT = (
    "This abstract is fictional and exists only to show the directory's demo. "
    "It describes no real work: the {subject} method it mentions was never built, and the "
    "numbers are invented. We pretend to propose a simple idea, to evaluate it on made-up "
    "benchmarks and to find that it helps in some settings and not in others, which is what "
    "demo abstracts usually say. A longer abstract lets visitors try the folding control."
)

MEMBER_COUNT = 50
PUBLICATION_COUNT = 60


def fictional_directory(topic_slugs: list[str], seed: int = 2026) -> dict:
    """Members and publications, always the same for the same topics and seed."""
    rng = random.Random(seed)
    all_topics = [*topic_slugs, *(topic["slug"] for topic in EXTRA_TOPICS)]
    names = [(given, family) for family in FAMILY_NAMES for given in GIVEN_NAMES]
    rng.shuffle(names)
    members = []
    for index, (given, family) in enumerate(names[:MEMBER_COUNT]):
        position_fr, position_en = rng.choice(POSITIONS)
        members.append(
            {
                "given_name": given,
                "family_name": family,
                "membership_type": MEMBERSHIP_TYPES[index % len(MEMBERSHIP_TYPES)]["slug"],
                "organisation": rng.choice(ORGANISATIONS)["name"],
                "position_title_fr": position_fr,
                "position_title_en": position_en,
                "bio_fr": "Profil fictif créé pour la démonstration de l'annuaire.",
                "bio_en": "Fictional profile created to demonstrate the directory.",
                "topics": rng.sample(all_topics, rng.randint(2, 5)),
                # A few drafts show what staff see and visitors do not.
                "is_published": index % 17 != 16,
            }
        )
    publications = []
    for index in range(PUBLICATION_COUNT):
        subject_fr, subject_en = rng.choice(TITLE_SUBJECTS)
        shape = TITLE_SHAPES[index % len(TITLE_SHAPES)]
        authors = rng.sample(members, rng.randint(1, 3))
        names_written = [f"{a['given_name']} {a['family_name']}" for a in authors]
        names_written.insert(rng.randint(0, len(names_written)), "Auteur Externe-Fictif")
        year = rng.choice([None, *range(2015, 2026)])
        publications.append(
            {
                "title": f"{shape.format(fr=subject_fr, en=subject_en)} ({index + 1})",
                "authors": names_written,
                "abstract": "" if index % 7 == 3 else ABSTRACT.format(subject=subject_en),
                "year": year,
                "venue": rng.choice(VENUES) if year else "",
                "kind": KINDS[index % len(KINDS)],
                "topics": rng.sample(all_topics, 2),
            }
        )
    return {"members": members, "publications": publications}
