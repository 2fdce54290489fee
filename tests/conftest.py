"""Test set-up: moto for AWS, fake credentials so nothing can reach a real account."""
from __future__ import annotations

import os
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
_scratch = tempfile.mkdtemp(prefix="palabre-tests-")
for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"):
    os.environ.pop(name, None)
os.environ.update({
    "AWS_DEFAULT_REGION": "eu-west-3",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "PALABRE_STAGE": "test",
    "PALABRE_TABLE": "palabre-test",
    "PALABRE_JWT_SECRET_PARAMETER": "/palabre/test/jwt-secret",
    "PALABRE_OUTBOX_DIR": os.path.join(_scratch, "outbox"),
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
})

import pytest  # noqa: E402
from moto import mock_aws  # noqa: E402

pytest_plugins = ["tests.helpers", "tests.infra.dynamodb_actions", "tests.browser"]


@pytest.fixture
def aws():
    with mock_aws():
        import boto3

        from chalicelib.auth.keys import signing_key
        from chalicelib.storage.models import create_table

        signing_key.cache_clear()
        boto3.client("ssm").put_parameter(Name="/palabre/test/jwt-secret", Type="SecureString",
                                          Value="test-secret-" + "x" * 40)
        create_table()
        yield
        signing_key.cache_clear()


@pytest.fixture
def outbox_dir():
    return os.environ["PALABRE_OUTBOX_DIR"]
