"""What the dashboard and the prediction API share: a request size limit, errors as one JSON line (never a
stack trace), security headers, and starting uvicorn on 127.0.0.1 unless told otherwise."""

import ipaddress
import logging
import sys

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from keraslab.errors import KeraslabError, one_line
from keraslab.serving.inputs import InputError
from keraslab.serving.service import Busy

# A request body larger than this is refused with 413 before it is read whole.
MAX_REQUEST_BYTES = 16 * 1024 * 1024
LOOPBACK = "127.0.0.1"

log = logging.getLogger("keraslab.serving")


class TooLarge(HTTPException):
    """Raised while a body is read, past the limit; an HTTPException so FastAPI passes it through as is."""

    def __init__(self, limit):
        super().__init__(413, f"The request body is larger than {limit:,} bytes; send less (fewer or smaller files).")


class BodyLimit:
    """ASGI middleware: refuse a body over `limit` bytes, by its Content-Length or while it streams in."""

    def __init__(self, app, limit=MAX_REQUEST_BYTES):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            response = JSONResponse({"error": TooLarge(self.limit).detail}, status_code=413)
            return await response(scope, receive, send)
        received = 0

        async def counted():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise TooLarge(self.limit)
            return message

        return await self.app(scope, counted, send)


class SecurityHeaders:
    """ASGI middleware: nothing on the page may come from elsewhere, be framed or have its type guessed."""

    HEADERS = ((b"content-security-policy", (b"default-src 'self'; img-src 'self' data: blob:; "
                                             b"style-src 'self' 'unsafe-inline'; script-src 'self'; "
                                             b"frame-ancestors 'none'; base-uri 'none'; form-action 'self'")),
               (b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
               (b"referrer-policy", b"no-referrer"))

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.HEADERS]
            await send(message)

        return await self.app(scope, receive, with_headers)


def field_name(location):
    """('body', 'images', 0) -> 'images[0]'; ('query', 'top') -> 'top'."""
    name = ""
    for part in location[1:] if location and location[0] in ("body", "query", "path", "form") else location:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "body"


def install_errors(app: FastAPI):
    """Every refusal as {"error": one line, "field": what it names}; a bug as 500 with no traceback."""

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError):
        problems = [{"field": field_name(e.get("loc", ())), "message": e.get("msg", "invalid")} for e in error.errors()]
        problems = problems or [{"field": "body", "message": "invalid"}]
        said = "; ".join(f"field '{p['field']}': {p['message'].rstrip('.')}" for p in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        return JSONResponse({"error": f"{said[0].upper()}{said[1:]}{more}.", "field": problems[0]["field"],
                             "problems": problems}, status_code=422)

    @app.exception_handler(InputError)
    async def bad_input(request: Request, error: InputError):
        return JSONResponse({"error": one_line(error), "field": error.field}, status_code=error.status)

    @app.exception_handler(Busy)
    async def busy(request: Request, error: Busy):
        return JSONResponse({"error": one_line(error)}, status_code=503, headers={"Retry-After": "1"})

    @app.exception_handler(KeraslabError)
    async def refused(request: Request, error: KeraslabError):
        return JSONResponse({"error": one_line(error)}, status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        return JSONResponse({"error": str(error.detail)}, status_code=error.status_code,
                            headers=getattr(error, "headers", None))

    @app.exception_handler(Exception)
    async def bug(request: Request, error: Exception):
        log.exception("internal error answering %s %s", request.method, request.url.path)
        return JSONResponse({"error": f"internal error (a bug in keraslab, not your input): {type(error).__name__}; "
                                      "the server's log has the traceback."}, status_code=500)


def wrap(app, limit=MAX_REQUEST_BYTES):
    """The app as it is served: size limit inside the security headers."""
    return SecurityHeaders(BodyLimit(app, limit))


def is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(app, host, port, what):
    """Run uvicorn until Ctrl-C; say where, and warn when the host lets other machines in."""
    import uvicorn

    if not is_loopback(host):
        print(f"keraslab: warning: {what} listens on {host}, so other machines can reach it; it has no login, "
              "and anyone who can connect can read your runs and use your models. Use the default "
              f"--host {LOOPBACK} unless you mean this.", file=sys.stderr)
    shown = f"[{host}]" if ":" in host else host
    print(f"keraslab: {what} on http://{shown}:{port}/ (Ctrl-C stops it)", file=sys.stderr, flush=True)
    uvicorn.run(wrap(app), host=host, port=port, log_level="warning", access_log=False)
