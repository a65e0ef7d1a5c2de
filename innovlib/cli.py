"""The ``innovlib`` command: list and run the finding notebooks, write the report, inspect the datasets, scaffold a
new finding.

Exit codes: 0 success, 1 a notebook failed (or a dataset is invalid), 2 a usage or set-up error, 130 interrupted
(Ctrl-C or SIGTERM). Problems with the input or the environment are one line on stderr, never a traceback
(``--debug`` shows it). Run ``innovlib --help`` or ``innovlib run --help`` for the details.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import signal
import sys
import threading
from pathlib import Path

from innovlib import data
from innovlib.errors import BROKEN_PIPE, FAILED, INTERRUPTED, USAGE, InnovlibError, shorten
from innovlib.escaping import terminal_text
from innovlib.paths import outputs_dir, project_root
from innovlib.report import write_report
from innovlib.runner import describe_notebooks, summary_table
from innovlib.runner.orchestration import RunOutcome, RunRequest, run_notebooks
from innovlib.runner.sweep import run_grid
from innovlib.runner.verify import verify
from innovlib.scaffold import new_finding, record_snapshot
from innovlib.site import build_site


def _print(text: str, err: bool = False) -> None:
    """Print a line innovlib laid out, with every control character, escape sequence or right-to-left override
    from names, records and data shown as an escape (:func:`innovlib.escaping.terminal_text`); its own line
    breaks are kept."""
    print(terminal_text(text, keep_newlines=True), file=sys.stderr if err else sys.stdout, flush=err)

EPILOG = """exit codes: 0 ok, 1 a notebook failed, a dataset is invalid or a run is not verified, 2 a usage or set-up
error, 130 interrupted

