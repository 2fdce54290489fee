"""Sign-in by email link (outbox and SES), Palabre's own access tokens, and OpenID Connect bearer tokens."""
from __future__ import annotations

import base64
import dataclasses
import glob
import hashlib
import hmac
import json
import os
import re
import time
import uuid

import jwt
import pytest

from tests.api.cast_snapshot import cast  # noqa: F401,F811 - the same cast, restored from a snapshot (faster)
from tests.api.support import assert_error
from tests.helpers import sign_in

TOKEN_IN_LINK = re.compile(r"#/signin\?token=([A-Za-z0-9_\-.]+)")


def outbox_messages(outbox_dir: str, to: str) -> list[dict]:
    messages = []
    for path in sorted(glob.glob(os.path.join(outbox_dir, "*.json"))):
        with open(path, encoding="utf-8") as handle:
            message = json.load(handle)
        if message["to"].lower() == to.lower():
            messages.append(message)
    return messages


def request_link(api, outbox_dir, email: str, next_path: str | None = None) -> str:
    body = {"email": email} if next_path is None else {"email": email, "next": next_path}
    before = len(outbox_messages(outbox_dir, email))
    status, data = api.post("/auth/email-link", body)
    assert (status, data) == (202, {"sent": True})
    messages = outbox_messages(outbox_dir, email)
    assert len(messages) == before + 1
    message = messages[-1]
    match = TOKEN_IN_LINK.search(message["text"])
    assert match, message["text"]
    return match.group(1)


def own_token(claims: dict, **header) -> str:
    from chalicelib.auth.keys import signing_key

    return jwt.encode(claims, signing_key(), algorithm="HS256", headers=header or None)


def now() -> int:
    return int(time.time())


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


# --- email link ---------------------------------------------------------------------------------------------------

def test_email_link_signs_a_person_in(api, outbox_dir):
    email = f"link-{uuid.uuid4().hex[:8]}@example.org"
    token = request_link(api, outbox_dir, email, "#/d/climat-2027")
    [message] = outbox_messages(outbox_dir, email)
    assert message["from"] and message["subject"]
    assert "/#/signin?token=" in message["text"]
    status, session = api.post("/auth/session", {"token": token})
    assert status == 200, session
    assert session["user"]["email"] == email and session["user"]["id"] and session["user"]["display_name"]
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", session["expires_at"])
    assert session.get("next") == "#/d/climat-2027"
    headers = {"Authorization": f"Bearer {session['access_token']}"}
    status, me = api.get("/me", headers=headers)
    assert status == 200 and me["user"]["id"] == session["user"]["id"] and me["user"]["email"] == email


def test_a_link_works_once(api, outbox_dir):
    token = request_link(api, outbox_dir, f"once-{uuid.uuid4().hex[:8]}@example.org")
    assert api.post("/auth/session", {"token": token})[0] == 200
    assert_error(*api.post("/auth/session", {"token": token}), 401, "link_used")


def test_same_address_same_account_and_no_account_enumeration(api, outbox_dir):
    suffix = uuid.uuid4().hex[:8]
    first = api.post("/auth/session", {"token": request_link(api, outbox_dir, f"Marie.{suffix}@Example.org")})[1]
    second = api.post("/auth/session", {"token": request_link(api, outbox_dir, f"marie.{suffix}@example.ORG")})[1]
    assert first["user"]["id"] == second["user"]["id"]
    # an unknown address and a known one get the same answer
    assert api.post("/auth/email-link", {"email": f"nobody-{suffix}@example.org"}) == (202, {"sent": True})


def test_bad_link_requests(api, outbox_dir):
    for body in ({"email": "not-an-email"}, {"email": "a@b"}, {"email": "x@example.org", "next": "javascript:x"},
                 {"email": "x@example.org", "next": "https://evil.example/#/"}, {}):
        assert_error(*api.post("/auth/email-link", body), 422, "validation_failed")
    assert outbox_messages(outbox_dir, "x@example.org") == []


