"""Stage 1 of the importer: reading and validating one article file."""

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from claims.ingest import read
from claims.ingest.read import MAX_FILE_BYTES, ArticleFile, MalformedFile, read_article

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "deir-ez-zor-campaign-2017-2019.md"
MALFORMED = Path(__file__).resolve().parent / "data" / "malformed"

GOOD = """---
subject: Battle of Hajin
author: Test
---

On 3 December, the SDF entered Hajin.
"""

# Every file of the malformed corpus and what its refusal must say.
MALFORMED_REASONS = {
    "no-front-matter.md": "no front matter: the file must start with a '---' line",
    "front-matter-not-closed.md": "front matter is not closed",
    "bad-yaml.md": "bad YAML in the front matter at line 5",
    "front-matter-is-a-list.md": "front matter is not a mapping of keys to values but a list",
    "front-matter-empty.md": "front matter is empty",
    "missing-title.md": "missing required front matter key 'subject' or 'title'",
    "subject-not-a-string.md": "front matter key 'subject' must be a string, not list",
    "title-not-a-string.md": "front matter key 'title' must be a string, not mapping",
    "tags-not-a-list.md": "front matter key 'tags' must be a list of strings, not string",
    "tags-item-not-a-string.md": "front matter key 'tags' item 1 must be a string, not mapping",
    "pubdate-not-a-date.md": "front matter key 'pubDate' is not a date: 'next Tuesday'",
    "pubdate-wrong-type.md": "front matter key 'pubDate' must be a date or a string, not list",
    "author-not-a-string.md": "front matter key 'author' must be a string, not mapping",
    "description-not-a-string.md": "front matter key 'description' must be a string, not list",
    "duplicate-key.md": "at line 4, column 1: found duplicate key 'subject'",
    "python-tag.md": "bad YAML in the front matter at line 2",
    "recursive-alias.md": "front matter contains a recursive YAML alias",
    "yaml-alias-bomb.md": "front matter is too large",
    "empty-body.md": "empty body",
    "junk-only-body.md": "empty body",
    "not-utf8.md": "not UTF-8: invalid byte 0xE9 at byte offset 41 (line 5)",
    "binary.md": "binary file: NUL byte at byte offset 39",
    "utf16.md": "not UTF-8: the file starts with a UTF-16 byte order mark",
}


def write(tmp_path: Path, text: str | bytes, name: str = "article.md") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def reason_for(path: Path) -> str:
    with pytest.raises(MalformedFile) as caught:
        read_article(path)
    exc = caught.value
    assert exc.path == path
    assert str(exc) == f"{path.name}: {exc.reason}"
    return exc.reason


# --- the seed ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> ArticleFile:
    return read_article(SEED)


def test_seed_metadata(seed):
    assert seed.slug == "deir-ez-zor-campaign-2017-2019"
    assert seed.title == "Deir ez-Zor campaign (2017–2019)"
    assert seed.author == "Wikipedia"
    assert seed.published_at == dt.datetime(2023, 10, 23, 13, 10, tzinfo=dt.UTC)
    assert seed.description.startswith("The Deir ez-Zor campaign, codenamed")


def test_seed_tags_and_phases(seed):
    assert isinstance(seed.tags, list)
    assert all(isinstance(tag, str) for tag in seed.tags)
    assert seed.tags[0] == "Deir ez-Zor campaign (2017–2019)"
    assert "September 2017 events in Syria" in seed.tags
    # The raw `date` value, left for the dates stage to parse.
    assert isinstance(seed.phases, list)
    assert "First phase:\n8 September 2017 – 5 March 2018" in seed.phases[0]
    assert "Third phase:\n10 September 2018 – 23 March 2019" in seed.phases[0]


