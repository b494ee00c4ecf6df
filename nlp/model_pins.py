"""Model pins: the sha256 of each file the shipped models load, kept in `models/SHA256SUMS`.

The file has `sha256sum`'s format (`HASH  FOLDER/FILE` per line, relative to
the models folder), so `cd models && sha256sum -c SHA256SUMS` checks it too.
`mismatched(folder)` takes a model folder and returns the pinned files under
it that are missing or whose bytes differ (none when nothing there is
pinned); `file_sha256(path)` returns a file's hash, computed once per
process while the file is unchanged. After training or exporting a shipped
model, `python -m nlp.model_pins` rewrites the pins of every folder that
`models/registry.json` names, and of the unit-sense model.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from nlp.lexicons import MODELS_DIR, registry

PINS_FILE = "SHA256SUMS"
NOT_LOADED = (".md",)  # model cards: editing one changes no result
REGISTRY_MODELS = ("transformer_ner_default", "attribution_tagger_default")
OTHER_MODELS = ("unit_senses",)  # the claims' unit-sense model, read by nlp.extract.unit_senses


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes (cached per path, size and modification time)."""
    stat = path.stat()
    return _sha256(str(path.resolve()), stat.st_size, stat.st_mtime_ns)


@cache
def _sha256(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def loaded_files(folder: Path) -> list[Path]:
    """The files of a model folder that loading it may read (all but the model card)."""
    return sorted(path for path in folder.rglob("*") if path.is_file() and path.suffix not in NOT_LOADED)


def pins(models_dir: Path = MODELS_DIR) -> dict[str, str]:
    """Pinned relative path -> sha256, from the pins file (empty when there is none)."""
    try:
        lines = (models_dir / PINS_FILE).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return {}
    pairs = (line.split(maxsplit=1) for line in lines if line.strip())
    return {name.strip().lstrip("*"): sha256 for sha256, name in pairs}


def mismatched(folder: Path, models_dir: Path = MODELS_DIR) -> list[str]:
    """The pinned files under `folder` (relative to `models_dir`) that are missing or differ from their pin."""
    try:
        prefix = folder.resolve().relative_to(models_dir.resolve()).as_posix() + "/"
    except ValueError:  # a folder outside the models folder is nobody's pin
        return []
    wanted = {name: sha256 for name, sha256 in pins(models_dir).items() if name.startswith(prefix)}
    return sorted(name for name, sha256 in wanted.items() if not (models_dir / name).is_file() or file_sha256(models_dir / name) != sha256)


def write_pins(models_dir: Path = MODELS_DIR) -> Path:
    """Pin every loaded file of the shipped model folders; returns the pins file."""
    lines = []
    for name in [*(registry()[key] for key in REGISTRY_MODELS), *OTHER_MODELS]:
        folder = models_dir / name
        lines.extend(f"{file_sha256(path)}  {path.relative_to(models_dir).as_posix()}" for path in loaded_files(folder))
    target = models_dir / PINS_FILE
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


if __name__ == "__main__":
    print(f"wrote {write_pins()}")
