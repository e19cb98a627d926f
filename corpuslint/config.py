"""Configuration: `corpuslint.yaml`, `[tool.corpuslint]` in pyproject.toml, or --config FILE.

Found by searching upward from the working directory (in each directory
corpuslint.yaml first, then a pyproject.toml that has a [tool.corpuslint]
table). Command-line flags win over the file. Paths in the file are relative
to the file's directory. Keys:

    root: corpus                  # the corpus: checked when no path is given, and the
                                  # context cross-document rules see when only some
                                  # files are passed (pre-commit)
    include: ["**/*.md", ...]     # globs a document must match (default: all)
    exclude: ["drafts/**"]        # globs never checked, even when passed by name
    rules: [my-rules]             # extra rule-data directories
    names: [names.yaml]           # extra reference-names files
    select: [CIT, NAM]            # as --select
    ignore: [CIT011]              # as --ignore
    per-file-ignores: {"quoted/*.txt": [NAM, TXT001]}
    severity: {NAM002: warning}   # override a rule's severity
    fail-on: error                # as --fail-on
    baseline: corpuslint-baseline.json

An unknown key, a value of the wrong type or a bad glob is an error naming
the file and the key.
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

import regex
import yaml

from .documents import relative_posix, resolved
from .findings import Finding, Severity

CONFIG_NAME = "corpuslint.yaml"
LIST_KEYS = ("include", "exclude", "rules", "names", "select", "ignore")


class ConfigError(Exception):
    """One line: the file, the key and what is wrong."""


@dataclass
class Config:
    path: Path | None = None  # the file it came from
    root: str | None = None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str | None = None
    baseline: str | None = None
    _relatives: dict[str, str] = field(default_factory=dict, repr=False, compare=False)  # path -> relative
    _resolved_directory: Path | None = field(default=None, repr=False, compare=False)

    @property
    def directory(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def resolve(self, value: str) -> str:
        """A path from the file, made usable from the working directory."""
        path = Path(value)
        return str(path if path.is_absolute() else self.directory / path)

    def _relative(self, path: Path | str) -> str:
        # Memoised per path: a run asks once per finding, and resolving touches the disk.
        key = str(path)
        relative = self._relatives.get(key)
        if relative is None:
            absolute = resolved(path)
            if self._resolved_directory is None:
                self._resolved_directory = self.directory.resolve()
            relative = relative_posix(absolute, self._resolved_directory)
            if relative is None:
                relative = absolute.as_posix()
            self._relatives[key] = relative
        return relative

    def excluded(self, path: Path) -> bool:
        if not self.exclude and not self.include:
            return False
        relative = self._relative(path)
        if any(_glob(pattern, relative) for pattern in self.exclude):
            return True
        return bool(self.include) and not any(_glob(pattern, relative) for pattern in self.include)

    def adjust(self, findings: list[Finding]) -> list[Finding]:
        """Per-file ignores and severity overrides."""
        if not self.per_file_ignores and not self.severity:
            return findings
        kept = []
        for finding in findings:
            relative = self._relative(finding.path)
            ignored = [code for pattern, codes in self.per_file_ignores.items() if _glob(pattern, relative) for code in codes]
            if any(finding.code.startswith(code.upper()) or code.upper() == "ALL" for code in ignored):
                continue
            override = self.severity.get(finding.code)
            if override:
                finding = Finding(**{**{f.name: getattr(finding, f.name) for f in fields(Finding)},
                                     "severity": Severity.parse(override)})
            kept.append(finding)
        return kept

    def to_dict(self) -> dict:
        return {
            "file": str(self.path) if self.path else None, "root": self.root, "include": self.include,
            "exclude": self.exclude, "rules": self.rules, "names": self.names, "select": self.select,
            "ignore": self.ignore, "per-file-ignores": self.per_file_ignores, "severity": self.severity,
            "fail-on": self.fail_on, "baseline": self.baseline,
        }


def _glob(pattern: str, relative: str) -> bool:
    """fnmatch on the path relative to the configuration; `**/` also matches no directory."""
    return fnmatch.fnmatchcase(relative, pattern) or (
        pattern.startswith("**/") and fnmatch.fnmatchcase(relative, pattern[3:])
    )


def _check_glob(pattern: str, where: str) -> None:
    """fnmatch takes any string; these would silently match nothing."""
    if not pattern.strip():
        raise ConfigError(f"{where}: empty glob")
    if regex.search(r"\[[^\]]*$", pattern):
        raise ConfigError(f"{where}: bad glob {pattern!r}: '[' without ']'")
    if pattern.startswith("/") or "/../" in f"/{pattern}/":
        raise ConfigError(f"{where}: bad glob {pattern!r}: globs are relative to the configuration file, inside its directory")


def _string_list(value, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return value


def _from_mapping(data, path: Path, table: str) -> Config:
    where = f"{path}: {table}"
    if not isinstance(data, dict):
        raise ConfigError(f"{where} must be a mapping of keys")
    config = Config(path=path)
    known = {"root", "include", "exclude", "rules", "names", "select", "ignore", "per-file-ignores", "severity",
             "fail-on", "baseline"}
    for key, value in data.items():
        at = f"{path}: key {key!r}"
        if key not in known:
            raise ConfigError(f"{path}: unknown key {key!r} in {table} (known keys: {', '.join(sorted(known))})")
        if key in LIST_KEYS:
            setattr(config, key, _string_list(value, at))
            if key in ("include", "exclude"):
                for pattern in getattr(config, key):
                    _check_glob(pattern, at)
        elif key in ("root", "baseline"):
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{at} must be a path")
            setattr(config, key, value)
        elif key == "fail-on":
            if value not in ("error", "warning", "info"):
                raise ConfigError(f"{at} must be error, warning or info, not {value!r}")
            config.fail_on = value
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{at} must map globs to lists of rule codes")
            for pattern, codes in value.items():
                _check_glob(str(pattern), at)
                config.per_file_ignores[str(pattern)] = _string_list(codes, f"{at} entry {pattern!r}")
        elif key == "severity":
            if not isinstance(value, dict) or not all(v in ("error", "warning", "info") for v in value.values()):
                raise ConfigError(f"{at} must map rule codes to error, warning or info")
            config.severity = {str(code).upper(): level for code, level in value.items()}
    return config


def load_config(path: Path) -> Config:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read configuration: {error}") from None
    if path.suffix == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: invalid TOML: {error}") from None
        table = data.get("tool", {}).get("corpuslint")
        if table is None:
            raise ConfigError(f"{path}: no [tool.corpuslint] table")
        return _from_mapping(table, path, "[tool.corpuslint]")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{line}: invalid YAML: {getattr(error, 'problem', None) or error}") from None
    return _from_mapping(data or {}, path, path.name)


def find_config(start: Path | None = None) -> Path | None:
    directory = (start or Path.cwd()).resolve()
    for candidate in (directory, *directory.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate / CONFIG_NAME
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            try:
                if "corpuslint" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}):
                    return pyproject
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
    return None
