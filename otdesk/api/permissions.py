"""Who holds API tokens, and whose tokens a person sees: the district's staff (every role
but parents and the site operator), their own tokens only. A token's person then reads
and writes through the app's own permission functions, as on the pages."""

from django.http import Http404

from otdesk.accounts.models import Role, User

from .models import ApiToken

NO_TOKENS = (Role.GUARDIAN, Role.OPERATOR)


def may_hold_tokens(user: User) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.district_id is not None
        and user.role not in NO_TOKENS
    )


def token_holder(user: User) -> User:
    """The signed-in person, if they may have API tokens; 404 for anyone else."""
    if not may_hold_tokens(user):
        raise Http404("API tokens are for the district's staff.")
    return user


def get_own_token(user: User, pk: int) -> ApiToken:
    found = ApiToken.objects.filter(person=token_holder(user), pk=pk).first()
    if found is None:
        raise Http404("No such token of yours.")
    return found
