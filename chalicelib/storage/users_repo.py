"""Access patterns on users (global), their unique lookups and one-time sign-in links."""
from __future__ import annotations

from chalicelib.storage import keys
from chalicelib.storage.models import Lookup, SignInToken, User
from chalicelib.storage.transactions import ConditionFailed, conditional, transaction


def get_user(user_id: str) -> User | None:
    try:
        return User.get(keys.user(user_id), keys.USER_SK)
    except User.DoesNotExist:
        return None


def get_users(user_ids: list[str]) -> list[User]:
    """BatchGetItem of profiles (PynamoDB splits by 100 and asks again for unprocessed keys); absent ones missing."""
    return list(User.batch_get([(keys.user(u), keys.USER_SK) for u in user_ids])) if user_ids else []


def find_user_id_by_lookup(lookup_pk: str, issued_at: int | None = None) -> str | None:
    """The user behind a lookup. A tombstone (deleted account) answers None, or raises AccountDeleted for a token
    issued before the deletion (`issued_at`)."""
    try:
        lookup = Lookup.get(lookup_pk, keys.LOOKUP_SK, consistent_read=True)
    except Lookup.DoesNotExist:
        return None
    if lookup.deleted_at is not None:
        if issued_at is not None and issued_at <= int(lookup.deleted_at):
            raise AccountDeleted(lookup_pk)
        return None
    return lookup.user_id or None


class AccountDeleted(Exception):
    """A token issued before its account was deleted."""


def create_user_with_lookup(user: User, lookup_pk: str) -> bool:
    """Create a user and its unique lookup (email or identity-provider subject) together.
    False when another request created the lookup first."""
    try:
        with transaction() as tx:
            tx.put("lookup", Lookup(lookup_pk, keys.LOOKUP_SK, user_id=user.user_id),
                    condition=Lookup.pk.does_not_exist() | Lookup.deleted_at.exists())
            tx.put("user", user, condition=User.pk.does_not_exist())
    except ConditionFailed:
        return False
    return True


def update_display_name(user_id: str, display_name: str) -> None:
    with conditional():
        User(keys.user(user_id), keys.USER_SK).update(
            actions=[User.display_name.set(display_name)], condition=User.pk.exists())


def grant_platform_role(user_id: str, role: str) -> None:
    user = get_user(user_id)
    if user is None:
        raise LookupError(user_id)
    if role not in user.platform_roles:
        user.update(actions=[User.platform_roles.set(sorted(set(user.platform_roles) | {role}))])


def consume_signin(jti: str, used_at: str, expires_epoch: int) -> bool:
    """Mark a sign-in link as used; False if it was used already (links work once)."""
    from datetime import datetime, timezone
    try:
        with conditional():
            SignInToken(keys.signin(jti), "SIGNIN", used_at=used_at,
                        expires_at=datetime.fromtimestamp(expires_epoch, tz=timezone.utc)).save(
                condition=SignInToken.pk.does_not_exist())
    except ConditionFailed:
        return False
    return True
