"""A caseload run survives anything (issue 9): no lost input, no hang, no poison row, no BSN in clear."""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bvv import examples
from bvv.caseload import batch
from bvv.caseload.batch import Counts, default_errors_path, ordered_map, run_file
from bvv.cli import main
from bvv.errors import UsageError, WorkerDied

GOOD = json.dumps(examples.load("01_bijstand_alleenstaande_2021"))


def _write_cases(path: Path, n: int = 60, bad: dict[int, str] | None = None) -> Path:
    rows = [GOOD.replace('"format"', f'"id": "d-{i}", "format"', 1) for i in range(1, n + 1)]
    for i, text in (bad or {}).items():
        rows[i - 1] = text
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return _write_cases(tmp_path / "cases.jsonl", bad={5: '{"id": "\\udc00"}', 9: "{oops"})


@pytest.fixture
def reference(small: Path, tmp_path: Path) -> tuple[bytes, bytes]:
    out = tmp_path / "ref" / "r.jsonl"
    out.parent.mkdir()
    run_file(small, out, progress=False, chunk_size=7)
    return out.read_bytes(), default_errors_path(out).read_bytes()


def _stop_at(n: int, action: Callable[[], None]) -> Callable[[Counts], None]:
    seen = 0

    def hook(_: Counts) -> None:
        nonlocal seen
        seen += 1
        if seen == n:
            action()

    return hook


def _interrupt() -> None:
    raise KeyboardInterrupt


# ------------------------------------------------------ 1, 6: input and outputs are different files


def test_a_hard_link_to_the_input_as_output_is_refused(small: Path, tmp_path: Path) -> None:
    before = small.read_bytes()
    link = tmp_path / "alias.jsonl"
    os.link(small, link)
    assert main(["batch", str(small), "-o", str(link), "--no-progress"]) == 2
    assert main(["batch", str(small), "-o", str(tmp_path / "x.jsonl"), "--errors", str(link)]) == 2
    assert small.read_bytes() == before and not (tmp_path / "x.jsonl").exists()


def test_output_and_errors_the_same_file_is_refused_before_writing(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(small), "-o", str(out), "--errors", str(out)]) == 2
    assert "-o en --errors noemen hetzelfde bestand" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [small]


def test_stdin_and_stdout_are_usage_errors(small: Path, tmp_path: Path) -> None:
    assert main(["batch", "-", "-o", "-"]) == 2
    assert main(["batch", str(small), "-o", "-"]) == 2


def test_a_failed_run_leaves_an_existing_output_untouched(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    out.write_text("earlier results\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        run_file(small, out, progress=False, chunk_size=7, on_chunk=_stop_at(2, _interrupt))
    assert out.read_text(encoding="utf-8") == "earlier results\n"


def test_output_into_a_missing_folder_is_a_usage_error(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["batch", str(small), "-o", str(tmp_path / "nope" / "r.jsonl")]) == 2
    assert "bestaat niet" in capsys.readouterr().err


# ------------------------------------------------------ 2, 9: every row a result or an error row


def test_a_lone_surrogate_id_is_an_error_row_and_resume_passes_it(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(small), "-o", str(out), "--no-progress"]) == 3
    rows = [json.loads(x) for x in default_errors_path(out).read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in rows] == [5, 9]
    assert rows[0]["id"] == "\ufffd"
    part = tmp_path / "p.jsonl"
    with pytest.raises(KeyboardInterrupt):
        run_file(small, part, progress=False, chunk_size=4, on_chunk=_stop_at(2, _interrupt))
    again = run_file(small, part, progress=False, chunk_size=4, resume=True)
    assert (again.read, again.ok, again.errors) == (60, 58, 2)
    assert part.read_bytes() == out.read_bytes()


def test_a_line_over_the_limit_is_an_error_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "MAX_LINE_BYTES", 4096)
    cases = _write_cases(tmp_path / "c.jsonl", n=5, bad={3: '{"id": "' + "x" * 10_000 + '"}'})
    counts = run_file(cases, tmp_path / "r.jsonl", progress=False)
    assert (counts.read, counts.ok, counts.errors) == (5, 4, 1)
    row = json.loads((tmp_path / "r.errors.jsonl").read_text(encoding="utf-8"))
    assert row["line"] == 3 and "limit of 4096 bytes" in row["error"]["message"]


