"""Local HTTP servers: the Chalice app on one port, the built frontend on another.

`chalice local` writes headers and body in separate small packets, which meets delayed ACKs on kept-alive
connections (about 44 ms per request). These handlers write each response in one buffer with TCP_NODELAY."""
from __future__ import annotations

import json
import mimetypes
import os
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self' {api}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'")


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def server_bind(self) -> None:
        super().server_bind()
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        if os.environ.get("PALABRE_ACCESS_LOG"):
            super().log_message(format, *args)

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        lines = [f"HTTP/1.1 {status} {self.responses.get(status, ('',))[0]}"]
        headers = {k: v for k, v in headers.items() if k.lower() not in ("content-length", "connection")}
        headers["Content-Length"] = str(len(body))
        lines += [f"{k}: {v}" for k, v in headers.items()]
        self.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        self.wfile.flush()


def make_api_server(port: int, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    from chalice.config import Config
    from chalice.local import LocalChalice, LocalGateway

    from app import app

    # Chalice keeps the current request on the app object; LocalChalice makes it per-thread.
    if not isinstance(app, LocalChalice):
        app.__class__ = type("ThreadSafeChalice", (LocalChalice, app.__class__), {})
    gateway = LocalGateway(app, Config.create(chalice_stage="local", app_name="palabre", chalice_app=app,
                                              lambda_timeout=60, lambda_memory_size=1024))

    class ApiHandler(_Handler):
        def _serve(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                response = gateway.handle_request(self.command, self.path, headers, body)
                status = response["statusCode"]
                out_headers = dict(response.get("headers") or {})
                for name, values in (response.get("multiValueHeaders") or {}).items():
                    out_headers[name] = ", ".join(values)
                payload = response.get("body") or b""
                if response.get("isBase64Encoded"):
                    import base64
                    payload = base64.b64decode(payload)
            except Exception as error:  # route not found (API Gateway answers 403/404 there)
                status = getattr(error, "status_code", 404)
                out_headers = {"Content-Type": "application/json"}
                payload = json.dumps({"error": {"code": "not_found", "message": "No such route."}})
                out_headers["Access-Control-Allow-Origin"] = "*"
            if isinstance(payload, str):
                payload = payload.encode("utf-8")
            self._send(status, out_headers, payload)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = _serve

    return _QuietServer((host, port), ApiHandler)


def make_web_server(port: int, root: str, api_url: str, extra_roots: dict[str, str] | None = None,
                    host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """Serves the built frontend with the CSP production sends, a config.json pointing at the API, and the
    index page for unknown paths (as the CloudFront error-page rule does)."""
    root = os.path.abspath(root)
    extra_roots = {prefix: os.path.abspath(path) for prefix, path in (extra_roots or {}).items()}
    config = {"apiUrl": api_url}
    if os.environ.get("PALABRE_SOURCE_URL"):
        config["sourceUrl"] = os.environ["PALABRE_SOURCE_URL"]
    config_body = json.dumps(config).encode()
    security_headers = {
        "Content-Security-Policy": CSP.format(api=api_url),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "DENY",
    }

    class WebHandler(_Handler):
        def do_GET(self) -> None:  # noqa: N802
            path = urlsplit(self.path).path
            if path == "/config.json":
                return self._send(200, {"Content-Type": "application/json", "Cache-Control": "no-store",
                                        **security_headers}, config_body)
            base = root
            for prefix, folder in extra_roots.items():
                if path.startswith(prefix):
                    base, path = folder, path[len(prefix) - 1:]
                    break
            candidate = os.path.abspath(os.path.join(base, path.lstrip("/")))
            if not candidate.startswith(base) or os.path.isdir(candidate):
                candidate = os.path.join(candidate, "index.html") if candidate.startswith(base) else ""
            if not candidate or not os.path.isfile(candidate):
                candidate = os.path.join(root, "index.html")
                if not os.path.isfile(candidate):
                    return self._send(404, {"Content-Type": "text/plain"}, b"Frontend not built: run make run")
            with open(candidate, "rb") as handle:
                body = handle.read()
            kind = mimetypes.guess_type(candidate)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
                kind += "; charset=utf-8"
            cache = "no-cache" if candidate.endswith(".html") else "public, max-age=3600"
            self._send(200, {"Content-Type": kind, "Cache-Control": cache, **security_headers}, body)

        do_HEAD = do_GET

    return _QuietServer((host, port), WebHandler)


def serve_in_thread(server: ThreadingHTTPServer, name: str) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, name=name, daemon=True)
    thread.start()
    return thread
