"""Regenerates docs/cost.md from the DynamoDB requests per route measured by `make bench` (docs/bench/routes.json),
an explicit activity model and public on-demand prices. Run: .venv/bin/python scripts/cost_model.py"""
from __future__ import annotations

import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "docs", "bench", "routes.json")
OUT = os.path.join(ROOT, "docs", "cost.md")

# Public on-demand prices, US East (N. Virginia), as published by AWS (DynamoDB: after the November 2024 on-demand
# price cut). Not re-checked against the live pages on the day this file was generated: check before quoting.
PRICES_AS_OF = "AWS public price pages, 2025 (us-east-1); eu-west-3 (Paris) is 5–15 % higher"
PRICE = {
    "lambda_request": 0.20 / 1e6,  # per invocation
    "lambda_gb_second": 0.0000166667,  # x86_64, as packaged (infrastructure)
    "apigw_rest_request": 3.50 / 1e6,  # REST API, first 333 M requests/month
    "ddb_wru": 0.625 / 1e6,  # on-demand write request unit
    "ddb_rru": 0.125 / 1e6,  # on-demand read request unit
    "ddb_storage_gb_month": 0.25,
    "ddb_pitr_gb_month": 0.20,
    "s3_gb_month": 0.023,
    "s3_get": 0.0004 / 1000,
    "cloudfront_gb": 0.085,  # first 10 TB/month, Europe/North America (the first 1 TB/month is free)
    "cloudfront_https_request": 0.0100 / 10000,
    "ses_email": 0.10 / 1000,
    "logs_ingest_gb": 0.50,
    "logs_storage_gb_month": 0.03,
}

# Capacity units per DynamoDB request (moto does not measure capacity: these are conservative estimates for our
# item sizes — posts ~2 KB, reads of one page ~8 KB; every write also writes gsi1/lsi1 where the item is indexed).
UNITS = {
    "GetItem": ("rru", 1.0),  # strongly consistent, <= 4 KB
    "Query": ("rru", 2.0),  # a page of small items, eventually consistent
    "BatchGetItem": ("rru", 10.0),
    "PutItem": ("wru", 3.0),  # ~2 KB + one index
    "UpdateItem": ("wru", 2.0),
    "UpdateItem (write limit)": ("wru", 1.0),  # a rate-limit counter: < 1 KB, no index
    "DeleteItem": ("wru", 2.0),
    "TransactWriteItems": ("wru", 16.0),  # ~4 items x 2 (transactional) x (1 KB + index)
    "BatchWriteItem": ("wru", 25.0),
    "Scan": ("rru", 0.0),  # never on a request path
}
LAMBDA_GB = 1.0  # lambda_memory_size in .chalice/config.json
LAMBDA_SECONDS = 0.12  # average billed duration of an API invocation, cold starts included
PAGE_WEIGHT_GB = 0.000_15  # ~150 kB of static assets per new visit (gzip), mostly cached afterwards
WEEKS = 6

# Activity per participant over the 6 weeks (Grand Débat / Assembl / Polis orders of magnitude: most people read
# and take stances, one in ten writes).
ACTIVITY = {
    "GET /debates": 2,  # the home page: public debates, and "My debates" once signed in
    "GET /me/debates": 2,
    "GET /debates/{slug}": 8,
    "GET /debates/{slug}/ideas": 8,
    "GET /debates/{slug}/ideas/{idea_id}/posts": 20,
    "GET /debates/{slug}/posts/{post_id}/thread": 15,
    "POST /debates/{slug}/ideas/{idea_id}/posts": 0.2,
    "POST /debates/{slug}/posts/{post_id}/replies": 0.3,
    "PUT /debates/{slug}/posts/{post_id}/reactions/{kind}": 5,
    "DELETE /debates/{slug}/posts/{post_id}/reactions/{kind}": 0.5,
    "PUT /debates/{slug}/posts/{post_id}/stance": 30,
    "PUT /debates/{slug}/posts/{post_id}/stance (change)": 2,
    "PUT /debates/{slug}/follow": 0.3,
    "GET /debates/{slug}/syntheses": 1,
}
EMAILS_PER_PARTICIPANT = 2 + 0.3 * 6  # two sign-in links; 30 % follow and get 6 weekly syntheses
VISITS_PER_PARTICIPANT = 8
STORED_KB_PER_PARTICIPANT = 12  # marks, member item, share of posts and indexes
SIZES = (1_000, 10_000, 100_000, 1_000_000)


def per_request_cost(operations: dict[str, int]) -> tuple[float, float]:
    rru = sum(UNITS[op][1] * n for op, n in operations.items() if UNITS.get(op, ("rru", 1))[0] == "rru")
    wru = sum(UNITS[op][1] * n for op, n in operations.items() if UNITS.get(op, ("wru", 1))[0] == "wru")
    return rru, wru


