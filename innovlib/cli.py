"""The ``innovlib`` command: list and run the finding notebooks, write the report, inspect the datasets.

Exit codes: 0 success, 1 a notebook failed (or a dataset is invalid), 2 a usage or set-up error.
Run ``innovlib --help`` or ``innovlib run --help`` for the details.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

EPILOG = """examples:
  innovlib list                                  notebooks and their parameters
  innovlib run --all                             run every notebook (cached ones are skipped), write the report
  innovlib run gii_clusters -p n_draws 500       one notebook with a parameter changed
  innovlib run sei_growth -f params.yaml         parameters from YAML ({name: value} or {notebook: {name: value}})
  innovlib report                                rewrite outputs/report.{md,html,json}
  innovlib data list                             the datasets and their sources
  innovlib data show gii_clusters                one dataset's sources, licence, fields and units
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="innovlib",
        description="Reproduce and audit published claims about innovation rankings: one papermill-executed "
        "notebook per finding, with citable outputs under outputs/.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    commands.add_parser("list", help="list the notebooks with their parameters (name, type, default, help)")

    run = commands.add_parser(
        "run", help="execute notebooks and write their outputs and the report",
        description="Execute notebooks with papermill. Parameters are checked before anything runs; outputs go to "
        "outputs/<name>/ (outputs/<name>--<hash>/ for non-default parameters); a failed notebook never replaces "
        "the last good output. Unchanged notebooks (same file, parameters, data and innovlib source) are skipped.",
    )
    run.add_argument("names", nargs="*", metavar="NAME", help="notebooks to run (see `innovlib list`)")
    run.add_argument("--all", action="store_true", help="run every notebook")
    run.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                     help="set a parameter (repeatable); lists as a,b or [a, b]")
    run.add_argument("-f", "--parameters-file", type=Path, metavar="YAML",
                     help="parameters from a YAML file: {name: value} for all, or {notebook: {name: value}}")
    run.add_argument("-j", "--jobs", type=int, default=None, help="notebooks executed at once (default: cores)")
    run.add_argument("--force", action="store_true", help="re-run notebooks even when their last run is fresh")
    run.add_argument("--timeout", type=float, default=None, metavar="S",
                     help="fail a notebook when one of its cells runs longer than S seconds")
    run.add_argument("--no-report", action="store_true", help="do not rewrite the report after the run")

    commands.add_parser("report", help="rewrite outputs/report.{md,html,json} from the executed notebooks")

    data = commands.add_parser("data", help="inspect the curated datasets")
    data_commands = data.add_subparsers(dest="data_command", metavar="ACTION")
    data_commands.required = True
    data_commands.add_parser("list", help="every dataset with its title, rows and number of sources")
    show = data_commands.add_parser("show", help="a dataset's sources, licence, fields and units")
    show.add_argument("name")
    check = data_commands.add_parser("validate", help="validate datasets against their descriptors")
    check.add_argument("names", nargs="*", metavar="NAME", help="datasets (default: all)")
    rehash = data_commands.add_parser("rehash", help="record the current sha256 of a dataset's files")
    rehash.add_argument("name")
    return parser


def _load_parameters_file(path: Path, names: list[str]) -> tuple[dict, dict]:
    """Split a YAML parameters file into overrides for all notebooks and per-notebook overrides."""
    import yaml

    from innovlib.parameters import ParameterError

    if not path.exists():
        raise ParameterError(f"{path}: parameters file not found")
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ParameterError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(content, dict):
        raise ParameterError(f"{path}: expected a mapping of parameter names to values")
    if content and all(isinstance(v, dict) for v in content.values()):
        return {}, content
    return content, {}


def _command_list() -> int:
    from innovlib.runner import describe_notebooks

    for name, parameters in describe_notebooks():
        print(name)
        for p in parameters:
            print(f"    {p.name}: {p.type} = {p.default!r}" + (f"  # {p.help}" if p.help else ""))
    return 0


def _command_run(args, parser) -> int:
    from innovlib import report, runner
    from innovlib.parameters import ParameterError

    if args.all and args.names:
        parser.error("give notebook names or --all, not both")
    if not args.all and not args.names:
        parser.error("name the notebooks to run, or use --all (see `innovlib list`)")
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs must be at least 1")
    try:
        names = list(runner.discover()) if args.all else args.names
        overrides = {name: value for name, value in args.parameter}
        from_text = set(overrides)
        per_notebook = {}
        if args.parameters_file:
            file_values, per_notebook = _load_parameters_file(args.parameters_file, names)
            overrides = {**file_values, **overrides}
        tasks = runner.plan(names, overrides, per_notebook, from_text, kernel=runner.find_kernel(),
                            timeout=args.timeout)
    except (ParameterError, runner.SetupError) as exc:
        print(f"innovlib run: {exc}", file=sys.stderr)
        return 2
    results = runner.run(tasks, jobs=args.jobs, force=args.force)
    print(runner.summary_table(results))
    if not args.no_report:
        counts = report.write_report(runner.outputs_dir())
        shown = ", ".join(f"{k} {v}" for k, v in counts.items() if v)
        print(f"\nreport: {runner.outputs_dir() / 'report.html'} ({shown})")
    failed = [r.name for r in results if r.status == "failed"]
    if failed:
        print(f"\n{len(failed)} notebook(s) failed: {', '.join(failed)}; their last good outputs were kept.",
              file=sys.stderr)
        return 1
    return 0


def _command_data(args) -> int:
    from innovlib import data

    if args.data_command == "list":
        table = data.catalogue()
        table["title"] = [t if len(t) <= 60 else t[:57] + "..." for t in table["title"]]
        columns = list(table.columns)
        rows = [columns] + [[str(v) for v in row] for row in table.itertuples(index=False)]
        widths = [max(len(r[i]) for r in rows) for i in range(len(columns))]
        for row in rows if len(table) else [["no datasets"]]:
            print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        print("\n`innovlib data show NAME` gives a dataset's sources, licence, fields and units.")
        return 0
    if args.data_command == "show":
        print(data.describe(args.name))
        return 0
    if args.data_command == "rehash":
        for resource, digest in data.rehash(args.name).items():
            print(f"{args.name}/{resource}: sha256:{digest}")
        return 0
    failures = 0
    for name in args.names or data.dataset_names():
        for resource in data.read_descriptor(name)["resources"]:
            try:
                data.validate(data.resolve(name, resource["name"]))
                print(f"ok       {name}/{resource['name']}")
            except data.DataValidationError as exc:
                failures += 1
                print(f"INVALID  {exc}")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``innovlib`` console script."""
    if hasattr(signal, "SIGPIPE"):  # `innovlib data list | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "list":
        return _command_list()
    if args.command == "run":
        return _command_run(args, parser)
    if args.command == "report":
        from innovlib import report, runner

        counts = report.write_report(runner.outputs_dir())
        print(f"report: {runner.outputs_dir() / 'report.html'} " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        return 0
    if args.command == "data":
        from innovlib.data import DataValidationError

        try:
            return _command_data(args)
        except DataValidationError as exc:
            print(f"innovlib data: {exc}", file=sys.stderr)
            return 2
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
