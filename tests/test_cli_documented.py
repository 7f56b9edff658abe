"""Every CLI command and option is in the README and has help text (as sqlite-utils checks)."""

from __future__ import annotations

import re

import click
import pytest

from conftest import ROOT
from kg.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(main.commands.items())


def _mentioned(spelling: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(spelling)}(?![\w-])", README) is not None


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_command_is_documented_and_has_help(name: str, command: click.Command):
    assert re.search(rf"^kg {name}\b", README, re.MULTILINE), f"kg {name} is not in the README's CLI reference"
    assert command.help, f"kg {name} has no help text"
    for param in command.params:
        if not isinstance(param, click.Option) or param.hidden or param.name == "help":
            continue
        spellings = param.opts + param.secondary_opts
        assert any(map(_mentioned, spellings)), f"kg {name} {'/'.join(spellings)} is not in the README"
        assert param.help, f"kg {name} {'/'.join(spellings)} has no help text"
