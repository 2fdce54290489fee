"""Bearer tokens, two issuers: Palabre's own (HS256, from an email sign-in link) and any OpenID Connect
provider (RS256/ES256 verified with its JWKS, issuer and audience set per deployment)."""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from functools import lru_cache

import jwt

from chalicelib.auth.keys import signing_key
from chalicelib.config import settings
from chalicelib.errors import Unauthorized

OWN_ISSUER = "palabre"
ACCESS_AUDIENCE = "palabre-api"
SIGNIN_AUDIENCE = "palabre-signin"
_OIDC_ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"]


@dataclass(frozen=True)
class Identity:
    issuer: str
    subject: str
    email: str | None = None
    email_verified: bool = False
    name: str | None = None
    issued_at: int = 0


def issue_access_token(user_id: str) -> tuple[str, int]:
    now = int(time.time())
    expires = now + settings().token_ttl_seconds
    token = jwt.encode({"iss": OWN_ISSUER, "aud": ACCESS_AUDIENCE, "sub": user_id, "iat": now, "nbf": now,
                        "exp": expires, "jti": uuid.uuid4().hex}, signing_key(), algorithm="HS256")
    return token, expires


def issue_signin_token(email: str, next_path: str | None) -> str:
    now = int(time.time())
    claims = {"iss": OWN_ISSUER, "aud": SIGNIN_AUDIENCE, "email": email, "iat": now, "nbf": now,
              "exp": now + settings().signin_ttl_seconds, "jti": uuid.uuid4().hex}
    if next_path:
        claims["next"] = next_path
    return jwt.encode(claims, signing_key(), algorithm="HS256")


def verify_signin_token(token: str) -> dict:
    try:
        return jwt.decode(token, signing_key(), algorithms=["HS256"], audience=SIGNIN_AUDIENCE, issuer=OWN_ISSUER,
                          options={"require": ["exp", "iat", "jti", "email"]})
    except jwt.ExpiredSignatureError as error:
        raise Unauthorized("This sign-in link has expired; ask for a new one.", code="link_expired") from error
    except jwt.PyJWTError as error:
        raise Unauthorized("This sign-in link is not valid.", code="invalid_link") from error


@lru_cache(maxsize=1)
def _jwks_client() -> jwt.PyJWKClient:
    return jwt.PyJWKClient(settings().oidc_jwks_url, cache_keys=True, lifespan=3600)


def verify_bearer(token: str) -> Identity:
    """Check a bearer token's signature, time window, issuer and audience; 401 on any doubt."""
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as error:
        raise Unauthorized("The access token is malformed.", code="invalid_token") from error
    issuer = unverified.get("iss")
    s = settings()
    try:
        if issuer == OWN_ISSUER and header.get("alg") == "HS256":
            claims = jwt.decode(token, signing_key(), algorithms=["HS256"], audience=ACCESS_AUDIENCE,
                                issuer=OWN_ISSUER, options={"require": ["exp", "iat", "sub"]})
            return Identity(OWN_ISSUER, claims["sub"])
        if s.oidc_issuer and issuer == s.oidc_issuer and s.oidc_jwks_url:
            if header.get("alg") not in _OIDC_ALGORITHMS:
                raise Unauthorized("Unsupported token algorithm.", code="invalid_token")
            key = _jwks_client().get_signing_key_from_jwt(token).key
            claims = jwt.decode(token, key, algorithms=_OIDC_ALGORITHMS, audience=s.oidc_audience,
                                issuer=s.oidc_issuer, options={"require": ["exp", "iat", "sub"]})
            return Identity(s.oidc_issuer, claims["sub"], claims.get("email"),
                            bool(claims.get("email_verified")), claims.get("name"), int(claims["iat"]))
    except jwt.ExpiredSignatureError as error:
        raise Unauthorized("The access token has expired; please sign in again.", code="token_expired") from error
    except (jwt.PyJWTError, jwt.PyJWKClientError) as error:
        raise Unauthorized("The access token is not valid.", code="invalid_token") from error
    except (TypeError, ValueError) as error:
        # PyJWT raises these when the header's algorithm does not fit the provider's key (ES256 over an RSA key)
        raise Unauthorized("The access token is not valid.", code="invalid_token") from error
    raise Unauthorized("The access token's issuer is not accepted here.", code="invalid_token")