def bill(participants: int, bench: dict) -> dict[str, float]:
    calls = rru = wru = 0.0
    for route, per_participant in ACTIVITY.items():
        n = per_participant * participants
        operations = bench["operations"].get(route)
        if operations is None:
            raise SystemExit(f"{route}: not in {BENCH}; run `make bench` first")
        r, w = per_request_cost(operations)
        calls, rru, wru = calls + n, rru + n * r, wru + n * w
    visits = VISITS_PER_PARTICIPANT * participants
    storage_gb = STORED_KB_PER_PARTICIPANT * participants / 1e6
    months = WEEKS / 4.345
    return {
        "API requests": calls,
        "Lambda": calls * (PRICE["lambda_request"] + LAMBDA_GB * LAMBDA_SECONDS * PRICE["lambda_gb_second"]),
        "API Gateway": calls * PRICE["apigw_rest_request"],
        "DynamoDB requests": rru * PRICE["ddb_rru"] + wru * PRICE["ddb_wru"],
        "DynamoDB storage + PITR": storage_gb * months * (PRICE["ddb_storage_gb_month"] + PRICE["ddb_pitr_gb_month"]),
        "CloudFront + S3": visits * (PAGE_WEIGHT_GB * PRICE["cloudfront_gb"] + 6 * PRICE["cloudfront_https_request"]
                                     + 6 * PRICE["s3_get"] * 0.1),
        "SES": EMAILS_PER_PARTICIPANT * participants * PRICE["ses_email"],
        "CloudWatch Logs": calls * 1.5e-6 * PRICE["logs_ingest_gb"],
    }


def render(bench: dict) -> str:
    lines = ["# Cost of one consultation", "",
             "Generated by `scripts/cost_model.py` from the DynamoDB requests per route measured by `make bench` "
             f"({bench.get('measured_at', 'unknown date')}), the activity model and the prices below. Regenerate: "
             "`make bench && .venv/bin/python scripts/cost_model.py`.", "",
             f"Prices: {PRICES_AS_OF}. Free tiers are ignored (they only lower the small sizes).", "",
             "## Six weeks of activity", "",
             "| | " + " | ".join(f"{n:,} participants" for n in SIZES) + " |",
             "|---|" + "---:|" * len(SIZES)]
    bills = [bill(n, bench) for n in SIZES]
    for key in bills[0]:
        if key == "API requests":
            lines.append(f"| {key} | " + " | ".join(f"{b[key]:,.0f}" for b in bills) + " |")
        else:
            lines.append(f"| {key} | " + " | ".join(f"${b[key]:,.2f}" for b in bills) + " |")
    totals = [sum(v for k, v in b.items() if k != "API requests") for b in bills]
    lines.append("| **Total (USD)** | " + " | ".join(f"**${t:,.2f}**" for t in totals) + " |")
    lines.append("| per participant | " + " | ".join(f"${t / n:,.4f}" for t, n in zip(totals, SIZES)) + " |")
    lines += ["", "## Activity model (per participant, over the six weeks)", "",
              "| Route | Calls | DynamoDB requests per call (measured) |", "|---|---:|---|"]
    for route, n in ACTIVITY.items():
        ops = bench["operations"][route]
        lines.append(f"| `{route}` | {n} | " + ", ".join(f"{k} {v}" for k, v in sorted(ops.items())) + " |")
    lines += ["", f"Plus {VISITS_PER_PARTICIPANT} visits (static pages from CloudFront), "
                  f"{EMAILS_PER_PARTICIPANT:.1f} emails, ~{STORED_KB_PER_PARTICIPANT} kB stored.", "",
              "Capacity units assumed per request: " + ", ".join(f"{op} {u} {kind.upper()}"
                                                                  for op, (kind, u) in UNITS.items() if u) + ".",
              f"Lambda: {int(LAMBDA_GB * 1024)} MB x86_64, {LAMBDA_SECONDS * 1000:.0f} ms billed on average.", "",
              "## Between consultations (idle)", "",
              "Nothing runs per request when nobody visits: Lambda, API Gateway and DynamoDB on-demand cost nothing "
              "idle. What remains each month:", "",
              "| Item | Monthly |", "|---|---:|"]
    schedule = 43_200 * (PRICE["lambda_request"] + LAMBDA_GB * 0.05 * PRICE["lambda_gb_second"]) + 43_200 * PRICE["ddb_rru"]
    idle = [("Scheduled functions (one run a minute, one Query each)", schedule),
            ("Frontend in S3 (2 MB)", 0.002 * PRICE["s3_gb_month"]),
            ("CloudWatch Logs kept 30 days (1 GB)", PRICE["logs_storage_gb_month"]),
            ("DynamoDB table + PITR, per GB kept", PRICE["ddb_storage_gb_month"] + PRICE["ddb_pitr_gb_month"])]
    lines += [f"| {k} | ${v:,.2f} |" for k, v in idle]
    lines += ["", "## Keeping an archive", "",
              "After `palabre archive SLUG --delete-live`, a consultation is static files in the frontend bucket "
              "(the AN consultation's 593 contributions and 1,369 extracts make about 2 MB):", "",
              "| Item | Monthly |", "|---|---:|",
              f"| S3 storage of a 2 MB archive | ${0.002 * PRICE['s3_gb_month']:,.4f} |",
              f"| 10,000 archive page views a month (CloudFront) | "
              f"${10_000 * (0.0002 * PRICE['cloudfront_gb'] + PRICE['cloudfront_https_request']):,.2f} |", ""]
    return "\n".join(lines)


def main() -> int:
    if not os.path.exists(BENCH):
        print(f"{BENCH} is missing: run `make bench` first", file=sys.stderr)
        return 2
    with open(BENCH, encoding="utf-8") as handle:
        bench = json.load(handle)
    with open(OUT, "w", encoding="utf-8") as handle:
        handle.write(render(bench))
    print(f"wrote {os.path.relpath(OUT, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
