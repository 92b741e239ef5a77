"""A member's profile as schema.org `Person` data, for the JSON-LD of their page."""

from .models import Member


def person(member: Member, *, absolute) -> dict:
    """schema.org data of `member` (card data loaded); `absolute(path)` makes a full address."""
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": member.full_name,
        "givenName": member.given_name,
        "familyName": member.family_name,
        "url": absolute(member.get_absolute_url()),
    }
    if member.position_title:
        data["jobTitle"] = member.position_title
    if member.organisation:
        organisation = {"@type": "Organization", "name": member.organisation.name}
        if member.organisation.url:
            organisation["url"] = member.organisation.url
        data["affiliation"] = organisation
    topics = [topic.name for topic in member.card_topics]
    if topics:
        data["knowsAbout"] = sorted(topics)
    same_as = [
        url
        for url in (
            member.orcid_url,
            member.dblp_url,
            member.google_scholar_url,
            member.github_url,
            member.website,
        )
        if url
    ]
    if same_as:
        data["sameAs"] = same_as
    if member.orcid:
        data["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "ORCID",
            "value": member.orcid,
        }
    # The resized copy the profile shows, never the uploaded original.
    picture = getattr(member, "portrait_medium", member.portrait)
    if picture:
        data["image"] = absolute(picture.url)
    return data
