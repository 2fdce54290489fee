"""Forged, stale and misused bearer tokens: every one is refused with 401 and a JSON error body, on a route that
needs a sign-in (GET /me), on a public read where a sign-in is optional (GET /debates/{slug}) and on a write
(POST a post) — a bad token is never treated as "anonymous".

Palabre's own tokens are HS256 with the server's secret; an OpenID Connect provider is configured here the way
tests/api/test_auth.py does it (settings and the JWKS client monkeypatched), with an RSA key pair."""
from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import json
import time
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from tests.security.conftest import moto_app

SLUG = "jetons"
ISSUER = "https://idp.example.org/realms/palabre"
AUDIENCE = "palabre-web"
KID = "key-1"


def b64(data) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def now() -> int:
    return int(time.time())


def hs256(header: dict, claims: dict, key: bytes) -> str:
    signing_input = f"{b64(header)}.{b64(claims)}"
    signature = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


@dataclasses.dataclass
class Env:
    api: object
    person: object          # a signed-in participant (own token)
    deleted: object         # a person whose account is then deleted
    idea: str
    rsa_private: object
    stranger_rsa: object
    ec_private: object


@pytest.fixture(scope="module")
def env():
    from chalicelib.services import identity
    from tests.helpers import DEBATE, sign_in

    with moto_app() as api:
        organiser = sign_in("tokens-organiser@example.org")
        identity.grant_platform_organiser(organiser.email)
        assert api.post("/debates", {**DEBATE, "slug": SLUG}, who=organiser)[0] == 201
        status, idea = api.post(f"/debates/{SLUG}/ideas", {"title": {"fr": "Jetons"}}, who=organiser)
        assert status == 201, idea
        person = sign_in("tokens-holder@example.org")
        deleted = sign_in("tokens-deleted@example.org")
        # the real deletion path (DELETE /me), after the person contributed
        assert api.post(f"/debates/{SLUG}/ideas/{idea['id']}/posts", {"body": "Bientôt parti"}, who=deleted)[0] == 201
        assert api.delete("/me", who=deleted, body={"confirm": deleted.email})[1] == {"status": "deleted"}
        yield Env(api, person, deleted, idea["id"],
                  rsa.generate_private_key(public_exponent=65537, key_size=2048),
                  rsa.generate_private_key(public_exponent=65537, key_size=2048),
                  ec.generate_private_key(ec.SECP256R1()))


class StubJWKS:
    """Stands in for jwt.PyJWKClient: the provider's published keys, by kid."""

    def __init__(self, keys: dict):
        self.keys = keys

    def get_signing_key_from_jwt(self, token):
        kid = jwt.get_unverified_header(token).get("kid")
        if kid not in self.keys:
            raise jwt.PyJWKClientError(f"Unable to find a signing key that matches: {kid}")
        return self.keys[kid]


@pytest.fixture
def oidc(env, monkeypatch):
    from chalicelib.auth import tokens
    from chalicelib.config import settings

    public_jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(env.rsa_private.public_key()))
    public_jwk.update({"kid": KID, "alg": "RS256", "use": "sig"})
    replaced = dataclasses.replace(settings(), oidc_issuer=ISSUER, oidc_audience=AUDIENCE,
                                   oidc_jwks_url="https://idp.example.org/certs")
    monkeypatch.setattr(tokens, "settings", lambda: replaced)
    monkeypatch.setattr(tokens, "_jwks_client", lambda: StubJWKS({KID: jwt.PyJWK(public_jwk)}))
    return public_jwk


def own(claims: dict, **header) -> str:
    from chalicelib.auth.keys import signing_key

    return jwt.encode(claims, signing_key(), algorithm="HS256", headers=header or None)


def own_claims(env) -> dict:
    return jwt.decode(env.person.token, options={"verify_signature": False})


def idp_claims(**extra) -> dict:
    return {"iss": ISSUER, "aud": AUDIENCE, "sub": "subject-42", "iat": now(), "exp": now() + 600,
            "email": "idp-user@example.org", "email_verified": True, "name": "Alex", **extra}


def idp(env, claims: dict | None = None, *, key=None, kid: str = KID, algorithm: str = "RS256", **header) -> str:
    return jwt.encode(claims if claims is not None else idp_claims(), key or env.rsa_private, algorithm=algorithm,
                      headers={"kid": kid, **header})


# --- the attacks: name -> (needs OIDC configured, token builder) --------------------------------------------------

def _public_pem(env) -> bytes:
    return env.rsa_private.public_key().public_bytes(serialization.Encoding.PEM,
                                                     serialization.PublicFormat.SubjectPublicKeyInfo)


def _tampered(env) -> str:
    header, _, signature = env.person.token.split(".")
    return f"{header}.{b64({**own_claims(env), 'sub': env.deleted.user_id, 'exp': now() + 10**6})}.{signature}"


