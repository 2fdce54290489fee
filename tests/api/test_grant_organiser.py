"""`palabre grant-organiser` against a deployed table (`--stage aws --table NAME --region REGION`), under moto: the
operator's first step after a deployment (docs/deploy.md, "The first organiser"). The local stage is walked
through in tests/e2e/test_private_debate.py, against a running `palabre run`."""
from __future__ import annotations

import os

import boto3
import pytest

from chalicelib.cli.main import main

DEPLOYED = "palabre-prod-Table-1A2B3C4D5E6F"  # a CloudFormation-made name, not the settings' table
REGION = "eu-west-3"
TEST_TABLE = os.environ["PALABRE_TABLE"]  # the settings' table of the test run (tests/conftest.py)


@pytest.fixture
def deployed_table(aws, monkeypatch):
    """A second table, as a deployment makes it; the models and settings are put back afterwards (the command
    points them at the deployed table, as it does in its own process)."""
    from chalicelib.config import settings
    from chalicelib.storage import db, models

    for name in ("PALABRE_STAGE", "PALABRE_TABLE", "AWS_DEFAULT_REGION"):
        monkeypatch.setenv(name, os.environ[name])  # restored after the test, whatever the command sets
    meta = models.Entity.Meta
    saved = (meta.table_name, meta.region, meta.host)
    models.use_table(DEPLOYED, REGION)
    models.create_table()
    models.use_table(saved[0], saved[1])
    # a local endpoint left in the operator's shell must not be used against AWS (the command drops it)
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9")
    yield
    meta.table_name, meta.region, meta.host = saved
    settings.cache_clear()
    db.reset_connection()


def items(table: str) -> list[dict]:
    return boto3.client("dynamodb", region_name=REGION).scan(TableName=table)["Items"]


def test_grants_the_role_in_the_deployed_table_and_can_run_again(deployed_table, capsys):
    argv = ["grant-organiser", "Alice@Example.ORG", "--stage", "aws", "--table", DEPLOYED, "--region", REGION]
    assert main(argv) == 0
    first = capsys.readouterr().out
    assert "alice@example.org" in first.lower() and DEPLOYED in first, first
    assert main(argv) == 0  # idempotent: same user, nothing new
    assert capsys.readouterr().out == first

    stored = items(DEPLOYED)
    users = [i for i in stored if i["sk"]["S"] == "USER"] or [i for i in stored if "platform_roles" in i]
    assert len(users) == 1, stored
    assert [r["S"] for r in users[0]["platform_roles"]["L"]] == ["organiser"], users
    assert len(stored) == 2, stored  # the user and its email lookup, once
    assert items(TEST_TABLE) == []  # not the settings' table


@pytest.mark.parametrize("email", ["alice", "alice@", "@example.org", "alice example.org", "a@b", ""])
def test_a_malformed_email_is_refused_with_exit_code_2(email, capsys):
    assert main(["grant-organiser", email, "--stage", "aws", "--table", DEPLOYED, "--region", REGION]) == 2
    err = capsys.readouterr().err
    assert "not a valid email address" in err and "alice@example.org" in err, err


def test_the_aws_stage_needs_a_table_and_the_local_one_refuses_aws_options(capsys):
    assert main(["grant-organiser", "alice@example.org", "--stage", "aws"]) == 2
    assert "--table" in capsys.readouterr().err
    assert main(["grant-organiser", "alice@example.org", "--table", DEPLOYED]) == 2
    assert "--stage aws" in capsys.readouterr().err


def test_a_table_that_does_not_exist_is_a_clear_error(deployed_table, capsys):
    assert main(["grant-organiser", "alice@example.org", "--stage", "aws", "--table", "no-such-table",
                 "--region", REGION]) == 1
    err = capsys.readouterr().err
    assert "could not write to table no-such-table (eu-west-3)" in err and "credentials" in err, err


def _debate_in_the_deployed_table(slug: str) -> None:
    from chalicelib.storage import db, keys, models
    from chalicelib.storage.models import Debate

    meta = models.Entity.Meta
    saved = (meta.table_name, meta.region)
    models.use_table(DEPLOYED, REGION)
    db.reset_connection()
    try:
        Debate(keys.debate(slug), keys.DEBATE_META, slug=slug, title={"fr": "Orpheline"}, description={},
               languages=["fr"], default_language="fr", visibility="private", status="open", timezone="Europe/Paris",
               phases=[], premoderation=False, created_at="2026-12-01T08:00:00.000Z", created_by="gone").save()
    finally:
        models.use_table(*saved)
        db.reset_connection()


def test_the_operator_gives_an_orphaned_debate_an_organiser(deployed_table, capsys):
    """A debate whose only organiser deleted their account: the operator names a new one, recorded in the audit
    log as done by the operator; running it again changes nothing."""
    _debate_in_the_deployed_table("orpheline")
    argv = ["grant-organiser", "bob@example.org", "--debate", "orpheline", "--stage", "aws", "--table", DEPLOYED,
            "--region", REGION]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "bob@example.org is now an organiser of the debate 'orpheline'." in out, out
    assert main(argv) == 0
    stored = items(DEPLOYED)
    members = [i for i in stored if i["sk"]["S"] == "MEMBER"]
    assert len(members) == 1 and [r["S"] for r in members[0]["roles"]["L"]] == ["participant", "organiser"], members
    assert members[0]["gsi1pk"]["S"] == "D#orpheline#STAFF"
    audit = [i for i in stored if i["pk"]["S"] == "D#orpheline#AUDIT"]
    assert len(audit) == 2 and {a["actor_id"]["S"] for a in audit} == {"operator"}, audit
    assert items(TEST_TABLE) == []


@pytest.mark.parametrize("slug, message", [("nulle-part", "no debate has the address 'nulle-part'"),
                                           ("Pas#Une-Adresse", "is not a debate address")])
def test_an_unknown_or_malformed_debate_is_refused_before_anything_is_written(deployed_table, capsys, slug, message):
    assert main(["grant-organiser", "bob@example.org", "--debate", slug, "--stage", "aws", "--table", DEPLOYED,
                 "--region", REGION]) == 2
    assert message in capsys.readouterr().err
    assert items(DEPLOYED) == []  # not even the platform role
