"""Tests of ``sk_imbalance._cli._table``: reading CSV files and typing their columns."""

import json
import sys

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
skops_io = pytest.importorskip("skops.io")


from ._helpers import FAST, make_frame, run, write  # noqa: E402


def test_semicolon_separated_file_is_read(tmp_path, capsys):
    """Check that a semicolon-separated export is read like a CSV."""
    path = tmp_path / "d.csv"
    make_frame().to_csv(path, index=False, sep=";")
    status, out, _ = run(
        capsys, "tune", path, "--target", "outcome", "--json", "-", *FAST
    )
    assert status == 0
    assert len(json.loads(out)["features"]) == 3


def test_new_data_lacking_columns_is_refused(trained, tmp_path, capsys):
    """Check that evaluate and predict name the columns the new data lack."""
    frame = pd.read_csv(trained["labelled"]).drop(columns=["marker", "smoker"])
    data = write(tmp_path / "d.csv", frame)
    for command in ("evaluate", "predict"):
        status, _, err = run(capsys, command, trained["model"], data)
        assert status == 2
        assert "lacks 2 column(s) the model needs: 'marker', 'smoker'" in err


def test_new_data_with_text_in_a_numeric_column_is_refused(trained, tmp_path, capsys):
    """Check that text in a column the model saw as numeric is a clear error."""
    frame = pd.read_csv(trained["unlabelled"], dtype=str, keep_default_na=False)
    frame.loc[4, "marker"] = "high"
    data = write(tmp_path / "d.csv", frame)
    status, _, err = run(capsys, "predict", trained["model"], data)
    assert status == 2
    assert "column 'marker'" in err and "'high'" in err and "line 6" in err


def test_evaluate_refuses_missing_values_in_the_target(trained, tmp_path, capsys):
    """Check that NaN in the target of new data is a clear error."""
    frame = pd.read_csv(trained["labelled"])
    frame.loc[2, "outcome"] = np.nan
    data = write(tmp_path / "d.csv", frame)
    status, _, err = run(capsys, "evaluate", trained["model"], data)
    assert status == 2
    assert "1 missing value(s) (line 4" in err


def test_identifier_like_columns_are_left_out(tmp_path, capsys):
    """Check that an unnamed index column and a unique text column are left
    out, one line each with the --keep that keeps them."""
    frame = make_frame()
    frame.insert(0, "patient", [f"p{i:03d}" for i in range(len(frame))])
    path = tmp_path / "d.csv"
    frame.to_csv(path)  # writes the row index as an unnamed first column
    status, out, err = run(
        capsys, "tune", path, "--target", "outcome", "--json", "-", *FAST
    )
    assert status == 0
    for name, what in (
        ("Unnamed: 0", "distinct integers in every row, numbered closely"),
        ("patient", "distinct text values in most rows"),
    ):
        assert (
            f"note: left out {name!r}: {what}, like an identifier (--keep "
            f"{name!r} to use it)"
        ) in err
    assert sorted(json.loads(out)["features"]) == ["age", "marker", "smoker"]


def test_unnamed_column_that_is_no_identifier_gets_a_note(tmp_path, capsys):
    """Check that a column without a name in the header is pointed out when it
    is kept (not an identifier)."""
    frame = make_frame()
    frame.insert(0, "", np.round(np.linspace(0, 1, len(frame)) % 0.3, 1))
    status, _, err = run(
        capsys, "tune", write(tmp_path / "d.csv", frame), "--target", "outcome",
        *FAST,
    )  # fmt: skip
    assert status == 0
    assert "column 'Unnamed: 0' has no name in the header" in err


def _tune_json(capsys, path, *extra):
    status, out, err = run(
        capsys, "tune", path, "--target", "outcome", "--json", "-", *FAST, *extra
    )
    assert status == 0, err
    return json.loads(out), err


def test_question_marks_in_a_numeric_column_are_missing_values(tmp_path, capsys):
    """Check that a numeric column using '?' for missing values (UCI and KEEL files)
    is read as numeric, with the same result as the file with empty cells."""
    frame = make_frame()
    marked, empty = frame.copy(), frame.copy()
    marked.loc[[2, 5, 9, 30], "marker"] = "?"
    empty.loc[[2, 5, 9, 30], "marker"] = ""
    one, _ = _tune_json(capsys, write(tmp_path / "q.csv", marked))
    two, _ = _tune_json(capsys, write(tmp_path / "e.csv", empty))
    assert one["features"]["marker"] == "numeric"
    assert one["table"] == two["table"]


def test_one_repeated_token_in_a_numeric_column_is_its_missing_marker(tmp_path, capsys):
    """Check that a column numeric except for one repeated token reads that token
    as missing, says so with the count, and that evaluate and predict read the
    same file the same way."""
    frame = make_frame()
    frame.loc[[2, 5, 9], "marker"] = "unknown"
    data = write(tmp_path / "d.csv", frame)
    model = tmp_path / "m.skops"
    summary, err = _tune_json(capsys, data, "--model", model)
    assert summary["features"]["marker"] == "numeric"
    assert "'unknown' as its missing-value marker (3 rows" in err
    status, _, err = run(capsys, "evaluate", model, data)
    assert status == 0, err


