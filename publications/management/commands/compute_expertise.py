"""Compute ahead what the expert finder and the similar members read: every published member's
expertise and the members closest to each (or only those of the members given)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from members.models import Member
from publications.discovery.expertise import compute_expertise
from publications.discovery.models import ExpertiseTerm, ExpertiseVocabulary, SimilarMember
from publications.discovery.similar import refresh_similar


class Command(BaseCommand):
    help = (
        "Compute the expertise of every published member (topics, titles and abstracts of "
        "their public publications) and their similar members; with --member, only theirs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--member",
            metavar="SLUG",
            action="append",
            dest="members",
            help="only this member (repeat for several); the others' stay as they are",
        )

    def handle(self, *args, members=None, **options):
        member_ids = None
        if members:
            found = dict(Member.objects.filter(slug__in=members).values_list("slug", "pk"))
            if missing := sorted(set(members) - set(found)):
                raise CommandError(f"No member has the slug “{missing[0]}”.")
            member_ids = sorted(found.values())
        expertise = compute_expertise(member_ids=member_ids)
        if member_ids is None:
            self.vacuum(ExpertiseTerm, ExpertiseVocabulary)
        similar = refresh_similar(member_ids)
        if member_ids is None:
            self.vacuum(SimilarMember)
        for line in [*expertise.lines(), *similar.lines()]:
            self.stdout.write(line)

    @staticmethod
    def vacuum(*models):
        """Fresh statistics and visibility maps after a rewrite of whole tables (autovacuum may
        be off): the finder and the similar members then read the term index alone."""
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            return
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
