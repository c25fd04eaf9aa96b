"""keraslab datasets list | fetch NAME | verify [NAME]."""


def register(subparsers):
    parser = subparsers.add_parser("datasets", help="list, fetch or verify registered datasets")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("list", help="every registered dataset").set_defaults(handler=handle_list)
    fetch = actions.add_parser("fetch", help="download (or copy from the mirror) and verify")
    fetch.add_argument("name")
    fetch.set_defaults(handler=handle_fetch)
    verify = actions.add_parser("verify", help="re-hash cached files")
    verify.add_argument("name", nargs="?")
    verify.set_defaults(handler=handle_verify)


def handle_list(args):
    from keraslab.data.paths import dataset_cache
    from keraslab.data.registry import all_datasets

    entries = all_datasets()
    width = max(map(len, entries))
    for name, entry in sorted(entries.items()):
        where = "bundled" if entry.bundled else ("cached" if dataset_cache(name).exists() else "not fetched")
        print(f"{name.ljust(width)}  {entry.kind:<10} {where:<11}  {entry.description}")
        print(f"{''.ljust(width)}  licence: {entry.licence}")


def handle_fetch(args):
    from keraslab.data.fetch import fetch
    from keraslab.data.registry import get_dataset

    entry = get_dataset(args.name)
    if entry.bundled:
        print(f"{entry.name} ships inside an installed package; nothing to fetch.")
        return
    print(fetch(entry, quiet=False))


def handle_verify(args):
    from keraslab.data.fetch import verify
    from keraslab.data.registry import all_datasets, get_dataset

    entries = [get_dataset(args.name)] if args.name else [e for e in all_datasets().values() if not e.bundled]
    failed = False
    for entry in entries:
        for name, state in verify(entry):
            print(f"{entry.name}/{name}: {state}")
            failed |= state == "corrupt" or (args.name is not None and state == "missing")
    return 1 if failed else 0