examples:
  innovlib list                                  notebooks and their parameters
  innovlib run --all                             run every notebook (cached ones are skipped), write the report
  innovlib run --all --alternatives              also every value each parameter declares, one change at a time
  innovlib run gii_clusters -p n_draws 500       one notebook with a parameter changed
  innovlib run sei_growth -f params.yaml         parameters from YAML ({name: value} or {notebook: {name: value}})
  innovlib sweep quick -g n=1,2,3 -g label=a,b   a grid of runs, summary in outputs/quick--sweep-<hash>/
  innovlib run --all --scheduler local          run on a Dask LocalCluster (or --scheduler tcp://host:8786)
  innovlib report                                rewrite outputs/report.{md,html,json}
  innovlib site                                  rebuild outputs/site/ from the executed notebooks and the report
  innovlib verify outputs/sei_growth             re-execute a cited run and compare its tables and verdicts
  innovlib new rd_intensity                      the skeleton of a new finding (see README, "Adding a finding")
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
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error")
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
    run.add_argument("--timeout", type=_positive_seconds, default=None, metavar="S",
                     help="fail a notebook when one of its cells runs longer than S seconds (S > 0)")
    run.add_argument("--no-report", action="store_true", help="do not rewrite the report after the run")
    run.add_argument("--alternatives", action="store_true",
                     help="also run every value each parameter declares (its choices, both values of a bool), one "
                     "change at a time, and write one sweep summary per notebook; these runs never enter the report")
    run.add_argument("--scheduler", metavar="local|ADDRESS|pool", default=None,
                     help="run on Dask: 'local' starts a LocalCluster of --jobs workers, tcp://host:8786 uses an "
                     "existing scheduler (default: $DASK_SCHEDULER_ADDRESS if set, else the local process pool)")

    sweep = commands.add_parser(
        "sweep", help="run one notebook over a grid of parameter values and tabulate the results",
        description="Expand a parameter grid (cartesian product of -g values, plus the grid and explicit points "
        "of a YAML file), check every point before anything runs, execute each point as an ordinary cached run "
        "(outputs/NAME--<hash>/), and write outputs/NAME--sweep-<hash>/summary.{csv,html}.",
        epilog="grid file: {parameters: {name: value}, grid: {name: [v1, v2]}, points: [{name: value}, ...]}",
    )
    sweep.add_argument("name", metavar="NAME", help="the notebook (see `innovlib list`)")
    sweep.add_argument("-g", "--grid", action="append", default=[], metavar="PARAM=V1,V2",
                       help="values of one parameter (repeatable); commas inside [...] belong to a list value; "
                       "PARAM=* takes every value it declares (choices, both values of a bool)")
    sweep.add_argument("-f", "--grid-file", type=Path, metavar="YAML", help="grid, fixed parameters and points")
    sweep.add_argument("-j", "--jobs", type=int, default=None,
                       help="points executed at once (default: cores); workers of --scheduler local")
    sweep.add_argument("--scheduler", metavar="local|ADDRESS|pool", default=None,
                       help="as for `innovlib run`: a Dask LocalCluster, an existing scheduler, or the local pool")
    sweep.add_argument("--retries", type=int, default=2, help="Dask retries of a point whose worker failed")
    sweep.add_argument("--force", action="store_true", help="re-run points even when their last run is fresh")
    sweep.add_argument("--timeout", type=_positive_seconds, default=None, metavar="S",
                       help="fail a point when one of its cells runs longer than S seconds")

    commands.add_parser("report", help="rewrite outputs/report.{md,html,json} from the executed notebooks")
    commands.add_parser("site", help="rebuild outputs/site/, a static site of the executed notebooks and the report",
                        description="Rebuild outputs/site/ (Sphinx, MyST-NB, Sphinx Book Theme; nothing is executed "
                        "again) from the executed notebooks outputs/<name>/<name>.ipynb and the report.")

    verify = commands.add_parser(
        "verify", help="re-execute a cited run and check that its tables and verdicts are the same",
        description="Re-execute the run recorded in FOLDER/run.json (same parameters) into a temporary folder, "
        "never replacing the cited outputs; check that the notebook, innovlib's source, the datasets, the files "
        "named by parameters and the lock file have their recorded sha256; compare tables/*.csv byte for byte and "
        "the verdicts of claims.json. Exit 0 with a certificate when identical, 1 with the differences otherwise.",
    )
    verify.add_argument("folder", type=Path, metavar="FOLDER", help="a run's output folder, e.g. outputs/sei_growth")
    verify.add_argument("--keep", type=Path, metavar="DIR", help="copy the re-run's outputs into DIR (new folder)")

    new = commands.add_parser(
        "new", help="write the skeleton of a new finding that runs before any edit",
        description="Write a finding's skeleton: data/D/ (a placeholder CSV and descriptor to replace), "
        "notebooks/NAME.ipynb, innovlib/analyses/NAME.py, innovlib/findings/NAME.py, tests/findings/test_NAME.py "
        "(its snapshot written by running it once), tests/notebooks/reviewed/NAME.json and the catalogue rows of "
        "each new claim. Its claims are not checkable until the placeholder data are replaced.",
    )
    new.add_argument("name", metavar="NAME", help="the finding: lower-case letters, digits and _")
    new.add_argument("--dataset", metavar="D", default=None, help="the data folder to create (default: NAME)")
    new.add_argument("--claim", metavar="ID", action="append", default=[], dest="claims",
                     help="a claim id (repeatable): an existing claim of data/claims/ or a new one "
                     "(default: a new id from NAME)")

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




def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text[:40]!r}")
    return value


def _notify(line: str) -> None:
    _print(line, err=True)


def _command_list(args, parser) -> int:
    for name, parameters in describe_notebooks():
        print(terminal_text(name))  # a name with a line break or a right-to-left override is shown escaped
        for p in parameters:
            constraints = p.constraints_text()
            note = " ".join(part for part in (p.help, constraints and f"({constraints})") if part)
            print(terminal_text(f"    {p.name}: {p.type} = {p.default!r}" + (f"  # {note}" if note else "")))
    return 0


def _check_run_arguments(args, parser) -> None:
    if args.all and args.names:
        parser.error("give notebook names or --all, not both")
    if not args.all and not args.names:
        parser.error("name the notebooks to run, or use --all (see `innovlib list`)")
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.alternatives and (args.parameter or args.parameters_file):
        parser.error("--alternatives changes the defaults one parameter at a time; give no -p or -f with it")


def _command_run(args, parser) -> int:
    _check_run_arguments(args, parser)
    request = RunRequest(names=args.names, all=args.all, parameters=args.parameter,
                         parameters_file=args.parameters_file, alternatives=args.alternatives,
                         scheduler=args.scheduler, jobs=args.jobs, force=args.force, timeout=args.timeout)
    outcome = run_notebooks(request, after=lambda outcome: _after_run(outcome, args.no_report), notify=_notify)
    return _exit_code(outcome.results)