def test_expired_and_forged_links(api):
    expired = own_token({"iss": "palabre", "aud": "palabre-signin", "email": "late@example.org", "iat": now() - 3600,
                         "nbf": now() - 3600, "exp": now() - 60, "jti": uuid.uuid4().hex})
    assert_error(*api.post("/auth/session", {"token": expired}), 401, "link_expired")
    access_token = sign_in("someone@example.org").token  # an access token is not a sign-in link
    assert_error(*api.post("/auth/session", {"token": access_token}), 401)
    no_email = own_token({"iss": "palabre", "aud": "palabre-signin", "iat": now(), "exp": now() + 600,
                          "jti": uuid.uuid4().hex})
    assert_error(*api.post("/auth/session", {"token": no_email}), 401)
    other_key = jwt.encode({"iss": "palabre", "aud": "palabre-signin", "email": "x@example.org", "iat": now(),
                            "exp": now() + 600, "jti": uuid.uuid4().hex}, "another-secret-" + "y" * 40,
                           algorithm="HS256")
    assert_error(*api.post("/auth/session", {"token": other_key}), 401)
    assert_error(*api.post("/auth/session", {"token": "not.a.token-at-all"}), 401)


def test_a_deleted_persons_link_is_refused(api, outbox_dir):
    person = sign_in("to-delete-link@example.org")
    delete_user(person.user_id)
    token = request_link(api, outbox_dir, "to-delete-link@example.org")
    assert_error(*api.post("/auth/session", {"token": token}), 401)


def deletion_was_a_second_ago(email: str) -> None:
    from chalicelib.storage import keys
    from chalicelib.storage.models import Lookup

    tombstone = Lookup.get(keys.email_lookup(email), keys.LOOKUP_SK, consistent_read=True)
    assert tombstone.user_id == "" and tombstone.deleted_at
    tombstone.update(actions=[Lookup.deleted_at.set(int(tombstone.deleted_at) - 1)])


def test_a_link_sent_before_the_account_was_deleted_is_refused_afterwards(api, outbox_dir):
    """The deletion leaves a short tombstone on the email lookup: an older link would otherwise open a new
    account in the deleted person's name; a link sent after the deletion does (a new, empty account)."""
    from chalicelib.services import accounts

    email = "stale-link@example.org"
    person = sign_in(email)
    stale = request_link(api, outbox_dir, email)
    assert accounts.delete_account(person.user_id) == {"status": "deleted"}
    assert_error(*api.post("/auth/session", {"token": stale}), 401, "invalid_link")
    deletion_was_a_second_ago(email)  # a link sent after the deletion (links count in whole seconds)
    status, session = api.post("/auth/session", {"token": request_link(api, outbox_dir, email)})
    assert status == 200 and session["user"]["id"] != person.user_id, session
    assert api.get("/me/data", who=sign_in(email))[1]["debates"] == []


def test_profile_display_name(api):
    person = sign_in("profile@example.org")
    status, data = api.patch("/me", {"display_name": "  Marie\u0000  Curie \u202e "}, who=person)
    assert status == 200, data
    assert data["user"]["display_name"] == "Marie Curie"
    assert api.get("/me", who=person)[1]["user"]["display_name"] == "Marie Curie"
    for name in ("", "\u0000\u0001", "x" * 61):
        assert_error(*api.patch("/me", {"display_name": name}, who=person), 422, "validation_failed")
    assert_error(*api.patch("/me", {"display_name": "Anonyme"}), 401, "unauthorized")


# --- access tokens --------------------------------------------------------------------------------------------------

def delete_user(user_id: str) -> None:
    from chalicelib.storage import keys
    from chalicelib.storage.models import User

    User(keys.user(user_id), keys.USER_SK).update(actions=[User.deleted.set(True)])


