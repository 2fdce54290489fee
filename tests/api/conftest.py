"""API-test fixtures on top of tests/conftest.py and tests/helpers.py.

* Speed: moto replaces boto3's default session in every `mock_aws()`, so each test re-parses botocore's 1 MB
  `endpoints.json` (~0.14 s per test). The file is read-only data; it is parsed once per process here.
* `world`: one moto table, one Chalice client and the usual cast of people for a whole module. Only for tests that
  send requests which must be refused (validation sweeps), so that sharing state between them is harmless.
"""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def _parse_botocore_endpoints_once():
    from botocore import loaders

    original = loaders.JSONFileLoader.load_file
    cache: dict[str, object] = {}

    def load_file(self, file_path):
        if not file_path.endswith("/endpoints"):
            return original(self, file_path)
        if file_path not in cache:
            cache[file_path] = original(self, file_path)
        return cache[file_path]

    loaders.JSONFileLoader.load_file = load_file
    yield
    loaders.JSONFileLoader.load_file = original


@pytest.fixture(scope="module")
def world():
    """A module-wide moto table with the cast of tests.helpers.cast (see the module docstring for when to use it)."""
    import boto3
    from chalice.test import Client
    from moto import mock_aws

    from app import app
    from chalicelib.auth.keys import signing_key
    from chalicelib.services import identity
    from chalicelib.storage.models import create_table
    from tests.conftest import ROOT
    from tests.helpers import DEBATE, Api, sign_in

    with mock_aws():
        signing_key.cache_clear()
        boto3.client("ssm").put_parameter(Name="/palabre/test/jwt-secret", Type="SecureString",
                                          Value="test-secret-" + "x" * 40)
        create_table()
        with Client(app, stage_name="dev", project_dir=ROOT) as client:
            api = Api(client)
            organiser = sign_in("organiser@example.org")
            identity.grant_platform_organiser(organiser.email)
            status, debate = api.post("/debates", DEBATE, who=organiser)
            assert status == 201, debate
            status, idea = api.post("/debates/climat-2027/ideas", {"title": {"fr": "Transports"}}, who=organiser)
            assert status == 201, idea
            people = {"api": api, "organiser": organiser, "debate": debate, "idea": idea}
            for role in ("moderator", "harvester"):
                person = sign_in(f"{role}@example.org")
                assert api.post("/debates/climat-2027/members", {"email": person.email, "roles": [role]},
                                who=organiser)[0] == 200
                people[role] = person
            people["participant"] = sign_in("participant@example.org")
            people["other"] = sign_in("other@example.org")
            status, post = api.post(f"/debates/climat-2027/ideas/{idea['id']}/posts",
                                    {"body": "Une affirmation", "statement": True}, who=people["participant"])
            assert status == 201, post
            status, reply = api.post(f"/debates/climat-2027/posts/{post['id']}/replies", {"body": "Une réponse"},
                                     who=people["other"])
            assert status == 201, reply
            people["post"], people["reply"] = post, reply
            yield people
        signing_key.cache_clear()