# ------------------------------------------------------ 3: workers


def _die_on_three(x: int) -> int:
    if x == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return x


def test_a_dead_worker_stops_the_map_instead_of_hanging() -> None:
    with pytest.raises(WorkerDied):
        list(ordered_map(_die_on_three, range(20), workers=2))


def test_a_dead_worker_leaves_a_resumable_run(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: tuple[bytes, bytes]
) -> None:
    real = batch.calculate

    def oom_on_d30(data: Any, **kw: Any) -> Any:
        if isinstance(data, dict) and data.get("id") == "d-30":
            os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer would
        return real(data, **kw)

    monkeypatch.setattr(batch, "calculate", oom_on_d30)
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(small), "-o", str(out), "--workers", "2", "--chunk-size", "4"]) == 74
    monkeypatch.setattr(batch, "calculate", real)
    again = run_file(small, out, progress=False, workers=2, chunk_size=4, resume=True)
    assert again.resumed < 30  # what was checkpointed before the death (may be nothing)
    assert (out.read_bytes(), default_errors_path(out).read_bytes()) == reference


def test_sigterm_is_an_interruption_and_the_run_resumes(
    small: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    reference: tuple[bytes, bytes],
) -> None:
    from bvv.cli import caseload

    real = caseload.run_file

    def terminated_midway(*args: Any, **kw: Any) -> Counts:
        return real(*args, **kw, on_chunk=_stop_at(3, lambda: os.kill(os.getpid(), signal.SIGTERM)))

    monkeypatch.setattr(caseload, "run_file", terminated_midway)
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(small), "-o", str(out), "--workers", "2", "--chunk-size", "5"]) == 130
    assert "onderbroken" in capsys.readouterr().err
    monkeypatch.setattr(caseload, "run_file", real)
    assert main(["batch", str(small), "-o", str(out), "--chunk-size", "5", "--resume"]) == 3
    assert "hervat: de eerste 15 regels" in capsys.readouterr().err
    assert (out.read_bytes(), default_errors_path(out).read_bytes()) == reference


def test_workers_zero_is_a_usage_error_and_too_many_are_capped(
    small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["batch", str(small), "-o", str(tmp_path / "r.jsonl"), "--workers", "0"]) == 2
    assert main(["due", str(small), "--on", "2024-01-01", "--workers", "0"]) == 2
    assert main(["batch", str(small), "-o", str(tmp_path / "r.jsonl"), "--workers", "999"]) == 3
    assert "meer dan het aantal processorkernen" in capsys.readouterr().err


# ------------------------------------------------------ 5: resume checks what it is given


@pytest.fixture
def interrupted(small: Path, tmp_path: Path) -> Path:
    out = tmp_path / "r.jsonl"
    with pytest.raises(KeyboardInterrupt):
        run_file(small, out, progress=False, chunk_size=7, on_chunk=_stop_at(3, _interrupt))
    return out


def test_resume_after_a_lost_tail_past_the_checkpoint(
    small: Path, interrupted: Path, reference: tuple[bytes, bytes]
) -> None:
    # the machine died while writing the next chunk: half a line after the checkpoint in each file
    for part in (Path(f"{interrupted}.part"), Path(f"{default_errors_path(interrupted)}.part")):
        with part.open("ab") as fh:
            fh.write(b'{"format": "bvv-res')
    again = run_file(small, interrupted, progress=False, chunk_size=7, resume=True)
    assert again.resumed == 21 and (again.read, again.ok, again.errors) == (60, 58, 2)
    assert (interrupted.read_bytes(), default_errors_path(interrupted).read_bytes()) == reference


