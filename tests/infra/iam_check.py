"""Checks the Lambda functions' IAM policy in the packaged template against the permissions the code needs.

Needed = the static list below (every operation the repository's code can send) + the calls recorded while the test
suite ran (tests/infra/dynamodb_actions.py) + what the Lambda runtime does on the functions' behalf (logs, the
SecureString's decryption). The policy must allow every needed (action, resource), grant no action that is not
needed, and use no wildcard except the justified ones listed here.

Resources are compared in the template's own notation: intrinsics are rendered as `${Table.Arn}`,
`${AWS::Region}`..., and IAM wildcards in the policy are matched against them.
"""
from __future__ import annotations

import copy
import fnmatch

ROLE = "FunctionRole"
TABLE = "${Table.Arn}"
SSM_PARAMETER = "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${JwtSecretParameterName}"
MAIL_IDENTITY = "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${MailIdentity}"
KMS_KEYS = "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*"
ARCHIVES = "${WebBucket.Arn}/archives/*"
SUMMARY_STATE = "${StateBucket.Arn}/summaries/*"
LOG_GROUPS = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:"

# Every DynamoDB operation the repository's code can send, and the permission it needs. Grep-free: kept by hand,
# and the recorded calls (which must all be covered too) catch what it misses.
STATIC_PERMISSIONS: dict[tuple[str, str], str] = {
    ("dynamodb:GetItem", TABLE): "Model.get (settings, membership, idea, post, user, lookups, health)",
    ("dynamodb:PutItem", TABLE): "Model.save (debate, sign-in link); TransactWriteItems Put",
    ("dynamodb:UpdateItem", TABLE): "Model.update (roles, edits); TransactWriteItems Update (counters)",
    ("dynamodb:DeleteItem", TABLE): "Model.delete; TransactWriteItems Delete (reaction removed)",
    ("dynamodb:ConditionCheckItem", TABLE): "TransactWriteItems ConditionCheck (debate open)",
    ("dynamodb:BatchGetItem", TABLE): "Model.batch_get (my marks on a page of posts, extracts, users)",
    ("dynamodb:BatchWriteItem", TABLE): "Model.batch_write (posts_repo.batch_write: imports)",
    ("dynamodb:Query", TABLE): "Model.query (debate + counters, ideas, my marks)",
    ("dynamodb:Query", TABLE + "/index/gsi1"): "gsi1 (public debates, staff, top posts of an idea)",
    ("dynamodb:Query", TABLE + "/index/lsi1"): "lsi1 (a post's subtree)",
    ("ssm:GetParameter", SSM_PARAMETER): "chalicelib/auth/keys.py: the token signing key",
    ("ses:SendEmail", MAIL_IDENTITY): "chalicelib/auth/mailer.py: sign-in links, notifications",
    ("s3:PutObject", ARCHIVES): "chalicelib/services/archive.py: write_export (POST /debates/{slug}/archive)",
    ("s3:GetObject", ARCHIVES): "chalicelib/services/archive.py: write_export reads the previous archive's manifest",
    ("s3:DeleteObject", ARCHIVES): "chalicelib/services/archive.py: write_export removes the pages now gone",
    ("s3:GetObject", SUMMARY_STATE): "chalicelib/storage/state_store.py: the summarizer's state (load)",
    ("s3:PutObject", SUMMARY_STATE): "chalicelib/storage/state_store.py: the summarizer's state (save)",
    ("s3:DeleteObject", SUMMARY_STATE): "chalicelib/storage/state_store.py: the previous generation of the state",
}
# Done by AWS for the functions, with their role: decrypting the SecureString (SSM calls KMS), writing logs.
RUNTIME_PERMISSIONS: dict[tuple[str, str], str] = {
    ("kms:Decrypt", KMS_KEYS): "SSM decrypts the SecureString (GetParameter WithDecryption) with the caller's rights",
}
# Wildcards inside a resource that are allowed, and why; the check that goes with each.
JUSTIFIED_WILDCARD_RESOURCES = {
    TABLE + "/index/*": "the table's own indexes (gsi1, lsi1)",
    ARCHIVES: "the archives' folder of the front end bucket (one folder per debate)",
    SUMMARY_STATE: "the summarizer's folder of the state bucket (one folder per debate and generation)",
    LOG_GROUPS + "/aws/lambda/${AWS::StackName}/*": "this stack's function log groups and streams",
    KMS_KEYS: "the SecureString's key, whose id is unknown in advance; only via SSM, only for that parameter",
}
_KMS_REQUIRED_CONDITIONS = ("kms:ViaService", "kms:EncryptionContext:PARAMETER_ARN")
# The few actions AWS only grants on "*", and the condition that must narrow them.
STAR_RESOURCE_ACTIONS = {
    "xray:PutTraceSegments": None,
    "xray:PutTelemetryRecords": None,
    "xray:GetSamplingRules": None,
    "xray:GetSamplingTargets": None,
    "cloudwatch:PutMetricData": "cloudwatch:namespace",
}


