"""The functions' IAM policy against what the code does: every AWS call recorded while the other tests ran (they run
first: tests/infra/dynamodb_actions.py), plus the static list of operations the code can send. A new access pattern
cannot ship without its permission, and no wildcard slips in."""
from __future__ import annotations

import pytest

from tests.infra.dynamodb_actions import MARKER, dynamodb_permissions, load_recording
from tests.infra.iam_check import (
    KMS_KEYS,
    RUNTIME_PERMISSIONS,
    STATIC_PERMISSIONS,
    TABLE,
    check_policy,
    check_wiring,
    with_statement,
    without_action,
)

NO_CALLS = {"calls": []}
TABLE_ARN = {"Fn::GetAtt": ["Table", "Arn"]}


def _recorded(operation: str, permissions: list[tuple[str, str]], origin: str = "app", service: str = "dynamodb"):
    return {"calls": [{"service": service, "operation": operation, "origin": origin, "tables": ["palabre-test"],
                       "sites": ["chalicelib/storage/example_repo.py:example"], "count": 1, "tests": 1,
                       "permissions": [{"action": a, "resource": r} for a, r in permissions]}]}


# ---------------------------------------------------------------- the real policy against the real calls

@pytest.mark.uses_aws_call_recording
def test_policy_allows_exactly_what_the_code_uses(packaged_template, pytestconfig):
    recording, source = load_recording(pytestconfig)
    problems = check_policy(packaged_template, recording)
    assert not problems, (f"FunctionRole's policy (infrastructure/resources.yaml) against the calls recorded in "
                          f"{source}:\n  " + "\n  ".join(problems))


@pytest.mark.uses_aws_call_recording
def test_the_recording_saw_the_code_reach_dynamodb(pytestconfig):
    recording, source = load_recording(pytestconfig)
    app_calls = [c for c in recording["calls"] if c["origin"] == "app" and c["service"] == "dynamodb"]
    operations = {c["operation"] for c in app_calls}
    # The API tests exercise these on every run; if they are missing, the recorder is not seeing the calls.
    assert {"GetItem", "Query", "PutItem", "TransactWriteItems", "BatchGetItem"} <= operations, (source, operations)
    indexes = {p["resource"] for c in app_calls for p in c["permissions"]}
    assert {"table", "index/gsi1", "index/lsi1"} <= indexes, (source, indexes)


@pytest.mark.uses_aws_call_recording
def test_every_recorded_dynamodb_permission_is_in_the_static_list(pytestconfig):
    """Keeps the static list (the fallback when no recording exists) complete."""
    recording, source = load_recording(pytestconfig)
    static = {(action, resource) for action, resource in STATIC_PERMISSIONS}
    unlisted = sorted({(p["action"], TABLE if p["resource"] == "table" else f"{TABLE}/{p['resource']}",
                        ", ".join(c["sites"][:2]))
                       for c in recording["calls"] if c["origin"] == "app" and c["service"] == "dynamodb"
                       for p in c["permissions"]
                       if (p["action"], TABLE if p["resource"] == "table" else f"{TABLE}/{p['resource']}")
                       not in static})
    assert not unlisted, f"add these to STATIC_PERMISSIONS in tests/infra/iam_check.py ({source}): {unlisted}"


def test_every_function_runs_with_the_checked_role_and_a_log_group(packaged_template):
    assert check_wiring(packaged_template) == []


def test_the_static_list_alone_passes(packaged_template):
    """The baseline of the tests below: the unchanged policy has no problem, so theirs come from the change."""
    assert check_policy(packaged_template, NO_CALLS) == []


# ---------------------------------------------------------------- the checker fails when it must

@pytest.mark.parametrize("action", sorted({action for action, _ in {**STATIC_PERMISSIONS, **RUNTIME_PERMISSIONS}}
                                           | {"logs:CreateLogStream", "logs:PutLogEvents"}))
def test_removing_an_action_the_code_uses_is_reported(packaged_template, action):
    problems = check_policy(without_action(packaged_template, action), NO_CALLS)
    assert any(p.startswith(f"missing: {action} on ") for p in problems), problems


def test_removing_an_action_only_the_recording_needs_is_reported(packaged_template):
    recording = _recorded("DescribeTable", [("dynamodb:DescribeTable", "table")])
    problems = check_policy(packaged_template, recording)
    assert f"missing: dynamodb:DescribeTable on {TABLE} (needed by DescribeTable recorded from " \
           "chalicelib/storage/example_repo.py:example)" in problems


def test_a_query_on_the_table_is_not_covered_by_the_index_statement(packaged_template):
    statements = packaged_template["Resources"]["FunctionRole"]["Properties"]["Policies"][0]["PolicyDocument"]
    items = next(s for s in statements["Statement"] if s["Sid"] == "TableItems")
    items["Action"].remove("dynamodb:Query")
    recording = _recorded("Query", [("dynamodb:Query", "table")])
    assert f"missing: dynamodb:Query on {TABLE} (needed by Query recorded from " \
           "chalicelib/storage/example_repo.py:example)" in check_policy(packaged_template, recording)


