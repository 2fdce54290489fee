"""Builds the deployable SAM template and Lambda package: `python infrastructure/package.py OUT_DIR`.

Runs `chalice package --stage aws --merge-template infrastructure/resources.yaml --template-format yaml OUT_DIR`
and then fixes the one thing a merge cannot reach. Used by `make package` and by the tests in tests/infra, so both
check the same template.

* Chalice answers CORS preflight requests (OPTIONS) in API Gateway itself, with the `allow_origin` the app had when
  Chalice imported it: a literal per route, deep inside RestAPI's DefinitionBody. The package is built with a
  sentinel origin, and every occurrence becomes `Fn::Sub: "'${WebOrigin}'"`, so the stack parameter WebOrigin sets
  the preflight answer as it sets PALABRE_CORS_ORIGIN for the function's own responses.
* Chalice prints "Could not install dependencies" and still exits 0 when a requirement has no wheel for the Lambda
  runtime: the package would fail at import in Lambda. That fails here.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MERGE_TEMPLATE = os.path.join("infrastructure", "resources.yaml")
STAGE = "aws"
ORIGIN_SENTINEL = "https://web-origin.palabre.invalid"
_PREFLIGHT_ORIGIN = f"'{ORIGIN_SENTINEL}'"


class PackagingError(RuntimeError):
    pass


def chalice_package(out_dir: str) -> str:
    """Runs chalice package into out_dir (emptied first); returns its output."""
    if os.path.exists(out_dir):
        shutil.rmtree(out_dir)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AWS_", "PALABRE_", "POWERTOOLS_"))}
    # Chalice wants a region although it calls nothing; the template uses ${AWS::Region} everywhere.
    env.update({"AWS_DEFAULT_REGION": "us-east-1", "PALABRE_CORS_ORIGIN": ORIGIN_SENTINEL})
    chalice = os.path.join(os.path.dirname(sys.executable), "chalice")
    command = [chalice if os.path.exists(chalice) else "chalice", "package", "--stage", STAGE,
               "--merge-template", MERGE_TEMPLATE, "--template-format", "yaml", os.path.abspath(out_dir)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        raise PackagingError(f"{' '.join(command)} failed ({result.returncode}):\n{output}")
    if "Could not install dependencies" in output:
        raise PackagingError("chalice could not find a Lambda-compatible wheel for a requirement; the package would "
                             f"fail at import in Lambda:\n{output}")
    return output


def bind_preflight_origin(node):
    """Replaces the sentinel preflight origin by the WebOrigin parameter; returns the number of replacements."""
    count = 0
    if isinstance(node, dict):
        for key, value in node.items():
            if value == _PREFLIGHT_ORIGIN:
                node[key] = {"Fn::Sub": "'${WebOrigin}'"}
                count += 1
            else:
                count += bind_preflight_origin(value)
    elif isinstance(node, list):
        for value in node:
            count += bind_preflight_origin(value)
    return count


class _NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


def postprocess(template_path: str) -> int:
    with open(template_path, encoding="utf-8") as handle:
        template = yaml.safe_load(handle)
    replaced = bind_preflight_origin(template)
    text = yaml.dump(template, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=True, width=120)
    if ORIGIN_SENTINEL in text:
        raise PackagingError(f"{ORIGIN_SENTINEL} is still in {template_path} in an unexpected place")
    with open(template_path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return replaced


def build(out_dir: str) -> str:
    """Builds out_dir/sam.yaml and out_dir/deployment.zip; returns the template's path. Leaves no half-built
    package behind on failure."""
    try:
        chalice_package(out_dir)
        template_path = os.path.join(out_dir, "sam.yaml")
        postprocess(template_path)
    except BaseException:
        shutil.rmtree(out_dir, ignore_errors=True)
        raise
    return template_path


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python infrastructure/package.py OUT_DIR", file=sys.stderr)
        return 2
    try:
        path = build(argv[0])
    except PackagingError as error:
        print(f"package: {error}", file=sys.stderr)
        return 1
    print(f"{path} and {os.path.join(argv[0], 'deployment.zip')} written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