def render(value) -> str:
    """A CloudFormation value as text: {"Fn::GetAtt": ["Table", "Arn"]} -> "${Table.Arn}"."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and len(value) == 1:
        (function, argument), = value.items()
        if function == "Ref":
            return "${%s}" % argument
        if function == "Fn::GetAtt":
            parts = argument if isinstance(argument, list) else argument.split(".", 1)
            return "${%s.%s}" % tuple(parts)
        if function == "Fn::Sub":
            if isinstance(argument, str):
                return argument
            text, variables = argument
            for name, variable in variables.items():
                text = text.replace("${%s}" % name, render(variable))
            return text
        if function == "Fn::Join":
            separator, items = argument
            return separator.join(render(item) for item in items)
    raise ValueError(f"cannot read this policy value: {value!r}")


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def functions(template: dict) -> dict[str, dict]:
    return {name: resource for name, resource in template["Resources"].items()
            if resource.get("Type") in ("AWS::Serverless::Function", "AWS::Lambda::Function")}


def role_statements(template: dict) -> list[dict]:
    """The statements of FunctionRole: inline policies and policies attached to it elsewhere in the template."""
    resources = template["Resources"]
    role = resources[ROLE]["Properties"]
    statements = [s for policy in role.get("Policies", []) for s in _as_list(policy["PolicyDocument"]["Statement"])]
    for resource in resources.values():
        if resource.get("Type") in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy"):
            props = resource.get("Properties", {})
            roles = _as_list(props.get("Roles", [])) + _as_list(props.get("RoleName", []))
            if any(r == {"Ref": ROLE} for r in roles):
                statements += _as_list(props["PolicyDocument"]["Statement"])
    return statements


def log_group_resources(template: dict) -> dict[tuple[str, str], str]:
    """The logs permissions each function's log group needs."""
    needed = {}
    resources = template["Resources"]
    for name, function in functions(template).items():
        group = function.get("Properties", {}).get("LoggingConfig", {}).get("LogGroup")
        if not (isinstance(group, dict) and "Ref" in group and group["Ref"] in resources):
            continue  # reported by check_wiring
        arn = LOG_GROUPS + render(resources[group["Ref"]]["Properties"]["LogGroupName"])
        needed[("logs:CreateLogStream", arn + ":*")] = f"Lambda writes {name}'s logs"
        needed[("logs:PutLogEvents", arn + ":log-stream:*")] = f"Lambda writes {name}'s logs"
    return needed


def recorded_permissions(recording: dict) -> tuple[dict[tuple[str, str | None], str], list[str]]:
    """(needed permissions, problems) from the recorded calls made by the application code."""
    needed, problems, tables = {}, [], set()
    for call in recording["calls"]:
        if call["origin"] != "app":
            continue
        where = ", ".join(call["sites"][:3]) or "?"
        for permission in call["permissions"]:
            if call["service"] == "dynamodb":
                resource = TABLE if permission["resource"] == "table" else f"{TABLE}/{permission['resource']}"
            else:
                resource = None  # any resource: the static list names the exact one
            needed.setdefault((permission["action"], resource), f"{call['operation']} recorded from {where}")
        if call["service"] == "dynamodb":
            tables |= set(call["tables"])
    if len(tables) > 1:
        problems.append(f"the code reached several DynamoDB tables {sorted(tables)}: the policy covers one table")
    return needed, problems


def _matches(patterns: list[str], value: str) -> bool:
    return any(fnmatch.fnmatchcase(value.lower(), pattern.lower()) for pattern in patterns)


def _allows(statements: list[dict], action: str, resource: str | None) -> bool:
    allowed = False
    for statement in statements:
        actions = [render(a) for a in _as_list(statement.get("Action", []))]
        resources = [render(r) for r in _as_list(statement.get("Resource", []))]
        if not _matches(actions, action):
            continue
        if resource is not None and not _matches(resources, resource):
            continue
        if statement.get("Effect") == "Deny":
            return False
        allowed = True
    return allowed


