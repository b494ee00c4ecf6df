"""Build script for what pyproject.toml cannot say: the top-level models/ folder ships inside the
package as `nlp/models/` (lexicons, the registry and the trained models), so a wheel or a
non-editable install finds them (`nlp.lexicons.models_dir`). pyproject.toml's tables cannot both
find the nlp packages and map one package in from another folder; everything else is there."""

from setuptools import find_namespace_packages, find_packages, setup

# Data folders whose names Python could import (lexicons, unit_senses) are listed too, or setuptools warns about each.
MODEL_FOLDERS = ["nlp.models", *(f"nlp.models.{name}" for name in find_namespace_packages(where="models"))]

setup(
    packages=[*find_packages(include=["nlp", "nlp.*"]), *MODEL_FOLDERS],
    package_dir={"nlp.models": "models"},
    package_data={"nlp.models": ["**/*"]},
)