def _flipped_signature(env) -> str:
    header, payload, signature = env.person.token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
    raw[0] ^= 1
    return f"{header}.{payload}.{b64(bytes(raw))}"


def _access_as_unsubscribe(env) -> str:
    from chalicelib.services.notifications import unsubscribe_token

    return unsubscribe_token(SLUG, env.person.user_id)


def _idp_user_then_deleted(env) -> str:
    """An OIDC subject seen once (so it has a user), whose account is then deleted: its tokens issued until then
    are refused (a later sign-in with the provider is a new account)."""

    subject = f"to-delete-{uuid.uuid4().hex[:8]}"
    status, me = env.api.get("/me", headers={"Authorization": f"Bearer {idp(env, idp_claims(sub=subject))}"})
    assert status == 200, me
    from chalicelib.services.accounts import delete_account

    assert delete_account(me["user"]["id"]) == {"status": "deleted"}
    return idp(env, idp_claims(sub=subject))


ATTACKS = {
    # signature
    "alg none, no signature": (False, lambda e: f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(own_claims(e))}."),
    "alg None (case), no signature": (False, lambda e: f"{b64({'alg': 'None'})}.{b64(own_claims(e))}."),
    "alg none with the original signature": (
        False, lambda e: f"{b64({'alg': 'none'})}.{b64(own_claims(e))}.{e.person.token.split('.')[2]}"),
    "alg none under the OIDC issuer": (True, lambda e: f"{b64({'alg': 'none', 'kid': KID})}.{b64(idp_claims())}."),
    "HS256 keyed with the RSA public key PEM (RS/HS confusion)": (
        True, lambda e: hs256({"alg": "HS256", "typ": "JWT", "kid": KID}, idp_claims(), _public_pem(e))),
    "HS256 keyed with the public JWK text (RS/HS confusion)": (
        True, lambda e: hs256({"alg": "HS256", "kid": KID}, idp_claims(),
                              json.dumps(json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(e.rsa_private.public_key())))
                              .encode())),
    "HS256 keyed with the PEM, own issuer": (
        True, lambda e: hs256({"alg": "HS256"}, own_claims(e), _public_pem(e))),
    "signed by another RSA key, right kid": (True, lambda e: idp(e, key=e.stranger_rsa)),
    "ES256 signed by an attacker's key, right kid": (True, lambda e: idp(e, key=e.ec_private, algorithm="ES256")),
    "jku header pointing at the attacker's keys": (
        True, lambda e: idp(e, key=e.stranger_rsa, jku="https://evil.example/jwks.json")),
    "own claims signed with another secret": (False, lambda e: jwt.encode(own_claims(e), "x" * 48, algorithm="HS256")),
    "own issuer signed with RS256": (False, lambda e: jwt.encode(own_claims(e), e.rsa_private, algorithm="RS256")),
    "tampered payload (sub changed, signature kept)": (False, _tampered),
    "flipped signature bit": (False, _flipped_signature),
    # time window
    "expired (own)": (False, lambda e: own({**own_claims(e), "iat": now() - 7200, "nbf": now() - 7200,
                                            "exp": now() - 5})),
    "expired (OIDC)": (True, lambda e: idp(e, idp_claims(iat=now() - 7200, exp=now() - 5))),
    "not yet valid: nbf in the future (own)": (False, lambda e: own({**own_claims(e), "nbf": now() + 3600})),
    "not yet valid: iat in the future (own)": (
        False, lambda e: own({k: v for k, v in {**own_claims(e), "iat": now() + 3600}.items() if k != "nbf"})),
    "not yet valid: nbf in the future (OIDC)": (True, lambda e: idp(e, idp_claims(nbf=now() + 3600))),
    "not yet valid: iat in the future (OIDC)": (True, lambda e: idp(e, idp_claims(iat=now() + 3600))),
    "no expiry (own)": (False, lambda e: own({k: v for k, v in own_claims(e).items() if k != "exp"})),
    "no expiry (OIDC)": (True, lambda e: idp(e, {k: v for k, v in idp_claims().items() if k != "exp"})),
    # issuer and audience
    "wrong issuer (own key)": (False, lambda e: own({**own_claims(e), "iss": "palabre-evil"})),
    "no issuer (own key)": (False, lambda e: own({k: v for k, v in own_claims(e).items() if k != "iss"})),
    "wrong issuer (OIDC key)": (True, lambda e: idp(e, idp_claims(iss="https://evil.example.org"))),
    "OIDC issuer while no provider is configured": (False, lambda e: idp(e)),
    "wrong audience (own)": (False, lambda e: own({**own_claims(e), "aud": "another-api"})),
    "audience list without ours (own)": (False, lambda e: own({**own_claims(e), "aud": ["a", "b"]})),
    "wrong audience (OIDC)": (True, lambda e: idp(e, idp_claims(aud="another-app"))),
    "no audience (OIDC)": (True, lambda e: idp(e, {k: v for k, v in idp_claims().items() if k != "aud"})),
    # keys
    "unknown kid": (True, lambda e: idp(e, kid="key-2")),
    "no kid": (True, lambda e: jwt.encode(idp_claims(), e.rsa_private, algorithm="RS256")),
    "kid path traversal": (True, lambda e: idp(e, kid="../../../../dev/null")),
    # accounts
    "token of a deleted user (own)": (False, lambda e: e.deleted.token),
    "token of a deleted user (OIDC)": (True, _idp_user_then_deleted),
    "token of a user that never existed": (False, lambda e: own({**own_claims(e), "sub": "06h3r4hcsew7agsw"})),
    "no subject (OIDC)": (True, lambda e: idp(e, {k: v for k, v in idp_claims().items() if k != "sub"})),
    # tokens of another purpose
    "a sign-in link's token used as an access token": (
        False, lambda e: __import__("chalicelib.auth.tokens", fromlist=["x"]).issue_signin_token(e.person.email, None)),
    "an unsubscribe link's token used as an access token": (False, _access_as_unsubscribe),
    # shape
    "garbage": (False, lambda e: "garbage"),
    "two segments": (False, lambda e: ".".join(e.person.token.split(".")[:2])),
    "JSON array payload": (False, lambda e: f"{b64({'alg': 'HS256'})}.{b64([1])}.AAAA"),
    "oversized forgery (100 kB)": (False, lambda e: jwt.encode({**own_claims(e), "pad": "x" * 100_000}, "z" * 48,
                                                               algorithm="HS256")),
    "non-ASCII": (False, lambda e: "é.é.é"),
}


