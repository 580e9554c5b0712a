"""events/env.json: the `sam local invoke --env-vars` file of the README's local replay.

SAM CLI applies an `--env-vars` value only to a variable the function declares in the template
(samcli/local/lambdafn/env_vars.py: it walks the template's variables and takes each one's override),
so a key the template does not declare would be dropped without a word.
"""

import json
import unittest

import cfn

ENV_VARS = cfn.REPO / "events" / "env.json"
SAMPLES = ["create-app-jupyterserver.json", "create-app-jupyterlab-space.json"]


class EnvVarsFileTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(ENV_VARS) as f:
            cls.env_vars = json.load(f)
        function = cfn.sam_transform(cfn.load_template())["Resources"]["AutoInstallerFunction"]
        cls.declared = set(function["Properties"]["Environment"]["Variables"])

    def test_it_is_in_sams_format_for_the_function_alone(self):
        self.assertEqual(list(self.env_vars), ["AutoInstallerFunction"])
        for name, value in self.env_vars["AutoInstallerFunction"].items():
            self.assertIsInstance(value, str, name)

    def test_every_variable_it_sets_is_declared_in_the_template(self):
        self.assertLessEqual(set(self.env_vars["AutoInstallerFunction"]), self.declared)

    def test_it_serves_the_account_and_domain_of_the_sample_events(self):
        variables = self.env_vars["AutoInstallerFunction"]
        for sample in SAMPLES:
            with self.subTest(sample=sample):
                with open(cfn.REPO / "events" / sample) as f:
                    event = json.load(f)
                self.assertEqual(variables["AUTO_INSTALLER_ACCOUNT_ID"], event["account"])
                self.assertEqual(variables["AUTO_INSTALLER_ACCOUNT_ID"], event["detail"]["recipientAccountId"])
                self.assertIn(event["detail"]["requestParameters"]["domainId"], variables["AUTO_INSTALLER_DOMAIN_IDS"].split(","))
                self.assertIn(event["detail"]["requestParameters"]["appType"], variables["AUTO_INSTALLER_APP_TYPES"].split(","))


if __name__ == "__main__":
    unittest.main()
