"""Runs WIPO's own Rospatent ingestion on files: ``python gbd_rutm.py FILE...`` → JSON Lines.

Run by the interpreter that has WIPO's packages (``wipo-gbd-transformation`` with its
``rutm`` template, ``wipo-gbd-validation``): they pin Jinja2 2.11, which marknet's pages
cannot use, so they live in their own virtual environment (``make gbd``). For each file it
prints the transformed document, or the error that stopped the transformation, and the
quality check's errors.
"""

import json
import sys

from gbdtransformation.parser import Parser  # type: ignore[import-not-found]
from gbdvalidation.engine import RuleEngine  # type: ignore[import-not-found]


def main(paths: list[str]) -> None:
    parser, rules = Parser("rutm"), RuleEngine()
    for path in paths:
        try:
            document = json.loads(parser.run(path))
        except Exception as exc:  # WIPO's code fails in many ways: report each
            print(json.dumps({"file": path, "error": f"{type(exc).__name__}: {exc}"}))
            continue
        errors = rules.validate_with_dict(document)
        print(json.dumps({"file": path, "document": document, "errors": errors},
                         ensure_ascii=False, default=str))


if __name__ == "__main__":
    main(sys.argv[1:])
