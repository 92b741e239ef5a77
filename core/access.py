"""Who may see what is not public yet: one rule for every kind of record."""


def sees_everything(user) -> bool:
    """Staff see what waits for review and what is unpublished; everyone else what is public."""
    return user.is_authenticated and user.is_staff
