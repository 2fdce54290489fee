"""Cross-cutting request handling: structured logs with the request id, metrics flushed per request, and a
JSON error body for the few errors Chalice produces itself (unsupported media type, for instance)."""
from __future__ import annotations

import json
import os

from aws_lambda_powertools import Metrics
from chalice import Chalice, Response

from chalicelib.api.http import logger

metrics = Metrics(namespace="Palabre", service="palabre")


def register_middleware(app: Chalice) -> None:
    @app.middleware("http")
    def observe(event, get_response):
        context = getattr(app, "lambda_context", None)
        # per thread and cleared afterwards: the local server serves requests (and runs the summarizer) in threads
        # of one process, and a warm Lambda container serves the next request with the same logger
        if context is not None:
            logger.thread_safe_append_keys(aws_request_id=getattr(context, "aws_request_id", None))
        logger.thread_safe_append_keys(path=event.path, method=event.method)
        try:
            response = get_response(event)
        finally:
            logger.thread_safe_clear_keys()
            if os.environ.get("POWERTOOLS_METRICS_DISABLED", "").lower() != "true" and context is not None:
                metrics.flush_metrics()
        return _json_errors(response)


def _json_errors(response: Response) -> Response:
    if response.status_code < 400:
        return response
    body = response.body
    try:
        parsed = json.loads(body) if isinstance(body, (str, bytes)) else body
    except ValueError:
        parsed = None
    if isinstance(parsed, dict) and "error" in parsed:
        return response
    message = parsed.get("Message") if isinstance(parsed, dict) else None
    code = {415: "unsupported_media_type", 404: "not_found", 405: "method_not_allowed"}.get(
        response.status_code, "request_failed")
    response.body = json.dumps({"error": {"code": code, "message": message or "The request could not be served."}})
    response.headers["Content-Type"] = "application/json; charset=utf-8"
    return response
