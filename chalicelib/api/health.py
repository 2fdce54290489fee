from chalice import Blueprint

from chalicelib.api.http import Call, endpoint, json_response

bp = Blueprint(__name__)


@endpoint(bp, "/health", "GET", summary="Liveness check", tag="meta", auth="none")
def health(call: Call):
    return {"status": "ok"}


@endpoint(bp, "/openapi.json", "GET", summary="This API's OpenAPI 3 document", tag="meta", auth="none")
def openapi_document(call: Call):
    from chalicelib.api.openapi import document

    return json_response(document())


@endpoint(bp, "/health/db", "GET", summary="Readiness: one GetItem on the table", tag="meta", auth="none",
          errors=(503,))
def health_db(call: Call):
    from chalicelib.storage.debates_repo import get_debate

    get_debate("health-check")  # one GetItem on a key that never exists: proves the table answers
    return {"status": "ok", "db": "ok"}
