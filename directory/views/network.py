"""A member's co-author network: drawn as an SVG on the server (the member at the centre, their
DRAWN most frequent co-authors around, lines as thick as the joint publications are many) and
listed in full in a table, which is what assistive technologies read."""

import math
from dataclasses import dataclass

from django.shortcuts import get_object_or_404, render

from core.filters import tidy_query
from core.pagination import paginate
from members.models import Member
from publications.discovery.network import (
    CoAuthor,
    as_coauthor,
    coauthors,
    stored_links,
    stored_network,
    with_latest,
)

from ..caching import reads_parameters

DRAWN = 10
TABLE_ROWS = 50
# The drawing's own units (its viewBox); CSS scales it to the page, down to a phone's width.
WIDTH, HEIGHT = 600, 340
CENTRE_X, CENTRE_Y, RADIUS = 300, 165, 110
NODE, CENTRE_NODE, LABEL_GAP = 12, 20, 8
# Labels 24 units high: about 13 px on a 360 px phone.
LABEL_LENGTH = 13


@dataclass(frozen=True)
class Node:
    x: float
    y: float
    label: str
    name: str
    joint_publications: int
    is_member: bool
    line_width: float
    label_x: float
    label_y: float
    anchor: str


@dataclass(frozen=True)
class Drawing:
    centre_label: str
    nodes: list[Node]
    width: int = WIDTH
    height: int = HEIGHT
    centre_x: int = CENTRE_X
    centre_y: int = CENTRE_Y
    centre_node: int = CENTRE_NODE
    node: int = NODE


def short_name(name: str) -> str:
    """ "Razvan Pascanu" -> "R. Pascanu", at most LABEL_LENGTH characters."""
    parts = name.split()
    label = " ".join([*(f"{part[0]}." for part in parts[:-1]), parts[-1]]) if parts else ""
    return label if len(label) <= LABEL_LENGTH else label[: LABEL_LENGTH - 1] + "…"


def radial_drawing(member: Member, authors: list[CoAuthor]) -> Drawing:
    """The member at the centre and their DRAWN most frequent co-authors on a circle, the most
    frequent at the top, then clockwise; each label outside its node, away from the centre."""
    drawn = authors[:DRAWN]
    most = max((author.joint_publications for author in drawn), default=1)
    nodes = []
    for index, author in enumerate(drawn):
        angle = -math.pi / 2 + 2 * math.pi * index / len(drawn)
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = CENTRE_X + RADIUS * cos, CENTRE_Y + RADIUS * sin
        if abs(cos) < 0.35:  # Near the top or the bottom: the label above or below.
            anchor, label_x = "middle", x
            label_y = y - NODE - LABEL_GAP if sin < 0 else y + NODE + LABEL_GAP + 18
        else:
            anchor = "start" if cos > 0 else "end"
            label_x = x + (NODE + LABEL_GAP) * (1 if cos > 0 else -1)
            label_y = y + 8
        nodes.append(
            Node(
                x=round(x, 1),
                y=round(y, 1),
                label=short_name(author.name),
                name=author.name,
                joint_publications=author.joint_publications,
                is_member=author.is_member,
                line_width=round(1.5 + 6.5 * author.joint_publications / most, 1),
                label_x=round(label_x, 1),
                label_y=round(label_y, 1),
                anchor=anchor,
            )
        )
    return Drawing(centre_label=short_name(member.full_name), nodes=nodes)


@reads_parameters("page")
def coauthor_network(request, slug):
    member = get_object_or_404(Member.objects.visible_to(request.user), slug=slug)
    # A prolific author writes with thousands: the table comes in pages.
    stored = stored_network(member, request.user)
    if stored is not None:  # counted ahead: the page reads its rows only
        count = stored.coauthors
        page = paginate(stored_links(stored), TABLE_ROWS, request.GET.get("page"), count=count)
        page.object_list = [as_coauthor(link) for link in page.object_list]
        drawn = page.object_list[:DRAWN]
        if page.number != 1:
            drawn = [as_coauthor(link) for link in stored_links(stored)[:DRAWN]]
    else:
        authors = coauthors(member, request.user)
        count = len(authors)
        page = paginate(authors, TABLE_ROWS, request.GET.get("page"), count=count)
        with_latest(member, request.user, page.object_list)
        drawn = authors[:DRAWN]
    return render(
        request,
        "members/network.html",
        {
            "section": "members",
            "member": member,
            "coauthor_count": count,
            "page_obj": page,
            "query": tidy_query(request.GET),
            "drawing": radial_drawing(member, drawn),
            "drawn": len(drawn),
        },
    )