def test_seed_checksum_size_and_body(seed):
    data = SEED.read_bytes()
    assert seed.size == len(data)
    assert seed.sha256 == hashlib.sha256(data).hexdigest()
    assert seed.body.startswith("The **Deir ez-Zor campaign**")
    assert seed.body == seed.body.strip()
    assert seed.body.endswith("[object Object]")  # junk is the segment stage's to skip


def test_seed_front_matter_is_kept_whole_and_json_ready(seed):
    assert set(seed.front_matter) == {
        "subject",
        "shortDescription",
        "description",
        "author",
        "pubDate",
        "img",
        "tags",
        "date",
        "place",
    }
    assert seed.front_matter["pubDate"] == "2023-10-23 13:10"
    assert seed.front_matter["img"] == "/FileOperation_Al-Ja.svg"
    assert json.loads(json.dumps(seed.front_matter)) == seed.front_matter


# --- the malformed corpus ---------------------------------------------------------------------


def test_every_corpus_file_has_an_expected_reason():
    assert sorted(p.name for p in MALFORMED.iterdir()) == sorted(MALFORMED_REASONS)


@pytest.mark.parametrize("name", sorted(MALFORMED_REASONS))
def test_malformed_file_is_refused_with_its_reason(name):
    assert MALFORMED_REASONS[name] in reason_for(MALFORMED / name)


def test_bad_yaml_reports_the_file_line_after_leading_blank_lines(tmp_path):
    text = "\n\n---\nsubject: Battle of Hajin\ndescription: one\n  two: three\n---\n\nBody.\n"
    assert "at line 6" in reason_for(write(tmp_path, text))


# --- the file itself --------------------------------------------------------------------------


def test_missing_file(tmp_path):
    assert reason_for(tmp_path / "gone.md") == "no such file"


def test_directory(tmp_path):
    folder = tmp_path / "folder.md"
    folder.mkdir()
    assert reason_for(folder) == "is a directory, not a file"


def test_unreadable_file(tmp_path, monkeypatch):
    # Simulated: the suite may run as root, which chmod cannot stop.
    def refuse(path, limit):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(read, "_read_bytes", refuse)
    assert reason_for(write(tmp_path, GOOD)) == "cannot read file: Permission denied"


def test_50_mb_file_is_refused_without_being_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.md"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: takes no disk space

    def must_not_read(path, limit):
        raise AssertionError("the file was read before its size was checked")

    monkeypatch.setattr(read, "_read_bytes", must_not_read)
    reason = reason_for(path)
    assert reason.startswith("file is too large: 52428800 bytes")
    assert f"the limit is {MAX_FILE_BYTES} bytes (20 MiB)" in reason


def test_size_limit_is_inclusive(tmp_path, monkeypatch):
    path = write(tmp_path, GOOD)
    size = path.stat().st_size
    monkeypatch.setattr(read, "MAX_FILE_BYTES", size)
    assert read_article(path).size == size
    monkeypatch.setattr(read, "MAX_FILE_BYTES", size - 1)
    assert reason_for(path).startswith(f"file is too large: {size} bytes")


# --- encodings and line ends ------------------------------------------------------------------


def test_utf8_bom_is_accepted(tmp_path):
    article = read_article(write(tmp_path, b"\xef\xbb\xbf" + GOOD.encode()))
    assert article.title == "Battle of Hajin"
    assert article.body == "On 3 December, the SDF entered Hajin."


def test_crlf_line_ends_are_accepted(tmp_path):
    article = read_article(write(tmp_path, GOOD.replace("\n", "\r\n").encode()))
    assert article.title == "Battle of Hajin"
    assert "\r" not in article.body


def test_not_utf8_names_the_byte_offset(tmp_path):
    data = GOOD.encode() + b"Caf\xc3 \xa9\n"
    offset = len(GOOD.encode()) + 3
    assert reason_for(write(tmp_path, data)).startswith(
        f"not UTF-8: invalid byte 0xC3 at byte offset {offset}"
    )


# --- front matter values ----------------------------------------------------------------------


