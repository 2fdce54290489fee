"""Who is calling: bearer token -> user. Sign-in by email link, and first sight of an OIDC subject."""
from __future__ import annotations

import re
from dataclasses import dataclass

from chalicelib.auth import mailer, tokens
from chalicelib.services import rate_limits
from chalicelib.config import settings
from chalicelib.domain import clock, ids
from chalicelib.domain.text import has_hidden_characters
from chalicelib.errors import Unauthorized, Unprocessable
from chalicelib.storage import keys, users_repo
from chalicelib.storage.models import User

EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s.]{2,}$")


@dataclass(frozen=True)
class Caller:
    user_id: str
    user: User
    source_ip: str | None = None  # the network address the request came from (rate limits)

    @property
    def is_platform_organiser(self) -> bool:
        return "organiser" in (self.user.platform_roles or [])


def caller_from_header(header: str | None) -> Caller | None:
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Send the token as 'Authorization: Bearer <token>'.", code="invalid_token")
    identity = tokens.verify_bearer(token.strip())
    if identity.issuer == tokens.OWN_ISSUER:
        user_id = identity.subject
    else:
        user_id = _user_for_external(identity)
    user = users_repo.get_user(user_id)
    if not usable(user):
        raise Unauthorized("This account no longer exists.", code="invalid_token")
    return Caller(user_id, user)


def usable(user: User | None) -> bool:
    """An account that exists and whose deletion has not started (a deletion in progress already refuses it)."""
    return user is not None and not user.deleted and not user.deleting_at


def normalise_email(email: str) -> str:
    email = email.strip()
    # "a\u200b@example.org" matches the pattern, looks like a@example.org, and would be another account
    if not EMAIL_RE.match(email) or has_hidden_characters(email):
        raise Unprocessable("This is not a valid email address.",
                            details={"fields": [{"field": "email", "message": "is not a valid email address"}]})
    local, _, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def default_display_name(user_id: str) -> str:
    return f"Participant {user_id[-6:]}"


def is_default_display_name(name: str) -> bool:
    """Whether a name is the pseudonym given at sign-up (the person never chose one)."""
    return re.fullmatch(r"Participant [0-9a-z]{6}", name) is not None


def user_for_email(email: str, *, create: bool = True, issued_at: int | None = None) -> str | None:
    """The user owning this email, created on first use. Safe under concurrent first sign-ins.
    issued_at: of the sign-in link presented; a link issued before the account's deletion raises AccountDeleted."""
    lookup = keys.email_lookup(email)
    user_id = users_repo.find_user_id_by_lookup(lookup, issued_at)
    if user_id or not create:
        return user_id
    new_id = ids.new_id()
    user = User(keys.user(new_id), keys.USER_SK, user_id=new_id, display_name=default_display_name(new_id),
                email=email, created_at=clock.now_iso(), platform_roles=[], lookups=[lookup])
    if users_repo.create_user_with_lookup(user, lookup):
        return new_id
    return users_repo.find_user_id_by_lookup(lookup)


def _user_for_external(identity: tokens.Identity) -> str:
    lookup = keys.idp_lookup(identity.issuer, identity.subject)
    try:
        user_id = users_repo.find_user_id_by_lookup(lookup, identity.issued_at)
    except users_repo.AccountDeleted:
        raise Unauthorized("This account no longer exists.", code="invalid_token") from None
    if user_id:
        return user_id
    new_id = ids.new_id()
    name = (identity.name or "").strip()[:60] or default_display_name(new_id)
    user = User(keys.user(new_id), keys.USER_SK, user_id=new_id, display_name=name,
                email=identity.email if identity.email_verified else None, created_at=clock.now_iso(),
                platform_roles=[], lookups=[lookup])
    if users_repo.create_user_with_lookup(user, lookup):
        return new_id
    return users_repo.find_user_id_by_lookup(lookup) or new_id


def send_signin_link(email: str, next_path: str | None, source_ip: str | None = None) -> None:
    """Always the same answer whether or not the address has an account (no account enumeration); limited per
    address whether or not it has an account, for the same reason."""
    email = normalise_email(email)
    rate_limits.consume_signin(email, source_ip)
    token = tokens.issue_signin_token(email, next_path)
    link = f"{settings().web_url}/#/signin?token={token}"
    try:
        _send_link(email, link)
    except Exception:  # an unverified address in the SES sandbox, a throttle: same answer, logged for operators
        from chalicelib.api.http import logger

        logger.exception("sign-in link not sent")


def _send_link(email: str, link: str) -> None:
    mailer.send(mailer.Message(
        to=email,
        subject="Votre lien de connexion à Palabre / Your Palabre sign-in link",
        text=("Pour vous connecter, ouvrez ce lien (valable 15 minutes, une seule fois) :\n"
              f"To sign in, open this link (valid for 15 minutes, once):\n\n{link}\n"),
    ))


def open_session(signin_token: str) -> dict:
    claims = tokens.verify_signin_token(signin_token)
    if not users_repo.consume_signin(claims["jti"], clock.now_iso(), int(claims["exp"])):
        raise Unauthorized("This sign-in link was already used; ask for a new one.", code="link_used")
    try:
        user_id = user_for_email(claims["email"], issued_at=int(claims["iat"]))
    except users_repo.AccountDeleted:
        raise Unauthorized("This account was deleted after this link was sent; ask for a new link.",
                           code="invalid_link") from None
    user = users_repo.get_user(user_id)
    if not usable(user):
        raise Unauthorized("This account no longer exists.", code="invalid_link")
    access_token, expires = tokens.issue_access_token(user_id)
    from chalicelib.services.presenters import user_view
    return {"access_token": access_token, "expires_at": clock.iso(clock.now().fromtimestamp(expires, clock.now().tzinfo)),
            "user": user_view(user, with_email=True), "next": claims.get("next")}


def grant_platform_organiser(email: str) -> str:
    user_id = user_for_email(normalise_email(email))
    users_repo.grant_platform_role(user_id, "organiser")
    return user_id