def test_a_few_text_values_in_a_numeric_column_are_named(tmp_path, capsys):
    """Check that a column of numbers with a few text values is not one-hot
    encoded silently: a warning names the column, and --na-values reads the
    values as missing without it."""
    frame = make_frame()
    frame.loc[[2, 5], "marker"] = "n.d."
    frame.loc[[9], "marker"] = "missing"
    data = write(tmp_path / "d.csv", frame)
    summary, err = _tune_json(capsys, data)
    assert summary["features"]["marker"] == "numeric"
    assert "warning: column 'marker' holds numbers except in 3 rows" in err
    assert "'missing', 'n.d.'" in err
    summary, err = _tune_json(capsys, data, "--na-values", "n.d.", "missing")
    assert summary["features"]["marker"] == "numeric"
    assert "warning" not in err


def test_european_csv_is_detected(tmp_path, capsys):
    """Check that a ';'-separated file with decimal commas reads as numbers (as
    the same table written the usual way), is said, and --decimal . overrides."""
    frame = make_frame()
    usual = write(tmp_path / "usual.csv", frame)
    european = tmp_path / "european.csv"
    frame.assign(
        age=frame["age"].astype(str).str.replace(".", ","),
        marker=frame["marker"].astype(str).str.replace(".", ","),
    ).to_csv(european, sep=";", index=False)
    one, err = _tune_json(capsys, european)
    two, _ = _tune_json(capsys, usual)
    assert "European CSV" in err and "';'" in err
    assert one["features"] == two["features"]
    assert one["table"] == two["table"]
    forced, _ = _tune_json(capsys, european, "--decimal", ".", "--keep", "marker")
    assert forced["features"]["marker"] == "categorical"


@pytest.mark.parametrize(
    "values, identifier",
    [
        (np.arange(1000, 1090), True),  # record numbers
        (np.arange(0, 900, 10), True),  # numbered in steps, still close
        (np.arange(90) * 997 + 20_000, False),  # distinct whole amounts, spread
        (np.arange(90) % 45, False),  # repeated
    ],
)
def test_integer_identifier_column_is_left_out(tmp_path, capsys, values, identifier):
    """Check that an integer column with one distinct value per row, numbered
    closely, is left out as text identifiers are, and wider amounts are kept."""
    frame = make_frame()
    frame.insert(0, "record", np.random.default_rng(0).permutation(values))
    summary, err = _tune_json(capsys, write(tmp_path / "d.csv", frame))
    assert ("record" not in summary["features"]) is identifier
    assert ("left out 'record'" in err) is identifier
    assert "left out 'age'" not in err and "left out 'marker'" not in err


def test_one_summary_line_per_kind_of_column(tmp_path, capsys):
    """Check that the reading of every column is shown, one line per kind."""
    frame = make_frame().assign(empty="")
    status, _, err = run(
        capsys, "tune", write(tmp_path / "d.csv", frame), "--target", "outcome",
        "--drop", "age", *FAST,
    )  # fmt: skip
    assert status == 0
    assert "note: numeric (1): 'marker'" in err
    assert "note: categorical (1): 'smoker'" in err
    assert "note: left out, empty (1): 'empty'" in err
    assert "note: left out by --drop (1): 'age'" in err


def test_pandas_reader_types_columns_as_pyarrow_does(tmp_path, monkeypatch):
    """Check that without pyarrow the same columns come out of a messy file."""
    pytest.importorskip("pyarrow")
    from sk_imbalance._cli._csv import _read_columns

    frame = make_frame()
    frame.loc[[2, 5], "marker"] = "?"
    frame["flag"] = np.where(np.arange(len(frame)) % 2, "TRUE", "false")
    frame["when"] = "2024-01-0" + (np.arange(len(frame)) % 9 + 1).astype(str)
    path = write(tmp_path / "d.csv", frame)
    fast, reading, counted = _read_columns(path)
    monkeypatch.setitem(sys.modules, "pyarrow.csv", None)
    slow, again, recounted = _read_columns(path)
    assert reading == again
    assert counted == recounted
    assert list(fast) == list(slow)
    for name in fast:
        assert fast[name].dtype == slow[name].dtype, name
        if fast[name].dtype == object:
            assert list(fast[name]) == list(slow[name]), name
        else:
            np.testing.assert_array_equal(fast[name], slow[name])
    assert set(fast["flag"]) == {"TRUE", "false"}


def test_markers_read_as_missing_are_counted_per_column_kind(tmp_path, capsys):
    """Check that the markers read as missing are reported with their counts
    per column kind, in the JSON and in the notes, against a hand count of the
    file's cells."""
    frame = make_frame()  # 'NA' in 3 ages, '' in 2 smokers
    frame.loc[[2, 5, 9, 30], "marker"] = "?"
    frame.loc[[40], "smoker"] = "n/a"
    path = write(tmp_path / "d.csv", frame)
    text = pd.read_csv(path, dtype=str, keep_default_na=False)
    numeric = {
        marker: int(text[["age", "marker"]].isin([marker]).to_numpy().sum())
        for marker in ("?", "NA")
    }
    categorical = {
        marker: int((text["smoker"] == marker).sum()) for marker in ("", "n/a")
    }
    assert numeric == {"?": 4, "NA": 3} and categorical == {"": 2, "n/a": 1}
    summary, err = _tune_json(capsys, path)
    assert summary["reading"]["missing_markers"] == {
        "numeric": numeric,
        "categorical": categorical,
    }
    assert "note: numeric (2): 'age', 'marker'; read as missing: '?' (4 cells), " \
        "'NA' (3 cells)" in err  # fmt: skip
    assert "note: categorical (1): 'smoker'; read as missing: empty (2 cells), " \
        "'n/a' (1 cell)" in err  # fmt: skip
