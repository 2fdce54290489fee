"""The packaged template (infrastructure/resources.yaml merged into Chalice's output): lint, table, front end,
wiring."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

API_ORIGIN = "https://${RestAPI}.execute-api.${AWS::Region}.${AWS::URLSuffix}"
ENVIRONMENT = {
    "PALABRE_STAGE": {"Ref": "Stage"},
    "PALABRE_TABLE": {"Ref": "Table"},
    "PALABRE_JWT_SECRET_PARAMETER": {"Ref": "JwtSecretParameterName"},
    "PALABRE_WEB_URL": {"Ref": "WebOrigin"},
    "PALABRE_CORS_ORIGIN": {"Ref": "WebOrigin"},
    "PALABRE_API_URL": {"Ref": "ApiUrl"},
    "PALABRE_MAIL_SENDER": {"Fn::Sub": "Palabre <${MailSenderAddress}>"},
    "PALABRE_ARCHIVE_BUCKET": {"Ref": "WebBucket"},
    "PALABRE_STATE_BUCKET": {"Ref": "StateBucket"},
}
LOCAL_ONLY = ("PALABRE_OUTBOX_DIR", "PALABRE_JWT_SECRET_FILE", "PALABRE_ARCHIVE_DIR", "PALABRE_STATE_DIR",
              "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "POWERTOOLS_METRICS_DISABLED")


def _functions(template):
    return {k: v for k, v in template["Resources"].items() if v.get("Type") == "AWS::Serverless::Function"}


def test_cfn_lint_reports_nothing(packaged_template_path):
    cfn_lint = os.path.join(os.path.dirname(sys.executable), "cfn-lint")
    result = subprocess.run([cfn_lint, packaged_template_path], capture_output=True, text=True)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_the_table_is_the_one_the_models_describe(packaged_template):
    from chalicelib.storage.models import Entity

    schema = Entity._get_schema()
    table = packaged_template["Resources"]["Table"]["Properties"]

    def keys(key_schema):
        return sorted((k["AttributeName"], k["KeyType"]) for k in key_schema)

    assert sorted(map(json.dumps, table["AttributeDefinitions"])) == sorted(
        json.dumps({"AttributeName": a["AttributeName"], "AttributeType": a["AttributeType"]})
        for a in schema["attribute_definitions"])
    assert keys(table["KeySchema"]) == keys(schema["key_schema"])
    for kind, model_kind in (("GlobalSecondaryIndexes", "global_secondary_indexes"),
                             ("LocalSecondaryIndexes", "local_secondary_indexes")):
        assert {i["IndexName"]: (keys(i["KeySchema"]), i["Projection"]) for i in table.get(kind, [])} == {
            i["index_name"]: (keys(i["key_schema"]), i["projection"]) for i in schema.get(model_kind, [])}


def test_the_table_settings(packaged_template):
    resource = packaged_template["Resources"]["Table"]
    table = resource["Properties"]
    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert table["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert table["DeletionProtectionEnabled"] is True
    assert table["SSESpecification"] == {"SSEEnabled": True}
    assert "StreamSpecification" not in table  # nothing consumes a stream (no @app.on_dynamodb_record)
    assert (resource["DeletionPolicy"], resource["UpdateReplacePolicy"]) == ("Retain", "Retain")


def test_the_functions_get_their_settings_from_globals(packaged_template):
    variables = packaged_template["Globals"]["Function"]["Environment"]["Variables"]
    assert {k: variables.get(k) for k in ENVIRONMENT} == ENVIRONMENT
    for name, function in _functions(packaged_template).items():
        own = function["Properties"].get("Environment", {}).get("Variables", {})
        assert not set(own) & set(variables), f"{name} overrides Globals: {set(own) & set(variables)}"
        assert not set(own) & set(LOCAL_ONLY) and not set(variables) & set(LOCAL_ONLY)


def test_the_placeholder_role_never_ships(packaged_template_path):
    with open(os.path.join(ROOT, ".chalice", "config.json"), encoding="utf-8") as handle:
        config = json.load(handle)
    assert config["manage_iam_role"] is False
    with open(packaged_template_path, encoding="utf-8") as handle:
        assert config["iam_role_arn"] not in handle.read()


def test_the_api_preflight_answers_the_web_origin(packaged_template):
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "method.response.header.Access-Control-Allow-Origin":
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(packaged_template["Resources"]["RestAPI"])
    assert found and all(value == {"Fn::Sub": "'${WebOrigin}'"} for value in found), found


def test_the_csp_is_the_local_servers_with_the_api_address(packaged_template):
    from chalicelib.cli.devserver import CSP

    policy = packaged_template["Resources"]["WebResponseHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]
    headers = policy["SecurityHeadersConfig"]
    assert headers["ContentSecurityPolicy"] == {"ContentSecurityPolicy": {"Fn::Sub": CSP.format(api=API_ORIGIN)},
                                                "Override": True}
    assert headers["FrameOptions"]["FrameOption"] == "DENY"
    assert headers["ReferrerPolicy"]["ReferrerPolicy"] == "strict-origin-when-cross-origin"
    assert headers["ContentTypeOptions"]["Override"] is True
    assert headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000


def test_the_front_end_bucket_is_private_behind_cloudfront(packaged_template):
    resources = packaged_template["Resources"]
    bucket = resources["WebBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values()) and len(bucket["PublicAccessBlockConfiguration"]) == 4
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
    assert bucket["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    statements = resources["WebBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    allow = [s for s in statements if s["Effect"] == "Allow"]
    assert allow == [{
        "Sid": "CloudFrontReadsThroughOriginAccessControl", "Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject",
        "Resource": {"Fn::Sub": "${WebBucket.Arn}/*"},
        "Condition": {"StringEquals": {"AWS:SourceArn": {
            "Fn::Sub": "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${WebDistribution}"}}}}]
    assert any(s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
               for s in statements)

    config = resources["WebDistribution"]["Properties"]["DistributionConfig"]
    origin, = config["Origins"]
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": ["WebOriginAccessControl", "Id"]}
    assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}
    behaviour = config["DefaultCacheBehavior"]
    assert behaviour["ViewerProtocolPolicy"] == "redirect-to-https"
    assert behaviour["ResponseHeadersPolicyId"] == {"Ref": "WebResponseHeadersPolicy"}
    assert "CacheBehaviors" not in config  # any other behaviour would need the headers policy too
    assert sorted((e["ErrorCode"], e["ResponseCode"], e["ResponsePagePath"]) for e in config["CustomErrorResponses"]) \
        == [(403, 200, "/index.html"), (404, 200, "/index.html")]
