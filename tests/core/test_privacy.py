"""The dependencies' opt-outs and the private umask (core/privacy.py), without a network probe
(that is tests/core/test_privacy_network.py)."""

from __future__ import annotations

import os
import subprocess
import sys

from star_rehearsal.core import privacy


def test_apply_sets_every_opt_out_even_one_a_shell_turned_off() -> None:
    env = {"ORT_DISABLE_TELEMETRY": "0", "HOME": "/home/me"}
    assert "ORT_DISABLE_TELEMETRY" in privacy.opt_outs_missing(env)
    privacy.apply(env)
    assert privacy.opt_outs_missing(env) == []
    assert env["ORT_DISABLE_TELEMETRY"] == "1" and env["HF_HUB_DISABLE_TELEMETRY"] == "1"
    assert env["HOME"] == "/home/me"
    privacy.apply(env)  # idempotent: the lazy imports call it again
    assert privacy.opt_outs_missing(env) == []


def test_importing_the_package_changes_nothing_but_the_entry_point_does() -> None:
    """No import-time side effects; `star-rehearsal` itself sets the opt-outs and the umask."""
    env = {k: v for k, v in os.environ.items() if k not in privacy.OPT_OUTS}
    code = (
        "import os, star_rehearsal.core.privacy, star_rehearsal.cli, star_rehearsal.ui.app;"
        "print(os.environ.get('ORT_DISABLE_TELEMETRY'), oct(os.umask(0)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         preexec_fn=lambda: os.umask(0o022), check=True)  # fmt: skip
    assert out.stdout.split() == ["None", "0o22"]
    # `--version` exits inside argparse, after main() set the opt-outs and the umask
    probe = (
        "import os, atexit, star_rehearsal.cli as c;"
        "atexit.register(lambda: print(os.environ.get('ORT_DISABLE_TELEMETRY'), oct(os.umask(0))));"
        "c.main(['--version'])"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env,
                         preexec_fn=lambda: os.umask(0o000))  # fmt: skip
    assert out.stdout.split()[-2:] == ["1", "0o77"], out.stdout + out.stderr


def test_the_private_umask_only_tightens() -> None:
    old = os.umask(0o000)
    try:
        assert privacy.apply_private_umask() == 0o077
        os.umask(0o277)
        assert privacy.apply_private_umask() == 0o277
    finally:
        os.umask(old)
