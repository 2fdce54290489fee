"""The embedded local DynamoDB: moto's server on loopback, with requests served one at a time.

moto's threaded server does not make conditional writes atomic across threads (real DynamoDB does), so
concurrent requests could both pass a condition. Serialising requests restores DynamoDB's guarantee, which
the concurrency tests rely on."""
from __future__ import annotations

import threading

from werkzeug.serving import BaseWSGIServer, make_server


class _OneAtATime:
    def __init__(self, application):
        self.application = application
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            return [b"".join(self.application(environ, start_response))]


def make_db_server(port: int, host: str = "127.0.0.1") -> BaseWSGIServer:
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app

    from chalicelib.cli import moto_transactions

    moto_transactions.install()  # transactions no longer copy the whole table (safe: one request at a time)
    from chalicelib.cli import moto_queries

    moto_queries.install()  # a Query reads its partition, not the whole sorted table
    moto_queries.install_json_reads()  # read results sent as JSON, not through moto's generic serializer

    class QuietHandler(MotoRequestHandler):
        def log_request(self, *args, **kwargs) -> None:  # one line per DynamoDB call drowns the console
            pass

    application = _OneAtATime(DomainDispatcherApplication(create_backend_app))
    return make_server(host, port, application, threaded=True, request_handler=QuietHandler)


def free_port() -> int:
    """A loopback port nobody listens on now (the local stack's servers, benchmarks, tests)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_in_thread(port: int) -> BaseWSGIServer:
    server = make_db_server(port)
    threading.Thread(target=server.serve_forever, name="embedded-dynamodb", daemon=True).start()
    return server
