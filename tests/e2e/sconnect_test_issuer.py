"""`sconnect ARGS`, trusting the tests' licence issuer instead of the real one (the container's
`licence_key` overridden, as tests override any provider); everything else is the real program.

    python sconnect_test_issuer.py sconnect-arguments…
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[2] / "tools")]

from licences import trust_test_issuer  # noqa: E402

from interfaces import cli  # noqa: E402

if __name__ == "__main__":
    trust_test_issuer()
    cli.main(sys.argv[1:])
