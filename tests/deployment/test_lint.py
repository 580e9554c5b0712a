"""cfn-lint, AWS's CloudFormation linter (with the SAM transform), finds nothing in template.yaml."""

import shutil
import subprocess
import unittest

import cfn


class LintTest(unittest.TestCase):
    def test_cfn_lint_reports_no_errors_and_no_warnings(self):
        cfn_lint = shutil.which("cfn-lint")
        self.assertIsNotNone(cfn_lint, "cfn-lint is not on PATH (pip install cfn-lint)")
        result = subprocess.run(
            [cfn_lint, "template.yaml"], cwd=cfn.REPO, capture_output=True, text=True, timeout=300
        )
        self.assertEqual((result.returncode, result.stdout + result.stderr), (0, ""))


if __name__ == "__main__":
    unittest.main()
