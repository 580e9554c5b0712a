"""The rule's event pattern from template.yaml, judged against events/*.json by moto's
implementation of EventBridge pattern matching."""

import copy
import json
import unittest

from moto.events.models import EventPattern

import cfn

EVENTS = cfn.REPO / "events"
DOMAINS = "d-sandbox00001,d-4kx7qv2mzr1b"

# Which sample events each AppTypes setting must let through; every other file must not match.
EXPECTED_MATCHES = {
    "JupyterServer": {"create-app-jupyterserver.json"},
    "JupyterLab": {"create-app-jupyterlab-space.json"},
    "JupyterServer,JupyterLab": {"create-app-jupyterserver.json", "create-app-jupyterlab-space.json"},
    "JupyterLab,JupyterServer": {"create-app-jupyterserver.json", "create-app-jupyterlab-space.json"},
}
SAMPLES = {
    "create-app-jupyterserver.json",
    "create-app-failed-resource-in-use.json",
    "create-app-kernelgateway.json",
    "create-app-other-account.json",
    "create-app-jupyterlab-space.json",
    "create-app-codeeditor-space.json",
    "create-app-amplify.json",
    "malformed.json",
}
# Events of the function's own shape that no rule sends (`bootstrap rollout` invokes the function with them).
ROLLOUT_SAMPLES = {"rollout-jupyterserver.json"}


def load_event(name):
    with open(EVENTS / name) as f:
        return json.load(f)


class EventPatternTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.template = cfn.load_template()

    def pattern(self, app_types, domains=DOMAINS):
        stack = cfn.Stack(self.template, DomainIds=domains, AppTypes=app_types)
        rendered = stack.resources()["CreateAppRule"]["Properties"]["EventPattern"]
        return EventPattern.load(json.dumps(rendered))

    def test_the_samples_are_the_documented_set(self):
        # env.json is not an event: it is the `sam local invoke --env-vars` file (test_env_vars.py).
        self.assertEqual({p.name for p in EVENTS.glob("*.json")} - {"env.json"}, SAMPLES | ROLLOUT_SAMPLES)

    def test_the_samples_are_cloudtrail_createapp_events(self):
        envelope_keys = {"version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"}
        events = {name: load_event(name) for name in SAMPLES}
        for name, event in events.items():
            with self.subTest(event=name):
                self.assertEqual(set(event), envelope_keys)
                self.assertEqual(event["detail-type"], "AWS API Call via CloudTrail")
                detail = event["detail"]
                self.assertEqual(detail["eventName"], "CreateApp")
                self.assertEqual(detail["eventSource"], event["source"].replace("aws.", "") + ".amazonaws.com")
                self.assertEqual(detail["recipientAccountId"], event["account"])
                self.assertEqual(detail["awsRegion"], event["region"])
                self.assertEqual(detail["eventType"], "AwsApiCall")
                self.assertFalse(detail["readOnly"])
        for key in ("id", "eventID", "requestID"):
            values = [e["id"] if key == "id" else e["detail"][key] for e in events.values()]
            self.assertEqual(len(set(values)), len(values), f"{key} must be unique across the samples")

    def test_sagemaker_samples_are_consistent_with_their_app_arn(self):
        for name in SAMPLES - {"create-app-amplify.json", "malformed.json", "create-app-failed-resource-in-use.json"}:
            with self.subTest(event=name):
                event = load_event(name)
                request = event["detail"]["requestParameters"]
                owner = request.get("userProfileName") or request["spaceName"]
                self.assertFalse("userProfileName" in request and "spaceName" in request)
                self.assertEqual(
                    event["detail"]["responseElements"]["appArn"],
                    f"arn:aws:sagemaker:{event['region']}:{event['account']}:app/"
                    f"{request['domainId']}/{owner}/{request['appType']}/{request['appName']}",
                )
        failed = load_event("create-app-failed-resource-in-use.json")["detail"]
        self.assertEqual((failed["errorCode"], failed["responseElements"]), ("ResourceInUse", None))
        self.assertIn("errorMessage", failed)
        space = load_event("create-app-jupyterlab-space.json")["detail"]["requestParameters"]
        self.assertEqual((space["appType"], "userProfileName" in space), ("JupyterLab", False))

    def test_only_the_intended_samples_match(self):
        allowed_app_types = self.template["Parameters"]["AppTypes"]["AllowedValues"]
        self.assertEqual(set(allowed_app_types), set(EXPECTED_MATCHES))
        for app_types, expected in EXPECTED_MATCHES.items():
            pattern = self.pattern(app_types)
            for name in sorted(SAMPLES | ROLLOUT_SAMPLES):
                with self.subTest(AppTypes=app_types, event=name):
                    self.assertEqual(pattern.matches_event(load_event(name)), name in expected)

    def test_a_domain_outside_the_allow_list_does_not_match(self):
        event = load_event("create-app-jupyterserver.json")
        self.assertTrue(self.pattern("JupyterServer", domains="d-sandbox00001").matches_event(event))
        self.assertFalse(self.pattern("JupyterServer", domains="d-4kx7qv2mzr1b").matches_event(event))

    def test_each_distinguishing_field_is_required(self):
        """Changing any one field the rule relies on turns a matching event into a non-matching one."""
        pattern = self.pattern("JupyterServer")
        base = load_event("create-app-jupyterserver.json")
        self.assertTrue(pattern.matches_event(base))
        changes = {
            "source": lambda e: e.update(source="aws.amplify"),
            "detail-type": lambda e: e.update({"detail-type": "AWS API Call via CloudTrail Insights"}),
            "account": lambda e: e.update(account="210987654321"),
            "region": lambda e: e.update(region="eu-west-1"),
            "eventSource": lambda e: e["detail"].update(eventSource="amplify.amazonaws.com"),
            "eventName": lambda e: e["detail"].update(eventName="DeleteApp"),
            "errorCode": lambda e: e["detail"].update(errorCode="ResourceLimitExceeded"),
            "appType": lambda e: e["detail"]["requestParameters"].update(appType="CodeEditor"),
            "domainId": lambda e: e["detail"]["requestParameters"].update(domainId="d-000000000000"),
            "requestParameters": lambda e: e["detail"].pop("requestParameters"),
        }
        for field, change in changes.items():
            with self.subTest(field=field):
                event = copy.deepcopy(base)
                change(event)
                self.assertFalse(pattern.matches_event(event))


if __name__ == "__main__":
    unittest.main()
