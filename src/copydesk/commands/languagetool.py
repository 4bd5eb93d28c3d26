"""`copydesk languagetool status|install`: what `--languagetool auto` would use, and getting a
LanguageTool with language-tool-python's own download.

The download happens only here, on this explicit command; `check`, `fix` and `edit` never
download anything.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from copydesk.errors import CopydeskError

DOCKER_HINT = "docker run --rm -p 8010:8010 erikvl87/languagetool"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "languagetool",
        help="find or install LanguageTool, the optional second checker",
        description=(
            "LanguageTool adds thousands of general grammar and style rules to copydesk's own. "
            "`status` tells what `--languagetool auto` would use; `install` downloads "
            "LanguageTool (about 250 MB, needs Java 17+) with language-tool-python."
        ),
    )
    actions = parser.add_subparsers(dest="lt_action", metavar="ACTION", parser_class=type(parser))
    status = actions.add_parser("status", help="what `--languagetool auto` would find, and why")
    status.add_argument("--config", metavar="PATH", help="config file to read the mode from")
    install = actions.add_parser(
        "install", help="download LanguageTool into language-tool-python's cache"
    )
    install.add_argument(
        "--version",
        dest="lt_version",
        metavar="VERSION",
        default=None,
        help="LanguageTool version, e.g. 6.6, or a snapshot date (default: language-tool-python's)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if getattr(args, "lt_action", None) == "install":
        return run_install(args)
    return run_status(args)


# --------------------------------------------------------------------------- status


def _configured(args: argparse.Namespace) -> tuple[str, Any]:
    """('<where>: mode ...', settings) from the config file, if any."""
    from copydesk.config import load_config
    from copydesk.rules.languagetool_options import resolve_settings

    config = load_config(getattr(args, "config", None))
    settings = resolve_settings(None, config)
    where = str(config.path) if config.path else "no config file"
    shown = settings.url if settings.mode == "url" else settings.mode
    default = (
        "" if config.languagetool.get("mode") or config.languagetool.get("url") else " (default)"
    )
    return f"{where}: mode {shown}{default}", settings


def run_status(args: argparse.Namespace) -> int:
    from copydesk.rules import languagetool as lt

    out = sys.stdout
    configured, settings = _configured(args)
    jar_dir = os.environ.get(lt.JAR_DIR_ENV)
    cache = lt.cache_folder()
    rows: list[tuple[str, str]] = [
        ("config", configured),
        (lt.JAR_DIR_ENV, jar_dir or "not set"),
        ("download cache", f"{cache}" + ("" if cache.is_dir() else " (does not exist)")),
    ]
    import shutil

    java = shutil.which("java")
    if java:
        try:
            major, minor = lt.java_version(java)
            rows.append(("java", f"{java} (Java {major}.{minor})"))
        except lt.LanguageToolUnavailable as exc:
            rows.append(("java", f"{java} ({exc})"))
    else:
        rows.append(("java", f"not on the PATH (LanguageTool needs Java {lt.MIN_JAVA}+)"))
    try:
        install = lt.find_local_install()
        verdict = (
            f"start LanguageTool {install.version} from {install.jar.parent} "
            f"(found by {install.found_by}) on a loopback port; text stays on this machine"
        )
        found = True
    except lt.LanguageToolUnavailable as exc:
        verdict = f"stay off: {exc}"
        found = False
    rows.append(("auto would", verdict))
    if settings.mode == "url":
        rows.append(("this config uses", f"the server at {settings.url}: text is sent there"))
    elif settings.mode == "off":
        rows.append(("this config uses", "no LanguageTool (mode off)"))
    width = max(len(name) for name, _ in rows) + 1
    for name, value in rows:
        out.write(f"{name + ':':<{width}} {value}\n")
    if not found:
        out.write(
            "\nTo get LanguageTool: `copydesk languagetool install` (downloads it with "
            f"language-tool-python; needs Java {lt.MIN_JAVA}+), or set {lt.JAR_DIR_ENV} to an "
            f"unpacked LanguageTool folder, or run a server (`{DOCKER_HINT}`) and check with "
            "`--languagetool http://localhost:8010`.\n"
        )
    return 0


# --------------------------------------------------------------------------- install


def run_install(args: argparse.Namespace) -> int:
    """Download LanguageTool with language-tool-python, after checking what it needs."""
    import shutil

    from copydesk.rules import languagetool as lt

    jar_dir = os.environ.get(lt.JAR_DIR_ENV)
    if jar_dir:
        try:
            jar, version, _ = lt.find_jar()
        except lt.LanguageToolUnavailable as exc:
            raise CopydeskError(
                f"{exc}; language-tool-python does not download while {lt.JAR_DIR_ENV} is set: "
                "unset it to install into its cache"
            ) from None
        sys.stdout.write(
            f"LanguageTool {version} is already there: {jar.parent} ({lt.JAR_DIR_ENV}); "
            "nothing downloaded\n"
        )
        return 0
    java = shutil.which("java")
    if not java:
        raise CopydeskError(f"no Java on the PATH; LanguageTool needs Java {lt.MIN_JAVA} or newer")
    major, _ = lt.java_version(java)
    if major < lt.MIN_JAVA:
        raise CopydeskError(f"{java} is Java {major}; LanguageTool needs Java {lt.MIN_JAVA}+")

    try:
        from language_tool_python.download_lt import LTP_DOWNLOAD_VERSION, LocalLanguageTool
    except ImportError:
        raise CopydeskError(
            "`copydesk languagetool install` needs language-tool-python 3.3 or newer"
        ) from None

    version = args.lt_version or LTP_DOWNLOAD_VERSION
    try:
        tool = LocalLanguageTool.from_version_name(version)
    except ValueError:
        raise CopydeskError(
            f"unknown LanguageTool version {version!r} (expected e.g. 6.6, 20250101 or latest)"
        ) from None
    cache = lt.cache_folder()
    if cache.is_dir() and tool in LocalLanguageTool.get_installed_versions():
        sys.stdout.write(f"LanguageTool {tool.version_name} is already installed in {cache}\n")
        return 0
    sys.stderr.write(
        f"copydesk: downloading LanguageTool {version} into {cache} with language-tool-python\n"
    )
    try:
        tool.download()
    except KeyboardInterrupt:
        raise
    except (Exception, SystemExit) as exc:  # third-party download code: any failure is one line
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CopydeskError(f"could not install LanguageTool {version}: {reason}") from None
    try:
        install = lt.find_local_install()
    except lt.LanguageToolUnavailable as exc:
        raise CopydeskError(f"downloaded, but still not usable: {exc}") from None
    sys.stdout.write(
        f"LanguageTool {install.version} is ready in {install.jar.parent}; "
        "`copydesk check` uses it from now on (--languagetool auto)\n"
    )
    return 0
