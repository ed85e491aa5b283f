"""The grpcurl examples of the docs are what a front-end team copies first: every RPC of every
service has one, and each names a method that exists with a body its request type accepts
(field and enum names as the protos spell them today). Placeholders such as "<id>" stand for
values of the field's type."""

from __future__ import annotations

import importlib
import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from google.protobuf import descriptor_pool, json_format, message_factory
from google.protobuf.descriptor import Descriptor, FieldDescriptor

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
HEREDOC = re.compile(r"-d @(?P<rest>[^\n]*?)<<'EOF'\n(?P<body>.*?)\nEOF\n", re.S)
PLACEHOLDER = re.compile(r"^<[^<>]+>$")


def grpcurl_commands(markdown: str) -> list[list[str]]:
    """Each grpcurl command of the document's shell blocks, as its words."""
    found = []
    for block in re.findall(r"```(?:sh|bash|shell)?\n(.*?)```", markdown, re.S):
        block = HEREDOC.sub(lambda m: "-d " + shlex.quote(m["body"]) + m["rest"] + "\n",
                            block.replace("\\\n", " "))
        lexer = shlex.shlex(without_comments(block), posix=True, punctuation_chars="\n")
        lexer.whitespace, lexer.whitespace_split, lexer.commenters = " \t\r", True, ""
        command: list[str] = []
        for word in [*lexer, "\n"]:
            if word.strip("\n"):
                command.append(word)
            elif command:
                found.append(command)
                command = []
    return [c for c in found if c[0] == "grpcurl"]


def without_comments(script: str) -> str:
    """The shell script without its comments (shlex's own would swallow the newline that
    ends a command, and read an apostrophe in a comment as a quote)."""
    out, quote, i, previous = [], "", 0, "\n"
    while i < len(script):
        c = script[i]
        if quote:
            if c == quote:
                quote = ""
            elif c == "\\" and quote == '"':
                out.append(c)
                i += 1
                c = script[i]
        elif c in "'\"":
            quote = c
        elif c == "#" and previous in " \t\n":
            end = script.find("\n", i)
            i, previous = (len(script) if end < 0 else end), " "
            continue
        out.append(c)
        previous, i = c, i + 1
    return "".join(out)


def examples() -> list[tuple[str, str, str | None]]:
    """(document, method, body) of each example calling one of Chorus's own services."""
    return [(doc.name, c[-1], c[c.index("-d") + 1] if "-d" in c else None)
            for doc in DOCS for c in grpcurl_commands(doc.read_text())
            if c[-1].startswith("chorus.")]


def chorus_methods() -> set[str]:
    """Every method of every service in Chorus's protos (their descriptors loaded)."""
    modules = [importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
               for path in sorted(ROOT.glob("chorus/*/v1/*_pb2.py"))]
    return {f"{service.full_name}/{method.name}" for module in modules
            for service in module.DESCRIPTOR.services_by_name.values()
            for method in service.methods}


def stand_in(value: Any, message: Descriptor) -> Any:
    """The JSON value with each placeholder replaced by a value of its field's type."""
    if isinstance(value, list):
        return [stand_in(v, message) for v in value]
    if not isinstance(value, dict):
        return value
    fields = {**message.fields_by_name, **{f.json_name: f for f in message.fields}}
    out = {}
    for name, v in value.items():
        field = fields.get(name)
        if field is None:
            out[name] = v  # unknown: the parse below says so
        elif field.message_type is not None and not field.message_type.full_name.startswith(
                "google.protobuf."):
            out[name] = stand_in(v, field.message_type)
        elif isinstance(v, str) and PLACEHOLDER.match(v):
            out[name] = placeholder_value(field)
        else:
            out[name] = v
    return out


def placeholder_value(field: FieldDescriptor) -> Any:
    if field.enum_type is not None:
        return field.enum_type.values[-1].name
    if field.type == field.TYPE_STRING:
        return "x"
    if field.type == field.TYPE_BOOL:
        return True
    if field.message_type is not None:  # a well-known type (Timestamp, Duration)
        return {"google.protobuf.Timestamp": "2026-11-30T09:00:00Z",
                "google.protobuf.Duration": "60s"}[field.message_type.full_name]
    return 1


EXAMPLES = examples()
METHODS = chorus_methods()  # loads every descriptor, too


def test_every_rpc_has_a_grpcurl_example() -> None:
    shown = {method for _, method, _ in EXAMPLES}
    assert METHODS - shown == set()
    assert shown - METHODS == set(), "examples of methods that do not exist"


@pytest.mark.parametrize(("document", "method", "body"), EXAMPLES,
                         ids=[f"{d}:{m.rsplit('/', 1)[-1]}" for d, m, _ in EXAMPLES])
def test_each_example_body_is_accepted_by_its_request_type(
        document: str, method: str, body: str | None) -> None:
    service, name = method.split("/")
    request = descriptor_pool.Default().FindServiceByName(service).methods_by_name[name] \
        .input_type
    decoder, rest = json.JSONDecoder(), (body or "{}").strip()
    while rest:  # a streaming call's example sends several messages
        value, end = decoder.raw_decode(rest)
        # Raises ParseError on a field, enum value or type the request does not have.
        json_format.ParseDict(stand_in(value, request),
                              message_factory.GetMessageClass(request)())
        rest = rest[end:].strip()