def article_with(tmp_path: Path, front_matter: str, body: str = "Body text.") -> ArticleFile:
    return read_article(write(tmp_path, f"---\n{front_matter}\n---\n\n{body}\n"))


def test_optional_keys_default(tmp_path):
    article = article_with(tmp_path, "subject: Battle of Hajin")
    assert article.description == ""
    assert article.author == ""
    assert article.published_at is None
    assert article.tags == []
    assert article.phases is None


def test_title_falls_back_to_title_and_description_to_short_description(tmp_path):
    article = article_with(tmp_path, "title: Battle of Hajin\nshortDescription: A battle")
    assert article.title == "Battle of Hajin"
    assert article.description == "A battle"


def test_subject_wins_over_title(tmp_path):
    article = article_with(tmp_path, "subject: Subject\ntitle: Title")
    assert article.title == "Subject"


def test_blank_subject_counts_as_missing(tmp_path):
    path = write(tmp_path, "---\nsubject: '  '\n---\n\nBody.\n")
    assert reason_for(path) == "missing required front matter key 'subject' or 'title'"


def test_unknown_keys_are_kept(tmp_path):
    article = article_with(tmp_path, "subject: X\nlanguage: en\nsource:\n  url: https://x.org")
    assert article.front_matter["language"] == "en"
    assert article.front_matter["source"] == {"url": "https://x.org"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-10-23 13:10", dt.datetime(2023, 10, 23, 13, 10, tzinfo=dt.UTC)),
        ("'2023-10-23T13:10:00Z'", dt.datetime(2023, 10, 23, 13, 10, tzinfo=dt.UTC)),
        ("2023-10-23", dt.datetime(2023, 10, 23, tzinfo=dt.UTC)),  # a YAML date
        ("2023-10-23 15:10:00+02:00", dt.datetime(2023, 10, 23, 13, 10, tzinfo=dt.UTC)),
        ("''", None),
        ("null", None),
    ],
)
def test_pub_date_forms(tmp_path, value, expected):
    article = article_with(tmp_path, f"subject: X\npubDate: {value}")
    assert article.published_at == expected
    json.dumps(article.front_matter)


def test_yaml_dates_become_iso_strings_in_front_matter(tmp_path):
    article = article_with(tmp_path, "subject: X\ndate: 2017-09-08\nwhen: {2018-05-01: start}")
    assert article.front_matter["date"] == "2017-09-08"
    assert article.phases == "2017-09-08"
    assert article.front_matter["when"] == {"2018-05-01": "start"}


def test_pub_date_boolean_is_refused(tmp_path):
    path = write(tmp_path, "---\nsubject: X\npubDate: true\n---\n\nBody.\n")
    assert reason_for(path) == "front matter key 'pubDate' must be a date or a string, not boolean"


def test_number_as_subject_is_refused(tmp_path):
    path = write(tmp_path, "---\nsubject: 1984\n---\n\nBody.\n")
    assert reason_for(path) == "front matter key 'subject' must be a string, not int"


def test_body_with_junk_and_text_is_accepted(tmp_path):
    article = article_with(tmp_path, "subject: X", "[object Object]\nReal text.")
    assert article.body == "[object Object]\nReal text."


# --- slugs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("deir-ez-zor-campaign-2017-2019.md", "deir-ez-zor-campaign-2017-2019"),
        ("Battle of Hajin (2018).md", "battle-of-hajin-2018"),
        ("raqqa.2017.md", "raqqa-2017"),
        ("Ḥajin.md", "hajin"),
        ("ab" * 120 + ".md", "ab" * 100),  # at most 200 characters
    ],
)
def test_slug_from_file_name(tmp_path, name, slug):
    assert read_article(write(tmp_path, GOOD, name)).slug == slug


def test_file_name_without_slug_is_refused(tmp_path):
    assert reason_for(write(tmp_path, GOOD, "!!!.md")) == "cannot derive a slug from the file name"
