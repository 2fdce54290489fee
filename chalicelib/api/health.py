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
