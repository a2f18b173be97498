"""Council settings: the invented default, a council's own file over it, and refused files."""

from __future__ import annotations

from pathlib import Path

import pytest

from conference.council import (
    NATIONS,
    CouncilSettings,
    CouncilSettingsError,
    council_settings_path,
    load_council_settings,
    user_config_dir,
)
from conference.language.plain_language import find_issues, load_glossary, write_out


def _write_council(config_dir: Path, body: str) -> Path:
    config_dir.mkdir(parents=True, exist_ok=True)
    path = config_dir / "council.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_user_config_dir_follows_the_environment(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert user_config_dir() == isolated_env / "config"
    assert council_settings_path() == isolated_env / "config" / "council.toml"
    monkeypatch.delenv("SFCONF_CONFIG_DIR")
    assert user_config_dir().name == "sfconf"


def test_default_settings_are_the_invented_council() -> None:
    settings = load_council_settings()
    assert isinstance(settings, CouncilSettings)
    assert "invented" in settings.organisation
    assert settings.nation == "england-wales"
    assert settings.record_working_days == 15
    assert settings.decision_letter_working_days == 1
    assert settings.contact_team and settings.contact_phone and settings.contact_address
    assert settings.contact_email.endswith(".example")


def test_default_disagree_and_complain_texts_say_what_the_family_needs() -> None:
    settings = load_council_settings()
    complain = settings.how_to_complain.lower()
    for words in ("parents", "children", "how the meeting was run", "category", "decision"):
        assert words in complain, words
    assert "stays in place" in complain
    assert "stays in place" in settings.how_to_disagree.lower()


def test_default_texts_are_in_plain_words() -> None:
    # These paragraphs are printed in every family copy, so they pass our own check.
    settings = load_council_settings()
    glossary = load_glossary()
    for text in (settings.how_to_disagree, settings.how_to_complain):
        assert find_issues(text, glossary) == []
        assert write_out(text, glossary) == text


def test_council_file_overrides_only_what_it_names(isolated_env: Path) -> None:
    _write_council(
        isolated_env / "config",
        'organisation = "Northvale Council"\nnation = "scotland"\nrecord_working_days = 20\n',
    )
    settings = load_council_settings()
    assert settings.organisation == "Northvale Council"
    assert settings.nation == "scotland"
    assert settings.record_working_days == 20
    # Untouched keys keep the default.
    assert settings.decision_letter_working_days == 1
    assert settings.contact_team == "Child Protection Conference Team"


def test_an_explicit_path_is_used_instead_of_the_usual_place(tmp_path: Path) -> None:
    path = tmp_path / "elsewhere.toml"
    path.write_text('contact_phone = "01632 960 999"\n', encoding="utf-8")
    assert load_council_settings(path).contact_phone == "01632 960 999"
    with pytest.raises(CouncilSettingsError, match="cannot read"):
        load_council_settings(tmp_path / "missing.toml")


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ('organisaton = "Typo Council"\n', "unknown key 'organisaton'"),
        ('record_working_days = "fifteen"\n', "key 'record_working_days' must be a whole number"),
        ("record_working_days = true\n", "key 'record_working_days' must be a whole number"),
        ("decision_letter_working_days = -1\n", "key 'decision_letter_working_days'"),
        ("contact_phone = 1632960123\n", "key 'contact_phone' must be text"),
        ('nation = "wales"\n', "key 'nation' must be one of"),
        ('organisation = ""\n', "key 'organisation'"),
        ("[contact]\nphone = 1\n", "unknown key 'contact'"),
        ('nation = "scotland"\norganisation = "x\n', "not valid TOML"),
    ],
)
def test_bad_council_file_is_refused_naming_file_and_key(
    isolated_env: Path, body: str, words: str
) -> None:
    path = _write_council(isolated_env / "config", body)
    with pytest.raises(CouncilSettingsError) as caught:
        load_council_settings()
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    assert words in message


def test_invalid_toml_names_the_line(isolated_env: Path) -> None:
    _write_council(isolated_env / "config", 'nation = "scotland"\norganisation = "x\n')
    with pytest.raises(CouncilSettingsError, match="line 2"):
        load_council_settings()


def test_nations_match_the_timescales_module() -> None:
    from conference.timescales import Nation

    assert set(NATIONS) == {n.value for n in Nation}


def test_broken_council_file_is_one_line_exit_3_not_a_crash(
    example_store: tuple[object, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A council's typo must give the contract's refused-input message, never a crash log."""
    import os

    from conference.cli import main

    store, cid = example_store
    config = Path(os.environ["SFCONF_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "council.toml").write_text('organisaton = "Typo Council"\n', encoding="utf-8")
    code = main(["--db", str(store.location), "family-copy", cid, "-o", str(tmp_path / "c.pdf")])  # type: ignore[attr-defined]
    err = capsys.readouterr().err.strip()
    assert code == 3
    assert len(err.splitlines()) == 1 and "organisaton" in err
    assert not (tmp_path / "c.pdf").exists()