def test_transactions_need_each_item_permission():
    params = {"TransactItems": [{"ConditionCheck": {"TableName": "t"}}, {"Put": {"TableName": "t"}},
                                {"Update": {"TableName": "t"}}, {"Delete": {"TableName": "t"}}]}
    assert dynamodb_permissions("TransactWriteItems", params) == (
        [("dynamodb:ConditionCheckItem", "table"), ("dynamodb:DeleteItem", "table"), ("dynamodb:PutItem", "table"),
         ("dynamodb:UpdateItem", "table")], {"t"})
    assert dynamodb_permissions("Query", {"TableName": "t", "IndexName": "gsi1"}) == (
        [("dynamodb:Query", "index/gsi1")], {"t"})
    assert ("dynamodb:ConditionCheckItem", TABLE) in STATIC_PERMISSIONS


def test_calls_that_are_not_the_functions_are_not_demanded(packaged_template):
    for origin in ("provisioning", "operator", "test"):
        recording = _recorded("CreateTable", [("dynamodb:CreateTable", "table")], origin=origin)
        assert check_policy(packaged_template, recording) == []


def test_a_second_table_is_reported(packaged_template):
    recording = _recorded("GetItem", [("dynamodb:GetItem", "table")])
    recording["calls"][0]["tables"] = ["palabre-test", "other"]
    assert any("several DynamoDB tables" in p for p in check_policy(packaged_template, recording))


@pytest.mark.parametrize("statement, expected", [
    ({"Effect": "Allow", "Action": "dynamodb:*", "Resource": TABLE_ARN}, "wildcard action 'dynamodb:*'"),
    ({"Effect": "Allow", "Action": "dynamodb:Get*", "Resource": TABLE_ARN}, "wildcard action 'dynamodb:Get*'"),
    ({"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"}, "Resource '*' for ['dynamodb:GetItem']"),
    ({"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:*:*:table/*"},
     "wildcard resource 'arn:aws:dynamodb:*:*:table/*' is not one of the justified ones"),
    ({"Effect": "Allow", "Action": "dynamodb:Query", "Resource": {"Fn::Sub": "${Table.Arn}*"}},
     "wildcard resource '${Table.Arn}*' is not one of the justified ones"),
    ({"Effect": "Allow", "Action": "dynamodb:Scan", "Resource": TABLE_ARN}, "dynamodb:Scan is granted but nothing"),
    ({"Effect": "Allow", "NotAction": "iam:*", "Resource": TABLE_ARN}, "NotAction grants by exclusion"),
    ({"Effect": "Allow", "Action": "cloudwatch:PutMetricData", "Resource": "*"},
     "Resource '*' needs a condition on cloudwatch:namespace"),
    ({"Effect": "Allow", "Action": "kms:Decrypt", "Resource": {"Fn::Sub": KMS_KEYS}},
     f"{KMS_KEYS} needs conditions on"),
])
def test_wildcards_and_unused_grants_are_reported(packaged_template, statement, expected):
    problems = check_policy(with_statement(packaged_template, statement), NO_CALLS)
    assert any(expected in p for p in problems), problems


def test_a_deny_statement_takes_the_permission_away(packaged_template):
    changed = with_statement(packaged_template, {"Effect": "Deny", "Action": "dynamodb:PutItem", "Resource": TABLE_ARN})
    assert any(p.startswith("missing: dynamodb:PutItem on ") for p in check_policy(changed, NO_CALLS))


def test_a_managed_policy_on_the_role_is_reported(packaged_template):
    role = packaged_template["Resources"]["FunctionRole"]["Properties"]
    role["ManagedPolicyArns"] = ["arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess"]
    assert any("managed policies" in p for p in check_policy(packaged_template, NO_CALLS))


def test_a_function_without_the_role_or_log_group_is_reported(packaged_template):
    function = packaged_template["Resources"]["APIHandler"]["Properties"]
    function["Role"] = "arn:aws:iam::000000000000:role/replaced-by-FunctionRole-in-infrastructure-resources-yaml"
    del function["LoggingConfig"]
    problems = check_wiring(packaged_template)
    assert any(p.startswith("function APIHandler does not run with FunctionRole") for p in problems)
    assert any(p.startswith("function APIHandler has no LoggingConfig.LogGroup") for p in problems)


def test_the_recording_tests_run_last(request):
    items = request.session.items
    readers = [i for i, item in enumerate(items) if item.get_closest_marker(MARKER)]
    assert readers == list(range(len(items) - len(readers), len(items)))