def test_bad_access_tokens_are_401(api):
    person = sign_in("holder@example.org")
    header, payload, signature = person.token.split(".")
    claims = jwt.decode(person.token, options={"verify_signature": False})
    victim = sign_in("victim@example.org")
    tampered_signature = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
    forged_payload = b64({**claims, "sub": victim.user_id})
    cases = {
        "tampered signature": f"{header}.{payload}.{tampered_signature}",
        "payload changed": f"{header}.{forged_payload}.{signature}",
        "alg none": f"{b64({'alg': 'none', 'typ': 'JWT'})}.{forged_payload}.",
        "alg none, own claims": jwt.encode({**claims}, None, algorithm="none"),
        "wrong audience": own_token({**claims, "aud": "palabre-signin"}),
        "no audience": own_token({k: v for k, v in claims.items() if k != "aud"}),
        "wrong issuer": own_token({**claims, "iss": "someone-else"}),
        "expired": own_token({**claims, "iat": now() - 7200, "nbf": now() - 7200, "exp": now() - 10}),
        "not yet valid": own_token({**claims, "nbf": now() + 3600}),
        "no expiry": own_token({k: v for k, v in claims.items() if k != "exp"}),
        "unknown user": own_token({**claims, "sub": "06h3r4hcsew7agsw"}),
        "other key": jwt.encode(claims, "another-secret-" + "y" * 40, algorithm="HS256"),
        "garbage": "garbage",
        "empty segments": "..",
    }
    for name, token in cases.items():
        status, data = api.get("/me", headers={"Authorization": f"Bearer {token}"})
        assert status == 401, (name, status, data)
        assert_error(status, data, 401)
    expired = api.get("/me", headers={"Authorization": f"Bearer {cases['expired']}"})
    assert_error(*expired, 401, "token_expired")
    for header_value in ("Basic dXNlcjpwYXNz", "Bearer", "Bearer ", person.token, f"Token {person.token}"):
        assert_error(*api.get("/me", headers={"Authorization": header_value}), 401)
    assert_error(*api.get("/me"), 401, "unauthorized")
    assert api.get("/me", who=person)[0] == 200


def test_a_bad_token_is_401_even_on_public_routes(api, cast):
    status, data = api.get("/debates/climat-2027", headers={"Authorization": "Bearer garbage"})
    assert_error(status, data, 401)
    assert api.get("/debates/climat-2027")[0] == 200


def test_a_deleted_users_token_is_refused(api, cast):
    person = cast["participant"]
    assert api.get("/me", who=person)[0] == 200
    delete_user(person.user_id)
    assert_error(*api.get("/me", who=person), 401)
    assert_error(*api.post(f"/debates/climat-2027/ideas/{cast['idea']['id']}/posts", {"body": "Fantôme"},
                           who=person), 401)
    assert_error(*api.get("/debates/climat-2027", who=person), 401)


# --- SES ------------------------------------------------------------------------------------------------------------

@pytest.fixture
def ses_mail(monkeypatch):
    from chalicelib.auth import mailer
    from chalicelib.config import settings

    replaced = dataclasses.replace(settings(), outbox_dir=None)
    monkeypatch.setattr(mailer, "settings", lambda: replaced)
    return replaced


def ses_sent(region: str) -> list:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    return list(ses_backends[DEFAULT_ACCOUNT_ID][region].sent_messages)


def test_sign_in_link_goes_through_ses_without_an_outbox(api, ses_mail, outbox_dir):
    import boto3

    ses = boto3.client("ses", region_name=ses_mail.region)
    ses.verify_email_identity(EmailAddress="no-reply@palabre.invalid")
    email = f"ses-{uuid.uuid4().hex[:8]}@example.org"
    assert api.post("/auth/email-link", {"email": email, "next": "#/d/climat-2027"}) == (202, {"sent": True})
    assert outbox_messages(outbox_dir, email) == []
    assert ses.get_send_quota()["SentLast24Hours"] == 1
    [message] = ses_sent(ses_mail.region)
    assert message.source == ses_mail.mail_sender
    assert message.destinations == {"ToAddresses": [email]}
    match = TOKEN_IN_LINK.search(message.body)
    assert match and f"{ses_mail.web_url}/#/signin?token=" in message.body
    status, session = api.post("/auth/session", {"token": match.group(1)})
    assert status == 200 and session["user"]["email"] == email


# --- OpenID Connect -------------------------------------------------------------------------------------------------

ISSUER = "https://idp.example.org/realms/palabre"
AUDIENCE = "palabre-web"


@pytest.fixture(scope="module")
def rsa_keys():
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048), \
        rsa.generate_private_key(public_exponent=65537, key_size=2048)


class StubJWKS:
    """Stands in for jwt.PyJWKClient: the provider's published keys, by kid."""

    def __init__(self, keys: dict):
        self.keys = keys
        self.calls = 0

    def get_signing_key_from_jwt(self, token):
        self.calls += 1
        kid = jwt.get_unverified_header(token).get("kid")
        if kid not in self.keys:
            raise jwt.PyJWKClientError(f"Unable to find a signing key that matches: {kid}")
        return self.keys[kid]