# Known bugs: attack name -> reason (strict xfails). None left: an algorithm that does not fit the provider's key
# (ES256 over an RSA kid) is a 401 since chalicelib/auth/tokens.py catches PyJWT's TypeError.
KNOWN_BUGS: dict[str, str] = {}


def known_bug(item) -> str | None:
    callspec = getattr(item, "callspec", None)
    return KNOWN_BUGS.get(callspec.params.get("name")) if callspec else None


def assert_401(status, data, what):
    assert status == 401, (what, status, data)
    assert isinstance(data, dict) and set(data) == {"error"}, (what, data)
    assert isinstance(data["error"].get("code"), str) and data["error"].get("message"), (what, data)


@pytest.mark.parametrize("name", list(ATTACKS))
def test_attack_is_401_everywhere(env, request, name):
    needs_oidc, build = ATTACKS[name]
    if needs_oidc:
        request.getfixturevalue("oidc")
    token = build(env)
    headers = {"Authorization": f"Bearer {token}"}
    for method, path, body in (("GET", "/me", None), ("GET", f"/debates/{SLUG}", None),
                               ("POST", f"/debates/{SLUG}/ideas/{env.idea}/posts", {"body": "Intrusion"})):
        assert_401(*env.api.call(method, path, body, headers=headers), f"{name}: {method} {path}")


def test_the_good_tokens_still_work(env, oidc):
    """The fixtures are right: the genuine tokens are accepted, so the 401s above are the attacks' doing."""
    assert env.api.get("/me", who=env.person)[0] == 200
    assert env.api.get("/me", headers={"Authorization": f"Bearer {idp(env)}"})[0] == 200


def test_an_access_token_is_not_a_sign_in_link(env):
    status, data = env.api.post("/auth/session", {"token": env.person.token})
    assert_401(status, data, "access token at /auth/session")


def test_forged_sign_in_links_are_refused(env, oidc):
    from chalicelib.auth.tokens import SIGNIN_AUDIENCE

    claims = {"iss": "palabre", "aud": SIGNIN_AUDIENCE, "email": env.person.email, "iat": now(), "nbf": now(),
              "exp": now() + 600, "jti": uuid.uuid4().hex}
    forged = {
        "alg none": f"{b64({'alg': 'none'})}.{b64(claims)}.",
        "another secret": jwt.encode(claims, "y" * 48, algorithm="HS256"),
        "HS256 keyed with the RSA public key": hs256({"alg": "HS256"}, claims, _public_pem(env)),
        "RS256 from the identity provider's key": jwt.encode(claims, env.rsa_private, algorithm="RS256"),
        "an OIDC access token": idp(env),
        "not yet valid": own({**claims, "nbf": now() + 3600}),
        "expired": own({**claims, "iat": now() - 3600, "nbf": now() - 3600, "exp": now() - 5}),
    }
    for name, token in forged.items():
        assert_401(*env.api.post("/auth/session", {"token": token}), f"sign-in link: {name}")


def test_an_access_token_does_not_unsubscribe(env):
    """The other way round: a link's token of one purpose is no good for another (the unsubscribe page answers
    400 invalid_link, and nobody is unsubscribed)."""
    status, data = env.api.get(f"/unsubscribe?token={env.person.token}")
    assert status == 400 and data["error"]["code"] == "invalid_link", data
