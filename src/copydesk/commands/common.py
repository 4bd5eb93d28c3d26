"""Options and set-up shared by the commands that check text (check, fix, edit)."""

from __future__ import annotations

import argparse
import sys

from copydesk.config import Config, load_config
from copydesk.rules.engine import Engine, load_engine


def add_rule_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("rules and configuration")
    group.add_argument(
        "--config",
        metavar="PATH",
        help="config file (default: nearest copydesk.toml or pyproject.toml with [tool.copydesk])",
    )
    group.add_argument(
        "--select",
        metavar="RULES",
        action="append",
        default=[],
        help="only these rule ids, categories or packs (comma-separated; repeatable)",
    )
    group.add_argument(
        "--ignore",
        metavar="RULES",
        action="append",
        default=[],
        help="skip these rule ids, categories or packs (comma-separated; repeatable)",
    )
    group.add_argument(
        "--profile",
        metavar="NAME",
        action="append",
        default=[],
        help="switch on the rules of a profile, e.g. newsroom (repeatable)",
    )


def _split(values: list[str]) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def config_from_args(args: argparse.Namespace) -> Config:
    """The config file's settings with the command-line options on top."""
    config = load_config(getattr(args, "config", None))
    select = _split(getattr(args, "select", []))
    if select:
        config.select = select
    config.ignore = config.ignore + _split(getattr(args, "ignore", []))
    config.profiles = config.profiles + _split(getattr(args, "profile", []))
    return config


def engine_from_args(args: argparse.Namespace) -> tuple[Config, Engine]:
    config = config_from_args(args)
    return config, load_engine(config)


def warn(message: str) -> None:
    sys.stderr.write(f"copydesk: warning: {message}\n")