@pytest.fixture
def oidc(monkeypatch, rsa_keys):
    from chalicelib.auth import tokens
    from chalicelib.config import settings

    private, _ = rsa_keys
    public_jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key()))
    public_jwk.update({"kid": "key-1", "alg": "RS256", "use": "sig"})
    stub = StubJWKS({"key-1": jwt.PyJWK(public_jwk)})
    replaced = dataclasses.replace(settings(), oidc_issuer=ISSUER, oidc_audience=AUDIENCE,
                                   oidc_jwks_url="https://idp.example.org/certs")
    monkeypatch.setattr(tokens, "settings", lambda: replaced)
    monkeypatch.setattr(tokens, "_jwks_client", lambda: stub)
    return stub


def idp_token(key, claims: dict | None = None, kid: str = "key-1", algorithm: str = "RS256", **drop) -> str:
    base = {"iss": ISSUER, "aud": AUDIENCE, "sub": "subject-42", "iat": now(), "exp": now() + 600,
            "email": "oidc@example.org", "email_verified": True, "name": "Alex Dupont"}
    base.update(claims or {})
    for name in drop:
        base.pop(name, None)
    return jwt.encode(base, key, algorithm=algorithm, headers={"kid": kid})


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_an_oidc_token_signs_in_and_creates_the_user_once(api, oidc, rsa_keys):
    private, _ = rsa_keys
    status, first = api.get("/me", headers=bearer(idp_token(private)))
    assert status == 200, first
    assert first["user"]["display_name"] == "Alex Dupont" and first["user"]["email"] == "oidc@example.org"
    status, second = api.get("/me", headers=bearer(idp_token(private, {"name": "Renamed"})))
    assert status == 200 and second["user"]["id"] == first["user"]["id"]
    assert oidc.calls == 2
    other = api.get("/me", headers=bearer(idp_token(private, {"sub": "subject-43", "email_verified": False,
                                                              "email": "unverified@example.org"})))[1]
    assert other["user"]["id"] != first["user"]["id"]
    assert other["user"]["email"] is None  # an unverified email is not recorded


def test_an_oidc_user_can_contribute(api, cast, oidc, rsa_keys):
    private, _ = rsa_keys
    status, post = api.post(f"/debates/climat-2027/ideas/{cast['idea']['id']}/posts", {"body": "Depuis l'IdP"},
                            headers=bearer(idp_token(private)))
    assert status == 201, post
    assert post["author"]["display_name"] == "Alex Dupont"


def test_bad_oidc_tokens_are_401(api, oidc, rsa_keys):
    from cryptography.hazmat.primitives import serialization

    private, stranger = rsa_keys
    public_pem = private.public_key().public_bytes(encoding=serialization.Encoding.PEM,
                                                   format=serialization.PublicFormat.SubjectPublicKeyInfo)
    base = {"iss": ISSUER, "aud": AUDIENCE, "sub": "subject-42", "iat": now(), "exp": now() + 600}
    # PyJWT refuses a PEM as an HMAC key, so the confused token is signed by hand, as an attacker would
    signing_input = f"{b64({'alg': 'HS256', 'typ': 'JWT', 'kid': 'key-1'})}.{b64(base)}"
    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    hs_with_public_key = signing_input + "." + base64.urlsafe_b64encode(signature).decode().rstrip("=")
    cases = {
        "wrong audience": idp_token(private, {"aud": "another-app"}),
        "no audience": idp_token(private, aud=None),
        "expired": idp_token(private, {"iat": now() - 7200, "exp": now() - 60}),
        "no subject": idp_token(private, sub=None),
        "unknown kid": idp_token(private, kid="key-2"),
        "signed by another key": idp_token(stranger),
        "RS/HS confusion: HS256 keyed with the public key PEM": hs_with_public_key,
        "alg none": f"{b64({'alg': 'none', 'kid': 'key-1'})}.{b64(base)}.",
        "other issuer": idp_token(private, {"iss": "https://evil.example.org"}),
        "own issuer with RS256": idp_token(private, {"iss": "palabre", "aud": "palabre-api"}),
    }
    for name, token in cases.items():
        status, data = api.get("/me", headers=bearer(token))
        assert status == 401, (name, status, data)
        assert_error(status, data, 401)
    assert api.get("/me", headers=bearer(idp_token(private)))[0] == 200  # the good one still works


def test_oidc_tokens_are_refused_when_no_provider_is_configured(api, rsa_keys):
    private, _ = rsa_keys
    assert_error(*api.get("/me", headers=bearer(idp_token(private))), 401)