@pytest.mark.parametrize("which", ["results", "errors"])
def test_resume_refuses_a_file_cut_before_the_checkpoint(
    small: Path, interrupted: Path, which: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = interrupted if which == "results" else default_errors_path(interrupted)
    part = Path(f"{target}.part")
    part.write_bytes(part.read_bytes()[:-10])
    assert main(["batch", str(small), "-o", str(interrupted), "--resume"]) == 2
    assert "korter dan bij het laatste controlepunt" in capsys.readouterr().err


def test_resume_refuses_another_input_errors_file_or_options(
    small: Path, interrupted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = _write_cases(tmp_path / "other.jsonl", n=61)
    assert main(["batch", str(other), "-o", str(interrupted), "--resume"]) == 2
    assert "het invoerbestand is anders" in capsys.readouterr().err
    errors = str(tmp_path / "elsewhere.jsonl")
    assert main(["batch", str(small), "-o", str(interrupted), "--errors", errors, "--resume"]) == 2
    assert "--errors noemt een ander bestand" in capsys.readouterr().err
    assert main(["batch", str(small), "-o", str(interrupted), "--on", "2021-07-01", "--resume"]) == 2
    assert "de opties" in capsys.readouterr().err
    assert main(["batch", str(small), "-o", str(tmp_path / "never.jsonl"), "--resume"]) == 2
    assert "geen onderbroken run" in capsys.readouterr().err


def test_checkpoints_are_fsynced(small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd))[1])
    run_file(small, tmp_path / "r.jsonl", progress=False, chunk_size=20)
    assert len(synced) >= 2 * 3  # both files at each of the three chunks at least


# ------------------------------------------------------ 7: a broken environment is exit 74, not 70


def test_disk_full_is_an_io_error(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def full(self: Any, line: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(batch.RunFiles, "write_result", full)
    assert main(["batch", str(small), "-o", str(tmp_path / "r.jsonl")]) == 74
    err = capsys.readouterr().err
    assert "io-error" in err and "No space left on device" in err and "Traceback" not in err


def test_permission_denied_is_an_io_error(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bvv.caseload import runfiles

    def denied(path: Path, *, truncate: bool) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(runfiles, "_open_private", denied)
    assert main(["batch", str(small), "-o", str(tmp_path / "r_999993653.jsonl")]) == 74
    err = capsys.readouterr().err
    assert "Permission denied" in err and "999993653" not in err


def test_progress_without_tqdm_says_so(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)
    assert main(["batch", str(small), "-o", str(tmp_path / "r.jsonl"), "--progress"]) == 3
    assert "tqdm is niet geïnstalleerd" in capsys.readouterr().err


# ------------------------------------------------------ 8: no BSN in clear, private files


def test_every_written_form_of_a_bsn_is_masked_in_error_rows(tmp_path: Path) -> None:
    forms = ["NL999993653", "999 993 653", "999-99-3653", "999.993.653"]
    bad = {i + 1: json.dumps({"id": f, "note": f"BSN {f}"}) for i, f in enumerate(forms)}
    cases = _write_cases(tmp_path / "c.jsonl", n=5, bad=bad)
    out = tmp_path / "r.jsonl"
    run_file(cases, out, progress=False)
    text = default_errors_path(out).read_text(encoding="utf-8")
    assert all(f not in text for f in forms) and "999993653" not in text
    assert text.count("653") >= 4


def test_files_with_personal_data_are_private(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    out.write_text("", encoding="utf-8")
    out.chmod(0o644)
    run_file(small, out, progress=False)
    for path in (out, default_errors_path(out), Path(f"{out}.run.json")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_usage_errors_are_refused_in_the_library_too(small: Path) -> None:
    with pytest.raises(UsageError):
        run_file(small, small, progress=False)
