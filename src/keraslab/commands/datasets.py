"""keraslab datasets list | fetch NAME | verify [NAME]."""


def register(subparsers):
    parser = subparsers.add_parser("datasets", help="list, fetch or verify registered datasets")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION", parser_class=type(parser))
    actions.add_parser("list", help="every registered dataset and whether its cache is verified").set_defaults(
        handler=handle_list)
    fetch = actions.add_parser("fetch", help="download (or copy from the mirror) and verify")
    fetch.add_argument("name")
    fetch.set_defaults(handler=handle_fetch)
    verify = actions.add_parser("verify", help="re-hash cached files (corrupt ones are deleted)")
    verify.add_argument("name", nargs="?")
    verify.set_defaults(handler=handle_verify)


def handle_list(args):
    from keraslab.data.fetch import cache_state
    from keraslab.data.registry import all_datasets

    entries = all_datasets()
    width = max(map(len, entries))
    for name, entry in sorted(entries.items()):
        # Only data that verified counts as there: a refused or half-fetched cache is "not fetched".
        where = "bundled" if entry.bundled else cache_state(entry)
        print(f"{name.ljust(width)}  {entry.kind:<10} {where:<22}  {entry.description}")
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
    from keraslab.errors import DataError

    entries = [get_dataset(args.name)] if args.name else [e for e in all_datasets().values() if not e.bundled]
    if args.name and entries[0].bundled:
        print(f"{entries[0].name} ships inside an installed package; nothing to verify.")
        return 0
    problems = []
    for entry in entries:
        report = verify(entry)
        missing = [name for name, state in report if state == "missing"]
        corrupt = [name for name, state in report if state == "corrupt"]
        if len(missing) == len(report):
            print(f"{entry.name}: not fetched")
            if args.name:
                problems.append((entry.name, f"{entry.name} is not fetched (none of its {len(report)} file(s) is "
                                             "in the cache)"))
            continue
        for name, state in report:
            print(f"{entry.name}/{name}: {state}{' (deleted)' if state == 'corrupt' else ''}")
        if corrupt:
            problems.append((entry.name, f"{entry.name}: {len(corrupt)} corrupt file(s) deleted (first: {corrupt[0]})"))
        if missing:
            problems.append((entry.name, f"{entry.name}: {len(missing)} of {len(report)} file(s) missing "
                                         f"(first: {missing[0]})"))
    if problems:
        names = sorted({name for name, _ in problems})
        raise DataError(f"Verification failed: {'; '.join(text for _, text in problems)}. Fetch again: "
                        + " && ".join(f"keraslab datasets fetch {n}" for n in names) + ".")
    return 0
