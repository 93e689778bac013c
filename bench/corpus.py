"""Download pinned releases of real TF 1-era and TF 2-era projects into bench/.cache/corpus (never committed).

Usage: python bench/corpus.py        -> prints the corpus folder
Each package is fetched with ``pip download --no-deps`` (sdist first, else any wheel) and
unpacked; only ``.py`` files matter.  Already unpacked packages are reused.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"
CORPUS = CACHE / "corpus"
PACKAGES = [
    ("tensor2tensor", "1.15.7"), ("magenta", "1.3.1"), ("tensorpack", "0.9.8"), ("tflearn", "0.3.2"),
    ("dopamine-rl", "2.0.5"), ("deepxde", "0.8.0"), ("cleverhans", "3.0.1"), ("deeppavlov", "0.8.0"),
    ("tensorlayer", "1.11.1"), ("tf-slim", "1.1.0"), ("gpflow", "1.5.1"), ("gpt-2-simple", "0.7.2"),
    ("ludwig", "0.2.2.8"), ("rlgraph", "0.5.5"), ("tensorforce", "0.5.5"), ("baselines", "0.1.5"),
    ("edward", "1.3.5"), ("texar", "0.2.4"), ("stable-baselines", "2.10.2"),
    # added for issue 10: more TF 1-era code, read across modules when triaging
    # (deepchem 2.3.0, spleeter 1.5.4 and luminoth 0.2.4 cannot be downloaded from here)
    ("rasa", "1.10.2"), ("niftynet", "0.6.0"), ("dm-sonnet", "1.36"), ("lucid", "0.3.8"),
    ("tensorflow-probability", "0.8.0"), ("deepctr", "0.7.5"), ("adanet", "0.8.0"),
    ("opennmt-tf", "1.25.3"), ("trfl", "1.1.0"), ("kashgari", "1.1.5"), ("dltk", "0.2.1"),
    ("gpflowopt", "0.1.1"), ("tensorflow-hub", "0.7.0"),
    # added for issue 13: TF 2-era releases with custom training loops and tf.train.Checkpoint
    # (tensorflow-tts 1.8 cannot be downloaded from here)
    ("ddsp", "3.7.0"), ("tf-agents", "0.19.0"), ("dopamine-rl", "3.2.1"), ("tf-models-official", "2.15.0"),
    ("dm-sonnet", "2.0.2"), ("opennmt-tf", "2.32.0"), ("dm-acme", "0.4.0"),
    ("tensorflow-gan", "2.1.0"), ("gpflow", "2.9.2"), ("tensorflow-similarity", "0.17.1"),
    ("tensorflow-recommenders", "0.7.3"), ("tf2rl", "1.1.5"), ("tf2-gnn", "2.14.0"), ("deepchem", "2.8.0"),
    ("deepxde", "1.15.0"), ("tensorforce", "0.6.5"), ("keras-rl2", "1.0.5"),
]


def _download(name: str, version: str, into: Path) -> Path | None:
    for extra in (["--no-binary", ":all:"], ["--only-binary", ":all:", "--python-version", "3.7", "--implementation", "py", "--abi", "none"], []):
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-build-isolation", "-d", str(into),
             *extra, f"{name}=={version}"],
            capture_output=True, text=True, timeout=600,
        )
        files = sorted(into.iterdir())
        if result.returncode == 0 and files:
            return files[0]
    return None


def _unpack(archive: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    if archive.name.endswith((".tar.gz", ".tgz", ".tar.bz2")):
        with tarfile.open(archive) as tar:
            members = [m for m in tar.getmembers() if m.isfile() and m.name.endswith(".py") and ".." not in m.name]
            tar.extractall(target, members=members, filter="data")
    else:  # .whl / .zip
        with zipfile.ZipFile(archive) as zf:
            for member in zf.namelist():
                if member.endswith(".py") and ".." not in member:
                    zf.extract(member, target)


def build() -> tuple[Path, list[str]]:
    CORPUS.mkdir(parents=True, exist_ok=True)
    missing = []
    for name, version in PACKAGES:
        target = CORPUS / f"{name}-{version}"
        if target.exists() and any(target.rglob("*.py")):
            continue
        with tempfile.TemporaryDirectory() as scratch:
            archive = _download(name, version, Path(scratch))
            if archive is None:
                missing.append(f"{name}=={version}")
                continue
            _unpack(archive, target)
    return CORPUS, missing


if __name__ == "__main__":
    corpus, missing = build()
    files = list(corpus.rglob("*.py"))
    print(f"{corpus}: {len(files)} .py files, {sum(len(f.read_bytes().splitlines()) for f in files)} lines")
    if missing:
        print("not downloadable here: " + ", ".join(missing))
