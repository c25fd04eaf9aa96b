"""One module per `keraslab` verb, each with `register(subparsers)` setting a `handler`."""


def add_set_option(parser):
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                        help="override a config key (repeatable), e.g. --set epochs=3")