def check_wiring(template: dict) -> list[str]:
    """Every function runs with FunctionRole and logs to a log group of this stack that has a retention."""
    problems = []
    resources = template["Resources"]
    for name, function in sorted(functions(template).items()):
        props = function.get("Properties", {})
        if props.get("Role") != {"Fn::GetAtt": [ROLE, "Arn"]}:
            problems.append(f"function {name} does not run with {ROLE} (Role is {props.get('Role')!r}): add "
                            f"`{name}: {{Properties: {{Role: !GetAtt {ROLE}.Arn, ...}}}}` to "
                            "infrastructure/resources.yaml (docs/deploy.md, 'Adding a function')")
        group = props.get("LoggingConfig", {}).get("LogGroup")
        target = resources.get(group["Ref"]) if isinstance(group, dict) and "Ref" in group else None
        if not target or target.get("Type") != "AWS::Logs::LogGroup":
            problems.append(f"function {name} has no LoggingConfig.LogGroup: add {name}LogGroup and "
                            f"`LoggingConfig: {{LogGroup: !Ref {name}LogGroup}}` to infrastructure/resources.yaml")
        elif not target["Properties"].get("RetentionInDays"):
            problems.append(f"log group {group['Ref']} has no RetentionInDays")
    return problems


def check_policy(template: dict, recording: dict) -> list[str]:
    """Everything wrong with the functions' permissions; an empty list when the policy is right."""
    problems = check_wiring(template)
    role = template["Resources"][ROLE]["Properties"]
    if role.get("ManagedPolicyArns"):
        problems.append(f"{ROLE} has managed policies {role['ManagedPolicyArns']}: their grants are not checked")
    statements = role_statements(template)
    recorded, recorded_problems = recorded_permissions(recording)
    problems += recorded_problems
    needed: dict[tuple[str, str | None], str] = {**STATIC_PERMISSIONS, **RUNTIME_PERMISSIONS,
                                                 **log_group_resources(template), **recorded}

    for (action, resource), why in sorted(needed.items(), key=lambda item: (item[0][0], item[0][1] or "")):
        if not _allows(statements, action, resource):
            problems.append(f"missing: {action} on {resource or 'its resource'} (needed by {why})")

    needed_actions = {action.lower() for action, _ in needed}
    for index, statement in enumerate(statements):
        label = statement.get("Sid") or f"statement {index}"
        for key in ("NotAction", "NotResource", "NotPrincipal"):
            if key in statement:
                problems.append(f"{label}: {key} grants by exclusion; list what is allowed instead")
        if statement.get("Effect") != "Allow":
            continue
        actions = [render(a) for a in _as_list(statement.get("Action", []))]
        resources = [render(r) for r in _as_list(statement.get("Resource", []))]
        for action in actions:
            if "*" in action or "?" in action:
                problems.append(f"{label}: wildcard action {action!r}")
            elif action.lower() not in needed_actions:
                problems.append(f"{label}: {action} is granted but nothing needs it")
        for resource in resources:
            if resource == "*":
                narrowing = [STAR_RESOURCE_ACTIONS.get(a, "no") for a in actions]
                if any(n == "no" for n in narrowing):
                    problems.append(f"{label}: Resource '*' for {actions}: only {sorted(STAR_RESOURCE_ACTIONS)} "
                                    "may use it")
                for key in {n for n in narrowing if n and n != "no"}:
                    if key not in str(statement.get("Condition", {})):
                        problems.append(f"{label}: Resource '*' needs a condition on {key}")
            elif "*" in resource or "?" in resource:
                if resource not in JUSTIFIED_WILDCARD_RESOURCES:
                    problems.append(f"{label}: wildcard resource {resource!r} is not one of the justified ones")
                elif resource == KMS_KEYS and not all(k in str(statement.get("Condition", {}))
                                                      for k in _KMS_REQUIRED_CONDITIONS):
                    problems.append(f"{label}: {resource} needs conditions on {_KMS_REQUIRED_CONDITIONS}")
    return problems


def without_action(template: dict, action: str) -> dict:
    """A copy of the template whose FunctionRole policy no longer grants `action` (statements left empty go)."""
    changed = copy.deepcopy(template)
    for policy in changed["Resources"][ROLE]["Properties"]["Policies"]:
        kept = []
        for statement in _as_list(policy["PolicyDocument"]["Statement"]):
            actions = [a for a in _as_list(statement["Action"]) if a != action]
            if actions:
                statement["Action"] = actions
                kept.append(statement)
        policy["PolicyDocument"]["Statement"] = kept
    return changed


def with_statement(template: dict, statement: dict) -> dict:
    changed = copy.deepcopy(template)
    changed["Resources"][ROLE]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"].append(statement)
    return changed
