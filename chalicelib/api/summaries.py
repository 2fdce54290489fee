"""Periodic summaries of a debate (issue 5): the dashboard's data. Written by the scheduled `summarize` function
(chalicelib/api/jobs.py); readers of the debate may read them."""
from chalice import Blueprint

from chalicelib.api.http import CURSOR_QUERY, Call, decode_cursor, encode_cursor, endpoint
from chalicelib.services import summary_views
from chalicelib.storage import keys

bp = Blueprint(__name__)


@endpoint(bp, "/debates/{slug}/summaries", "GET", summary="Summaries of the debate, newest first (ids and dates)",
          tag="summaries", query={"limit": {"type": "integer", "minimum": 1, "maximum": 50, "default": 20},
                                  "cursor": CURSOR_QUERY}, errors=(400, 404, 422))
def list_summaries(call: Call):
    slug = call.params["slug"]
    start = decode_cursor(call.query["cursor"], "pk", keys.summaries(slug), "S#")
    items, last = summary_views.list_summaries(slug, call.caller, call.query["limit"], start)
    return {"items": items, "next_cursor": encode_cursor(last)}


@endpoint(bp, "/debates/{slug}/summaries/latest", "GET",
          summary="The latest summary: participation, activity per idea, opinion groups, keywords, summaries",
          tag="summaries", errors=(404,))
def latest_summary(call: Call):
    return summary_views.latest(call.params["slug"], call.caller)


@endpoint(bp, "/debates/{slug}/summaries/{summary_id}", "GET", summary="One summary, by its id (its instant)",
          tag="summaries", errors=(404,))
def get_summary(call: Call):
    return summary_views.get(call.params["slug"], call.caller, call.params["summary_id"])