def _after_run(outcome: RunOutcome, no_report: bool) -> None:
    """Under the outputs lock: the closing table, the alternatives' summaries and the report."""
    if outcome.results or not outcome.interrupted:
        print(summary_table(outcome.results))
    for name, folder in outcome.alternatives.items():
        print(f"alternatives of {name}: {folder / 'summary.html'}")
    if not no_report:
        _report_after_run(outcome)


def _report_after_run(outcome: RunOutcome) -> None:
    """The report, rewritten after a run (quietly after an interrupted one, and only if a notebook finished)."""
    if outcome.interrupted:
        if any(r.status == "ok" for r in outcome.results):
            write_report(outputs_dir())
        return
    problems: list[str] = []
    counts = write_report(outputs_dir(), problems)
    shown = ", ".join(f"{k} {v}" for k, v in counts.items() if v)
    print(f"\nreport: {outputs_dir() / 'report.html'} ({shown})")
    for problem in problems:
        _print(f"report: skipped {problem}", err=True)


def _exit_code(results: list) -> int:
    failed = [r.name for r in results if r.status == "failed"]
    if failed:
        _print(f"\n{len(failed)} notebook(s) failed: {', '.join(failed)}; their last good outputs were kept.",
               err=True)
        return 1
    return 0


def _command_sweep(args, parser) -> int:
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.retries < 0:
        parser.error("--retries must be at least 0")
    results, folder = run_grid(args.name, args.grid, args.grid_file, scheduler=args.scheduler, jobs=args.jobs,
                               force=args.force, retries=args.retries, timeout=args.timeout, notify=_notify)
    print(summary_table(results))
    print(f"\nsweep: {folder / 'summary.html'}")
    failed = sum(1 for r in results if r.status == "failed")
    if failed:
        _print(f"{failed} point(s) failed; see {folder / 'summary.csv'}", err=True)
        return 1
    return 0


def _command_report(args, parser) -> int:
    problems: list[str] = []
    counts = write_report(outputs_dir(), problems, notify=_notify)
    print(f"report: {outputs_dir() / 'report.html'} " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    for problem in problems:
        _print(f"report: skipped {problem}", err=True)
    return 0


def _command_site(args, parser) -> int:
    index = build_site(outputs_dir())
    _print(f"site: {index}")
    return 0


def _command_verify(args, parser) -> int:
    outcome = verify(args.folder, keep=args.keep, progress=_notify)
    print(outcome.text())
    return 0 if outcome.verified else 1


def _data_list(args) -> int:
    table = data.catalogue()
    table["title"] = [t if len(t) <= 60 else t[:57] + "..." for t in table["title"]]
    columns = list(table.columns)
    rows = [columns] + [[terminal_text(v) for v in row] for row in table.itertuples(index=False)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(columns))]
    for row in rows if len(table) else [["no datasets"]]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    print("\n`innovlib data show NAME` gives a dataset's sources, licence, fields and units.")
    return 0


def _data_show(args) -> int:
    _print(data.describe(args.name))
    return 0


def _data_rehash(args) -> int:
    for resource, digest in data.rehash(args.name).items():
        _print(f"{args.name}/{resource}: sha256:{digest}")
    return 0


def _data_validate(args) -> int:
    missing = data.missing_datasets()
    names = args.names or sorted(set(data.dataset_names()) | set(missing))
    if not names:
        _print(f"INVALID  {data.data_dir()}: no datasets found")
        return 1
    failures = 0
    try:
        data.graded_sources()  # one URL, one grade across every descriptor
    except data.DataValidationError as exc:
        failures += 1
        print(f"INVALID  {exc}")
    for name in names:
        failures += _validate_dataset(name, missing)
    return 1 if failures else 0


def _validate_dataset(name: str, missing: dict) -> int:
    """Print one line per resource of dataset ``name``; returns how many are invalid."""
    try:
        resources = data.read_descriptor(name)["resources"]
    except data.DataValidationError as exc:
        _print(f"INVALID  {missing.get(name, exc)}")
        return 1
    failures = 0
    for resource in resources:
        try:
            data.validate(data.resolve(name, resource["name"]))
            _print(f"ok       {name}/{resource['name']}")
        except data.DataValidationError as exc:
            failures += 1
            _print(f"INVALID  {exc}")
    return failures


