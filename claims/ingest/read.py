"""Stage 1 of the article importer: read one seed file.

`read_article(path)` checks the file (size, encoding, front matter, the types of
the keys the importer uses), computes its checksum and returns an `ArticleFile`.
A file that cannot be imported raises `MalformedFile`, whose message names the
file and says why, so that the import command can report it and go on with the
other files.

python-frontmatter splits and parses the file; the body is exactly the string it
returns, because every later stage stores character offsets into that string.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import math
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from django.utils.text import slugify
from frontmatter.default_handlers import SafeLoader, YAMLHandler

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Documented limit: a seed article is tens of kilobytes; anything this big is a mistake."""

MAX_SLUG_LENGTH = 200

# Front matter is small; these bound the work a hostile file can cause (YAML
# aliases can make a few lines expand into an exponentially large structure).
MAX_FRONT_MATTER_VALUES = 100_000
MAX_FRONT_MATTER_DEPTH = 50

# Residue of a broken export: the seed's reference list ends in lines of
# "[object Object]" (a JavaScript object printed as a string), one glued to a
# heading. Shared with the segment stage, which must skip it as well.
JUNK = re.compile(r"\[object Object\]")

_BOM = "\ufeff"
# Byte order marks of encodings we refuse, checked before the NUL-byte test so
# that a UTF-16 file is called what it is rather than "binary".
_FOREIGN_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


