"""Every third-party package the apps import is a declared runtime dependency, pinned to one
major version, and locked (the CI's scripts/check_runtime_install.sh installs the lock alone
and imports every module; this is the fast static half of that check)."""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
APPS = ["odco", "cooperatives", "prizes", "training", "coaching", "mentoring", "monitoring"]


def _project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _declared(requirements) -> set[str]:
    return {canonicalize_name(Requirement(line).name) for line in requirements}


def _third_party_imports() -> dict[str, set[str]]:
    """Top-level import name -> the app modules importing it (absolute imports only)."""
    found: dict[str, set[str]] = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "tests" in path.relative_to(ROOT).parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in APPS:
                        found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def _locked(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text(encoding="utf-8")
    return {
        canonicalize_name(name): version
        for name, version in re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", text, re.MULTILINE)
    }


def test_every_imported_package_is_a_declared_runtime_dependency():
    declared = _declared(_project()["dependencies"])
    distributions = packages_distributions()
    missing = {}
    for top, modules in sorted(_third_party_imports().items()):
        names = {canonicalize_name(d) for d in distributions.get(top, [])}
        if not names & declared:
            missing[top] = (sorted(names) or ["(not installed)"], sorted(modules))
    assert missing == {}, f"imported by the apps but not in [project].dependencies: {missing}"


def test_the_scan_sees_the_packages_imported_lazily():
    imports = _third_party_imports()
    # Imported inside functions (PDF assembly, QR codes, PDF rendering): the scan walks every node.
    assert {"pypdf", "qrcode", "weasyprint", "django", "celery"} <= set(imports)
    assert "training/pdf_assembly.py" in imports["pypdf"]


def _one_major(requirement: Requirement) -> bool:
    lower = next((s.version for s in requirement.specifier if s.operator == ">="), None)
    upper = next((s.version for s in requirement.specifier if s.operator == "<"), None)
    if lower is None or upper is None:
        return False
    low, up = [int(p) for p in lower.split(".")[:2]], [int(p) for p in upper.split(".")[:2]]
    if low[0] == 0:  # 0.x: a minor release may break, so one minor
        return up[0] == 0 and len(up) == 2 and up[1] == low[1] + 1
    return up[0] == low[0] + 1 and up[1:] in ([], [0]) or up[0] == low[0]


def test_every_dependency_is_pinned_to_one_major_version():
    project = _project()
    requirements = project["dependencies"] + project["optional-dependencies"]["dev"]
    loose = [line for line in requirements if not _one_major(Requirement(line))]
    assert loose == []


def test_the_lock_files_pin_every_declared_dependency_with_the_same_versions():
    project = _project()
    runtime, dev = _locked("requirements.lock"), _locked("requirements-dev.lock")
    assert _declared(project["dependencies"]) - set(runtime) == set()
    assert _declared(project["optional-dependencies"]["dev"]) - set(dev) == set()
    assert {name: dev.get(name) for name in runtime} == runtime
    for name, version in runtime.items():
        for requirement in project["dependencies"]:
            if canonicalize_name(Requirement(requirement).name) == name:
                assert Requirement(requirement).specifier.contains(version), (requirement, version)
    assert "pytest" not in runtime and "playwright" not in runtime
