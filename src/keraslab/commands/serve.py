"""keraslab serve RUN: a JSON prediction API for one run (OpenAPI at /openapi.json), on 127.0.0.1."""

from keraslab.commands import bounded_int


def register(subparsers):
    parser = subparsers.add_parser("serve", help="serve a run's predictor as a JSON API (OpenAPI at /openapi.json)")
    parser.add_argument("run_dir", help="a complete run folder (see keraslab runs)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only; others are warned about)")
    parser.add_argument("--port", type=bounded_int(1, 65535), default=8000, help="port (default 8000)")
    parser.set_defaults(handler=handle)


def handle(args):
    server = _server_modules()
    service = server.PredictionService(args.run_dir)
    service.warm()
    app = server.build_api(service)
    server.serve(app, args.host, args.port, f"the prediction API of {service.run_dir.path}")


def _server_modules():
    """The server's modules, or one line naming the extra that installs them."""
    import types

    from keraslab.errors import KeraslabError

    try:
        import jinja2  # noqa: F401 - the dashboard's pages; Starlette only asserts it late
        import python_multipart  # noqa: F401 - uploads; FastAPI refuses a form route without it

        from keraslab.serving.api import build_api
        from keraslab.serving.http import serve
        from keraslab.serving.service import PredictionService
    except ImportError as error:
        raise KeraslabError(f"keraslab serve and ui need the server libraries ({error.name} is missing); install "
                            "them: pip install 'keraslab[ui]'.") from None
    return types.SimpleNamespace(build_api=build_api, serve=serve, PredictionService=PredictionService)
