"""`make build-AutoInstallerFunction` (what `sam build` runs) produces a Lambda package: bootstrap, an
x86_64 executable that loads with every symbol resolved, links only glibc's libraries and needs glibc
2.34 at most (Amazon Linux 2023's), next to setup/. And .ci/check-glibc enforces that limit."""

import json
import os
import socket
import stat
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

import cfn
from fake_runtime import FakeRuntimeApi

CHECK_GLIBC = cfn.REPO / ".ci" / "check-glibc"
# glibc's own libraries. Before allowing another one here, check that the provided.al2023 image has it.
GLIBC_LIBRARIES = {"libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "ld-linux-x86-64.so.2"}


def run(*command, **kwargs):
    return subprocess.run(command, capture_output=True, text=True, **kwargs)


class BuildTargetTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.artifacts = tempfile.TemporaryDirectory()
        cls.build = run(
            "make", "build-AutoInstallerFunction", f"ARTIFACTS_DIR={cls.artifacts.name}",
            cwd=cfn.REPO, timeout=900,
        )
        cls.bootstrap = Path(cls.artifacts.name) / "bootstrap"

    @classmethod
    def tearDownClass(cls):
        cls.artifacts.cleanup()

    def setUp(self):
        self.assertEqual(self.build.returncode, 0, self.build.stdout + self.build.stderr)

    def test_package_holds_exactly_bootstrap_and_setup(self):
        self.assertEqual(sorted(os.listdir(self.artifacts.name)), ["bootstrap", "setup"])
        shipped = Path(self.artifacts.name) / "setup"
        source = cfn.REPO / "setup"
        for path in source.rglob("*"):
            if path.is_file():
                self.assertEqual((shipped / path.relative_to(source)).read_bytes(), path.read_bytes())
        self.assertTrue((shipped / "setup.sh").is_file())

    def test_bootstrap_is_an_x86_64_executable(self):
        self.assertTrue(self.bootstrap.stat().st_mode & stat.S_IXUSR)
        header = self.bootstrap.read_bytes()[:20]
        self.assertEqual(header[:4], b"\x7fELF")
        self.assertEqual(header[4], 2, "64-bit")
        self.assertEqual(int.from_bytes(header[18:20], "little"), 62, "EM_X86_64")

    def test_bootstrap_needs_only_glibc_up_to_2_34(self):
        check = run(str(CHECK_GLIBC), str(self.bootstrap))
        self.assertEqual(check.returncode, 0, check.stderr)
        headers = run("objdump", "-p", str(self.bootstrap), check=True).stdout
        needed = {line.split()[1] for line in headers.splitlines() if line.strip().startswith("NEEDED")}
        self.assertLessEqual(needed, GLIBC_LIBRARIES)

    def test_bootstrap_loads_with_every_symbol_resolved(self):
        loader = run("ldd", "-r", str(self.bootstrap))
        self.assertEqual(loader.returncode, 0, loader.stderr)
        self.assertNotIn("not found", loader.stdout + loader.stderr)
        self.assertNotIn("undefined symbol", loader.stdout + loader.stderr)

    def test_bootstrap_serves_an_invocation_with_the_templates_environment(self):
        """The packaged bootstrap starts with the environment template.yaml gives it (the package
        standing in for /var/task) and answers a KernelGateway event, one it must skip, with a success."""
        variables = self.template_environment()
        variables["AUTO_INSTALLER_SETUP_SCRIPT"] = variables["AUTO_INSTALLER_SETUP_SCRIPT"].replace(
            "/var/task", self.artifacts.name, 1
        )
        self.assert_skips_kernelgateway_event(variables)

    def test_bootstrap_with_a_script_in_s3_starts_and_skips_without_reading_it(self):
        """With SetupScriptS3Uri the script is read per accepted event, never at start-up: the function
        initialises and skips an event without a connection to S3 (a listening loopback socket stands in)."""
        variables = self.template_environment(SetupScriptS3Uri="s3://setup-scripts/studio/setup.sh")
        self.assertNotIn("AUTO_INSTALLER_SETUP_SCRIPT", variables)
        with socket.create_server(("127.0.0.1", 0)) as s3:
            s3.setblocking(False)
            variables["AUTO_INSTALLER_S3_ENDPOINT"] = f"http://127.0.0.1:{s3.getsockname()[1]}/s3"
            self.assert_skips_kernelgateway_event(variables)
            with self.assertRaises(BlockingIOError, msg="the function connected to S3"):
                s3.accept()

    @staticmethod
    def template_environment(**parameters):
        function = cfn.Stack(cfn.sam_transform(cfn.load_template()), DomainIds="d-sandbox00001", **parameters).resources()
        return dict(function["AutoInstallerFunction"]["Properties"]["Environment"]["Variables"])

    def assert_skips_kernelgateway_event(self, variables):
        with open(cfn.REPO / "events" / "create-app-kernelgateway.json") as f:
            api = FakeRuntimeApi(json.load(f))
        environment = {
            "PATH": os.environ["PATH"],
            "AWS_LAMBDA_RUNTIME_API": api.address,
            "_HANDLER": "bootstrap",
            "LAMBDA_TASK_ROOT": self.artifacts.name,
            "AWS_REGION": "us-east-1",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_LAMBDA_FUNCTION_NAME": "studio-auto-installer",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
            "AWS_LAMBDA_LOG_FORMAT": "JSON",
            "AWS_LAMBDA_LOG_LEVEL": "INFO",
            "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "AWS_SESSION_TOKEN": "example-session-token",
            **variables,
        }
        process = subprocess.Popen(
            [str(self.bootstrap)], cwd=self.artifacts.name, env=environment,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            deadline = time.monotonic() + 60
            while process.poll() is None and time.monotonic() < deadline:
                if api.waiting_for_next.wait(0.2):
                    break
            answered = api.waiting_for_next.is_set()
        finally:
            process.terminate()
            stdout, stderr = process.communicate(timeout=30)
            api.close()
        seen = f"exit code {process.returncode}\nposts {api.posts}\nstdout {stdout}\nstderr {stderr}"
        self.assertTrue(answered, f"no second GET /invocation/next within 60 s\n{seen}")
        self.assertEqual(list(api.posts), [f"/2018-06-01/runtime/invocation/{api.request_id}/response"], seen)
        for line in filter(None, stdout.splitlines()):
            self.assertLessEqual({"timestamp", "level", "message"}, set(json.loads(line)), seen)


class CheckGlibcTest(unittest.TestCase):
    """The limit logic, against a stand-in objdump that reports chosen symbol versions."""

    def check(self, versions):
        with tempfile.TemporaryDirectory() as bin_dir:
            objdump = Path(bin_dir) / "objdump"
            lines = "".join(
                f"0000000000000000      DF *UND*  0000000000000000 (GLIBC_{v}) sym{i}\\n"
                for i, v in enumerate(versions)
            )
            objdump.write_text(f"#!/bin/sh\nprintf '{lines}'\n")
            objdump.chmod(0o755)
            env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}")
            return run(str(CHECK_GLIBC), "bootstrap", env=env)

    def test_accepts_versions_up_to_the_limit(self):
        self.assertEqual(self.check(["2.2.5", "2.17", "2.34"]).returncode, 0)
        self.assertEqual(self.check(["2.17", "2.28"]).returncode, 0)

    def test_rejects_a_version_above_the_limit(self):
        result = self.check(["2.2.5", "2.35", "2.9"])
        self.assertEqual(result.returncode, 1)
        self.assertIn("GLIBC_2.35", result.stderr)
        self.assertEqual(self.check(["2.2.5", "2.36"]).returncode, 1)

    def test_rejects_a_binary_without_glibc_versions(self):
        self.assertEqual(self.check([]).returncode, 1)


class BuildTargetPreconditionsTest(unittest.TestCase):
    def test_refuses_to_run_without_artifacts_dir(self):
        result = run("make", "build-AutoInstallerFunction", "ARTIFACTS_DIR=", cwd=cfn.REPO, timeout=60)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ARTIFACTS_DIR is not set", result.stderr)

    def test_refuses_to_package_without_the_setup_folder(self):
        with tempfile.TemporaryDirectory() as empty:
            result = run(
                "make", "-f", str(cfn.REPO / "Makefile"), "build-AutoInstallerFunction", f"ARTIFACTS_DIR={empty}/out",
                cwd=empty, timeout=60,
            )
            self.assertNotEqual(result.returncode, 0)
            self.assertIn("setup/setup.sh is missing", result.stderr)
            self.assertFalse(os.path.exists(f"{empty}/out"))


if __name__ == "__main__":
    unittest.main()