class MalformedFile(Exception):
    """A file the importer refuses; `str(exc)` is "<file name>: <reason>"."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


@dataclass(frozen=True)
class ArticleFile:
    path: Path
    slug: str
    sha256: str
    size: int
    front_matter: dict
    body: str
    title: str
    description: str
    author: str
    published_at: dt.datetime | None
    tags: list[str]
    phases: object


def read_article(path: Path) -> ArticleFile:
    """Read and validate one article; raise MalformedFile with the reason if it is unusable."""
    path = Path(path)
    slug = _slug_from_name(path)
    data = _read_bytes_within_limit(path)
    text = _decode(path, data)
    meta, body = _split_front_matter(path, text)
    front_matter = _json_safe_mapping(path, meta)
    title = _required_string(path, meta, ("subject", "title"))
    if not _has_content(body):
        raise MalformedFile(
            path, "empty body: nothing after the front matter but whitespace or export junk"
        )
    return ArticleFile(
        path=path,
        slug=slug,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        front_matter=front_matter,
        body=body,
        title=title,
        description=_optional_string(path, meta, ("description", "shortDescription")),
        author=_optional_string(path, meta, ("author",)),
        published_at=_published_at(path, meta.get("pubDate")),
        tags=_tags(path, meta.get("tags")),
        phases=front_matter.get("date"),
    )


# --- the file and its bytes -------------------------------------------------------------------


def _slug_from_name(path: Path) -> str:
    # Dots inside the stem ("raqqa.2017.md") separate words; slugify would glue them.
    slug = slugify(path.stem.replace(".", "-"))[:MAX_SLUG_LENGTH].strip("-_")
    if not slug:
        raise MalformedFile(path, "cannot derive a slug from the file name")
    return slug


def _read_bytes_within_limit(path: Path) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise MalformedFile(path, "no such file") from None
    except OSError as exc:
        raise MalformedFile(path, f"cannot read file: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise MalformedFile(path, "is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise MalformedFile(path, "not a regular file")
    # Checked before reading so that a huge file is never loaded into memory.
    if info.st_size > MAX_FILE_BYTES:
        raise MalformedFile(path, _too_large(info.st_size))
    try:
        data = _read_bytes(path, MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise MalformedFile(path, f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:  # the file grew between stat() and read()
        raise MalformedFile(path, _too_large(len(data)))
    return data


def _read_bytes(path: Path, limit: int) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(limit)


def _too_large(size: int) -> str:
    return (
        f"file is too large: {size} bytes, the limit is {MAX_FILE_BYTES} bytes "
        f"({MAX_FILE_BYTES // (1024 * 1024)} MiB)"
    )


def _decode(path: Path, data: bytes) -> str:
    for bom, encoding in _FOREIGN_BOMS.items():
        if data.startswith(bom):
            reason = f"not UTF-8: the file starts with a {encoding} byte order mark"
            raise MalformedFile(path, reason)
    nul = data.find(b"\x00")
    if nul != -1:
        raise MalformedFile(path, f"binary file: NUL byte at byte offset {nul}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise MalformedFile(
            path,
            f"not UTF-8: invalid byte 0x{data[exc.start]:02X} at byte offset {exc.start} "
            f"(line {line})",
        ) from None
    return text.removeprefix(_BOM)


# --- front matter -----------------------------------------------------------------------------


class _StrictSafeLoader(SafeLoader):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader, except that a key given twice is an error, not "last one wins"."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, list | dict):
                continue  # unhashable: the base class reports it
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"found duplicate key {key!r}",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _RecordingYAMLHandler(YAMLHandler):
    """Loads with the strict loader and keeps what it loaded: python-frontmatter silently
    drops front matter that is not a mapping, and we want to say so."""

    loaded: Any = None

    def load(self, fm: str, **kwargs: object) -> Any:
        kwargs.setdefault("Loader", _StrictSafeLoader)
        self.loaded = super().load(fm, **kwargs)
        return self.loaded


def _split_front_matter(path: Path, text: str) -> tuple[dict, str]:
    """The front matter mapping and the body, as python-frontmatter parses them."""
    handler = _RecordingYAMLHandler()
    # python-frontmatter normalises line ends and strips the text before looking
    # for the delimiters; do the same so that our checks see what it sees.
    normalised = text.replace("\r\n", "\n")
    stripped = normalised.strip()
    opening = handler.FM_BOUNDARY.match(stripped)
    if opening is None:
        raise MalformedFile(path, "no front matter: the file must start with a '---' line")
    if handler.FM_BOUNDARY.search(stripped, opening.end()) is None:
        raise MalformedFile(path, "front matter is not closed: no second '---' line")
    try:
        meta, body = frontmatter.parse(text, handler=handler)
    except yaml.YAMLError as exc:
        first_line = _line_of_front_matter_start(normalised, stripped, opening.end())
        raise MalformedFile(path, _yaml_error_reason(exc, first_line)) from None
    except RecursionError:
        raise MalformedFile(path, "front matter is nested too deeply") from None
    if handler.loaded is None:
        raise MalformedFile(path, "front matter is empty")
    if not isinstance(handler.loaded, dict):
        kind = _kind(handler.loaded)
        raise MalformedFile(path, f"front matter is not a mapping of keys to values but a {kind}")
    return meta, body


def _line_of_front_matter_start(normalised: str, stripped: str, fm_offset: int) -> int:
    """File line number (1-based) of line 0 of the YAML text python-frontmatter parses."""
    leading = len(normalised) - len(normalised.lstrip())
    return normalised.count("\n", 0, leading) + stripped.count("\n", 0, fm_offset) + 1


def _yaml_error_reason(exc: yaml.YAMLError, first_line: int) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if mark is None:
        return f"bad YAML in the front matter: {problem}"
    line = first_line + mark.line
    return f"bad YAML in the front matter at line {line}, column {mark.column + 1}: {problem}"


def _json_safe_mapping(path: Path, meta: dict) -> dict:
    """The front matter as JSON-ready data: dates as ISO strings, keys as strings."""
    budget = [MAX_FRONT_MATTER_VALUES]
    return _json_safe(path, meta, budget, depth=0, active=set())


def _json_safe(path: Path, value: Any, budget: list[int], depth: int, active: set[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise MalformedFile(
            path,
            f"front matter is too large (more than {MAX_FRONT_MATTER_VALUES} values; "
            "YAML aliases?)",
        )
    if depth > MAX_FRONT_MATTER_DEPTH:
        raise MalformedFile(path, "front matter is nested too deeply")
    if isinstance(value, dict | list | tuple | set | frozenset):
        if id(value) in active:
            raise MalformedFile(path, "front matter contains a recursive YAML alias")
        active.add(id(value))
        try:
            if isinstance(value, dict):
                return _json_safe_dict(path, value, budget, depth, active)
            items = sorted(value, key=repr) if isinstance(value, set | frozenset) else value
            return [_json_safe(path, item, budget, depth + 1, active) for item in items]
        finally:
            active.discard(id(value))
    return _json_safe_scalar(value)


def _json_safe_dict(path: Path, value: dict, budget: list[int], depth: int, active: set[int]):
    result: dict[str, Any] = {}
    for key, item in value.items():
        name = str(_json_safe_scalar(key))
        if name in result:
            raise MalformedFile(path, f"front matter key {name!r} appears twice")
        result[name] = _json_safe(path, item, budget, depth + 1, active)
    return result


def _json_safe_scalar(value: Any) -> Any:
    if isinstance(value, dt.date):  # datetime is a date too
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # JSON (and PostgreSQL's jsonb) has no NaN or infinity
    if isinstance(value, bytes):  # YAML !!binary
        return base64.b64encode(value).decode("ascii")
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


# --- the keys the importer uses ---------------------------------------------------------------


def _required_string(path: Path, meta: dict, keys: tuple[str, ...]) -> str:
    value = _optional_string(path, meta, keys)
    if not value:
        alternatives = " or ".join(repr(key) for key in keys)
        raise MalformedFile(path, f"missing required front matter key {alternatives}")
    return value


def _optional_string(path: Path, meta: dict, keys: tuple[str, ...]) -> str:
    """The first non-blank string among `keys`, else "". Every key given must be a string."""
    found = ""
    for key in keys:
        value = meta.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            reason = f"front matter key {key!r} must be a string, not {_kind(value)}"
            raise MalformedFile(path, reason)
        if not found and value.strip():
            found = value.strip()
    return found


def _tags(path: Path, value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise MalformedFile(
            path, f"front matter key 'tags' must be a list of strings, not {_kind(value)}"
        )
    for position, tag in enumerate(value):
        if not isinstance(tag, str):
            raise MalformedFile(
                path, f"front matter key 'tags' item {position} must be a string, not {_kind(tag)}"
            )
    return list(value)


def _published_at(path: Path, value: Any) -> dt.datetime | None:
    """`pubDate` as an aware UTC datetime; a date or a time without a zone is taken as UTC."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    elif isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise MalformedFile(
                path,
                f"front matter key 'pubDate' is not a date: {value!r} "
                "(expected e.g. 2023-10-23 or 2023-10-23 13:10)",
            ) from None
    else:
        raise MalformedFile(
            path, f"front matter key 'pubDate' must be a date or a string, not {_kind(value)}"
        )
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _kind(value: Any) -> str:
    names = {dict: "mapping", list: "list", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), type(value).__name__)


# --- the body ---------------------------------------------------------------------------------


def _has_content(body: str) -> bool:
    """True when the body holds more than whitespace and export junk."""
    return bool(JUNK.sub("", body).strip())
