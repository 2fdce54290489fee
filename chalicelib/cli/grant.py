"""`palabre grant-organiser EMAIL [--debate SLUG]`: let a person create debates, on the local stack or on a deployed
table; with --debate, also make them an organiser of that debate (the way back for a debate left with no organiser,
say after its only organiser deleted their account).

On the local stack (the default) it writes to the embedded DynamoDB of a running `palabre run` (`--db-port`, or
`DB_PORT`, default 5055). With `--stage aws --table NAME` it writes to a deployed table with the normal AWS
credentials chain (environment, profile, SSO, instance role) and the region of `--region`, else the usual
`AWS_REGION` / `AWS_DEFAULT_REGION` / profile setting. Running it twice changes nothing the second time."""
from __future__ import annotations

import os
import sys

PROG = "palabre grant-organiser"


def add_parser(sub) -> None:
    grant = sub.add_parser("grant-organiser", help="let this person create debates (local stack or deployed table)")
    grant.add_argument("email")
    grant.add_argument("--stage", choices=("local", "aws"), default="local",
                       help="local: the running `palabre run`; aws: a deployed table (needs --table)")
    grant.add_argument("--db-port", type=int, default=int(os.environ.get("DB_PORT", 5055)),
                       help="local stage: the embedded DynamoDB's port of the running stack (default 5055)")
    grant.add_argument("--table", help="aws stage: the table's name (the stack's TableName output)")
    grant.add_argument("--region", help="aws stage: the table's region (default: from the AWS configuration)")
    grant.add_argument("--debate", metavar="SLUG",
                       help="also make them an organiser of this debate (their other roles there are kept)")


def _fail(message: str, code: int = 2) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return code


def _aws_region(explicit: str | None) -> str | None:
    if explicit:
        return explicit
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        if os.environ.get(name):
            return os.environ[name]
    import boto3

    return boto3.session.Session().region_name  # the profile's region, if any


def _point_at_deployed_table(table: str, region: str) -> None:
    """The settings and models of the aws stage: this table and region, AWS's own endpoint, real credentials."""
    for name in ("AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"):  # never a local endpoint by mistake
        os.environ.pop(name, None)
    os.environ.update({"PALABRE_STAGE": "aws", "PALABRE_TABLE": table, "AWS_DEFAULT_REGION": region})
    from chalicelib.config import settings
    from chalicelib.storage import db, models

    settings.cache_clear()
    models.use_table(table, region)
    db.reset_connection()


def run(args) -> int:
    from chalicelib.errors import Unprocessable
    from chalicelib.services.identity import normalise_email

    try:
        email = normalise_email(args.email)
    except Unprocessable:
        return _fail(f"'{args.email}' is not a valid email address (expected something like alice@example.org)")
    if args.stage == "aws":
        if not args.table:
            return _fail("--stage aws needs --table NAME (the stack's TableName output)")
        region = _aws_region(args.region)
        if not region:
            return _fail("--stage aws needs a region: --region eu-west-3, or AWS_REGION")
        _point_at_deployed_table(args.table, region)
        where = f"table {args.table} ({region})"
    else:
        if args.table or args.region:
            return _fail("--table and --region go with --stage aws")
        from chalicelib.cli.localenv import apply_local_stage

        apply_local_stage(db_port=args.db_port)
        where = f"the local stack (DynamoDB on 127.0.0.1:{args.db_port})"
    from botocore.exceptions import BotoCoreError
    from pynamodb.exceptions import PynamoDBException

    from chalicelib.services.identity import grant_platform_organiser

    from chalicelib.api.schemas import SLUG_RE
    from chalicelib.services.debates import grant_debate_organiser
    from chalicelib.storage import debates_repo

    if args.debate is not None and not SLUG_RE.match(args.debate):
        return _fail(f"--debate {args.debate!r} is not a debate address (lower-case letters, digits and dashes)")
    try:
        if args.debate is not None and debates_repo.get_debate(args.debate) is None:
            return _fail(f"no debate has the address '{args.debate}' in {where}")
        user_id = grant_platform_organiser(email)
        if args.debate is not None:
            grant_debate_organiser(args.debate, user_id)
    except (PynamoDBException, BotoCoreError) as error:
        from chalicelib.cli.localenv import LOCAL_DB_HINT

        hint = LOCAL_DB_HINT if args.stage == "local" else "check the table name, the region and your AWS credentials"
        return _fail(f"could not write to {where}: {error}\n  {hint}", code=1)
    print(f"{email} (user {user_id}) can now create debates, in {where}.")
    if args.debate is not None:
        print(f"{email} is now an organiser of the debate '{args.debate}'.")
    return 0