DATA_COMMANDS = {"list": _data_list, "show": _data_show, "rehash": _data_rehash, "validate": _data_validate}


def _command_data(args, parser) -> int:
    return DATA_COMMANDS[args.data_command](args)


def _command_new(args, parser) -> int:
    written = new_finding(args.name, dataset=args.dataset, claim_ids=args.claims)
    root = project_root()
    for path in written:
        _print(f"wrote    {path.relative_to(root).as_posix()}")
    outcome = record_snapshot(args.name)
    if outcome.returncode != 0:
        _print(outcome.stdout + outcome.stderr, err=True)
        _print(f"innovlib new: tests/findings/test_{args.name}.py fails on the skeleton (above)", err=True)
        return 1
    _print(f"wrote    tests/findings/__snapshots__/test_{args.name}.ambr (by running its test once: read it)")
    _print(f"next: replace data/{args.dataset or args.name}/ and its source, the claim rows in data/claims/, "
           f"then `make check FINDING={args.name}` (README, \"Adding a finding\")")
    return 0


COMMANDS = {"list": _command_list, "run": _command_run, "sweep": _command_sweep, "report": _command_report,
            "site": _command_site,
            "data": _command_data, "verify": _command_verify, "new": _command_new}


def _dispatch(args, parser) -> int:
    command = COMMANDS.get(args.command)
    if command is None:
        parser.error(f"unknown command {args.command}")
    return command(args, parser)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``innovlib`` console script.

    Every problem with the input or the environment ends as one line on stderr with its exit code (2 usage or
    set-up, 1 a failed notebook or invalid dataset, 130 interrupted); ``--debug`` re-raises it with its traceback.
    """
    if threading.current_thread() is not threading.main_thread():
        return _main_until_the_reader_leaves(argv)
    previous_sigterm = signal.signal(signal.SIGTERM, _terminate_as_interrupt)  # exit 130 like Ctrl-C
    try:
        return _main_until_the_reader_leaves(argv)
    finally:
        signal.signal(signal.SIGTERM, previous_sigterm)


def _main_until_the_reader_leaves(argv: list[str] | None) -> int:
    """``_main``, ending quietly with 141 (as a process killed by SIGPIPE) when the reader of stdout has gone
    (`innovlib data list | head`). Python's own advice, not SIGPIPE's default action: that is a process-wide
    setting, and in a process that calls ``main`` and lives on (a test, a notebook) it would kill the whole process
    at its next write to any closed socket."""
    try:
        code = _main(argv)
        sys.stdout.flush()  # inside the try: a closed pipe shows here, not as a message at exit
        return code
    except BrokenPipeError:
        try:  # nothing more reaches the closed pipe, not even the interpreter's flush at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, io.UnsupportedOperation):
            pass
        return BROKEN_PIPE


def _terminate_as_interrupt(signum, frame):
    raise KeyboardInterrupt


def _main(argv: list[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    prefix = f"innovlib {args.command}" + (f" {args.data_command}" if args.command == "data" else "")
    try:
        return _dispatch(args, parser)
    except BrokenPipeError:
        raise  # the reader of stdout left: not an error to report (see _main_until_the_reader_leaves)
    except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - one line each, the traceback on request
        if args.debug:
            raise
        line, code = _error_line(exc)
        _print(f"{prefix}: {line}", err=True)
        return code


def _error_line(exc: BaseException) -> tuple[str, int]:
    """What an error says on stderr, and the exit code: innovlib's own errors as they are, an interruption, a
    problem of the input or the environment (2), else a bug (1), still one line."""
    if isinstance(exc, InnovlibError):
        return str(exc), exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted", INTERRUPTED
    if isinstance(exc, (OSError, UnicodeError, MemoryError, RecursionError)):
        where = getattr(exc, "filename", None)
        what = getattr(exc, "strerror", None) or shorten(str(exc), 120)[1:-1] or type(exc).__name__
        return f"{where + ': ' if where else ''}{what}", USAGE
    return (f"internal error {type(exc).__name__}: {shorten(str(exc), 200)[1:-1]} (run with --debug for the "
            "traceback)"), FAILED


if __name__ == "__main__":
    sys.exit(main())
