"""Checks over template.yaml after the SAM transform, rendered for several parameter sets."""

import itertools
import json
import re
import shlex
import tomllib
import unittest

import cfn

ONE_DOMAIN = "d-sandbox00001"
TWO_DOMAINS = "d-sandbox00001,d-4kx7qv2mzr1b"
FIVE_DOMAINS = "d-aaaaaaaaaaa1,d-aaaaaaaaaaa2,d-aaaaaaaaaaa3,d-aaaaaaaaaaa4,d-aaaaaaaaaaa5"
APP_TYPES = ["JupyterServer", "JupyterLab", "JupyterServer,JupyterLab", "JupyterLab,JupyterServer"]
VPC_SETTINGS = [{}, {"SubnetIds": "subnet-0a1b2c3d,subnet-4e5f6a7b", "SecurityGroupIds": "sg-0123abcd"}]

BASE_ACTIONS = {
    "sagemaker:DescribeApp",
    "sagemaker:CreatePresignedDomainUrl",
    "sagemaker:ListTags",
    "logs:CreateLogStream",
    "logs:PutLogEvents",
    "sqs:SendMessage",
}
# What Lambda needs to place a function in a VPC; these EC2 actions do not support resource-level scoping.
VPC_ACTIONS = {
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
}
# Each SageMaker statement: its one action and the resource type it is granted on.
SAGEMAKER_STATEMENTS = {
    "WaitForApps": ("sagemaker:DescribeApp", "app"),
    "SignInAsStudioUsers": ("sagemaker:CreatePresignedDomainUrl", "user-profile"),
    "FindSpaceOwners": ("sagemaker:DescribeSpace", "space"),
    "ReadUserProfileTags": ("sagemaker:ListTags", "user-profile"),
    "ReadSpaceTags": ("sagemaker:ListTags", "space"),
}
ARN_PREFIX = "arn:aws:sagemaker:us-east-1:123456789012"
S3_URI = "s3://setup-scripts/studio/setup.sh"


METRICS_NAMESPACE = "StudioAutoInstaller"
OUTCOMES = {"succeeded", "failed", "skipped", "detached"}


def expand_metrics(rows):
    """A dashboard's metric rows with CloudWatch's "..." shorthand (repeat the row above) written out; the
    options object, when present, last."""
    expanded = []
    for row in rows:
        options = row[-1] if isinstance(row[-1], dict) else {}
        values = row[:-1] if options else row
        if values and values[0] == "...":
            previous = expanded[-1][:-1]
            values = previous[: len(previous) - (len(values) - 1)] + values[1:]
        expanded.append(values + [options])
    return expanded


def as_list(value):
    return value if isinstance(value, list) else [value]


class TemplateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.source = cfn.load_template()
        cls.template = cfn.sam_transform(cls.source)

    def stack(self, **parameters):
        parameters.setdefault("DomainIds", ONE_DOMAIN)
        return cfn.Stack(self.template, **parameters)

    def variants(self):
        """(parameters, rendered resources) for every combination of domain count, app types and VPC setting."""
        combinations = itertools.product([ONE_DOMAIN, TWO_DOMAINS, FIVE_DOMAINS], APP_TYPES, VPC_SETTINGS)
        for domains, app_types, vpc in combinations:
            parameters = dict(DomainIds=domains, AppTypes=app_types, **vpc)
            yield parameters, self.stack(**parameters).resources()

    def statements(self, resources):
        """Every statement of every identity policy in the rendered template."""
        for resource in resources.values():
            if resource["Type"] == "AWS::IAM::Role":
                for policy in resource["Properties"].get("Policies", []):
                    yield from as_list(policy["PolicyDocument"]["Statement"])
            elif resource["Type"] in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy"):
                yield from as_list(resource["Properties"]["PolicyDocument"]["Statement"])

    def test_the_function_uses_the_explicit_role_and_nothing_else_grants_permissions(self):
        resources = self.stack().resources()
        iam = {name for name, r in resources.items() if r["Type"].startswith("AWS::IAM::")}
        self.assertEqual(iam, {"AutoInstallerRole"})
        role = resources["AutoInstallerRole"]["Properties"]
        self.assertNotIn("ManagedPolicyArns", role)
        self.assertEqual(
            role["AssumeRolePolicyDocument"]["Statement"],
            [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
        )
        self.assertEqual(resources["AutoInstallerFunction"]["Properties"]["Role"], "<AutoInstallerRole.Arn>")

    def test_the_role_allows_exactly_the_needed_actions(self):
        for parameters, resources in self.variants():
            with self.subTest(**parameters):
                expected = set(BASE_ACTIONS)
                if "JupyterLab" in parameters["AppTypes"].split(","):
                    expected.add("sagemaker:DescribeSpace")
                if "SubnetIds" in parameters:
                    expected |= VPC_ACTIONS
                statements = list(self.statements(resources))
                self.assertTrue(all(s["Effect"] == "Allow" for s in statements))
                self.assertEqual({a for s in statements for a in as_list(s["Action"])}, expected)

    def test_sagemaker_actions_are_scoped_to_the_configured_domains(self):
        for parameters, resources in self.variants():
            with self.subTest(**parameters):
                domains = parameters["DomainIds"].split(",")
                for statement in self.statements(resources):
                    actions = as_list(statement["Action"])
                    if not any(a.startswith("sagemaker:") for a in actions):
                        continue
                    self.assertEqual(len(actions), 1, "one SageMaker action per statement, with its own resource type")
                    action, resource_type = SAGEMAKER_STATEMENTS[statement["Sid"]]
                    self.assertEqual(actions, [action])
                    granted = as_list(statement["Resource"])
                    self.assertNotIn("*", granted)
                    self.assertEqual(sorted(granted), sorted(f"{ARN_PREFIX}:{resource_type}/{d}/*" for d in domains))

    def test_tags_are_read_on_user_profiles_and_only_with_jupyterlab_on_spaces(self):
        for parameters, resources in self.variants():
            with self.subTest(**parameters):
                sids = {s["Sid"] for s in self.statements(resources) if s["Action"] == "sagemaker:ListTags"}
                jupyterlab = "JupyterLab" in parameters["AppTypes"].split(",")
                self.assertEqual(sids, {"ReadUserProfileTags", "ReadSpaceTags"} if jupyterlab else {"ReadUserProfileTags"})

    def test_wildcard_resources_are_only_for_vpc_network_interfaces(self):
        for parameters, resources in self.variants():
            with self.subTest(**parameters):
                for statement in self.statements(resources):
                    if "*" in as_list(statement["Resource"]):
                        self.assertLessEqual(set(as_list(statement["Action"])), VPC_ACTIONS)

    def test_logs_and_queue_permissions_name_the_stacks_own_resources(self):
        statements = {s["Sid"]: s for s in self.statements(self.stack().resources())}
        self.assertEqual(statements["WriteOwnLogs"]["Resource"], "<AutoInstallerLogGroup.Arn>")
        self.assertEqual(statements["ReportFailedInvocations"]["Resource"], "<DeadLetterQueue.Arn>")

    def test_every_domain_id_flows_into_arns_environment_and_rule(self):
        for domains in (ONE_DOMAIN, TWO_DOMAINS, FIVE_DOMAINS):
            with self.subTest(domains=domains):
                resources = self.stack(DomainIds=domains, AppTypes="JupyterServer,JupyterLab").resources()
                granted = [r for s in self.statements(resources) for r in as_list(s["Resource"])]
                for domain in domains.split(","):
                    for _, resource_type in SAGEMAKER_STATEMENTS.values():
                        self.assertIn(f"{ARN_PREFIX}:{resource_type}/{domain}/*", granted)
                environment = resources["AutoInstallerFunction"]["Properties"]["Environment"]["Variables"]
                self.assertEqual(environment["AUTO_INSTALLER_DOMAIN_IDS"], domains)
                pattern = resources["CreateAppRule"]["Properties"]["EventPattern"]
                self.assertEqual(pattern["detail"]["requestParameters"]["domainId"], domains.split(","))

    def test_shared_space_policy_reaches_the_function_only_with_jupyterlab(self):
        for app_types in APP_TYPES:
            for policy in ("skip", "owner"):
                with self.subTest(AppTypes=app_types, SharedSpaces=policy):
                    resources = self.stack(AppTypes=app_types, SharedSpaces=policy).resources()
                    environment = resources["AutoInstallerFunction"]["Properties"]["Environment"]["Variables"]
                    self.assertEqual(environment["AUTO_INSTALLER_APP_TYPES"], app_types)
                    expected = policy if "JupyterLab" in app_types.split(",") else None
                    self.assertEqual(environment.get("AUTO_INSTALLER_SHARED_SPACES"), expected)
        self.assertEqual(self.source["Parameters"]["SharedSpaces"]["Default"], "skip")

    def test_domain_ids_parameter_accepts_one_to_five_valid_ids(self):
        pattern = self.source["Parameters"]["DomainIds"]["AllowedPattern"]
        for value in (ONE_DOMAIN, TWO_DOMAINS, FIVE_DOMAINS, "d-a", "d-a-b--c"):
            self.assertRegex(value, f"^(?:{pattern})$")
        six = FIVE_DOMAINS + ",d-aaaaaaaaaaa6"
        for value in ("", six, "d-", "d-ABC", "x-abc", "d-abc, d-def", "d-abc,", ",d-abc", "d-abc-", "d-abc/*"):
            with self.subTest(value=value):
                self.assertIsNone(re.fullmatch(pattern, value))

    def test_function_configuration(self):
        function = self.stack().resources()["AutoInstallerFunction"]
        self.assertEqual(function["Metadata"], {"BuildMethod": "makefile"})
        properties = function["Properties"]
        self.assertEqual(properties["Runtime"], "provided.al2023")
        self.assertEqual(properties["Handler"], "bootstrap")
        self.assertEqual(properties["Architectures"], ["x86_64"])
        self.assertEqual(properties["Timeout"], 900)
        self.assertEqual(properties["MemorySize"], "256")
        self.assertEqual(
            properties["LoggingConfig"],
            {"LogFormat": "JSON", "ApplicationLogLevel": "INFO", "SystemLogLevel": "INFO", "LogGroup": "<AutoInstallerLogGroup>"},
        )
        self.assertEqual(
            properties["Environment"]["Variables"],
            {
                "AUTO_INSTALLER_ACCOUNT_ID": "123456789012",
                "AUTO_INSTALLER_DOMAIN_IDS": ONE_DOMAIN,
                "AUTO_INSTALLER_APP_TYPES": "JupyterLab,JupyterServer",
                "AUTO_INSTALLER_SHARED_SPACES": "skip",
                "AUTO_INSTALLER_SETUP_SCRIPT": "/var/task/setup/setup.sh",
                "AUTO_INSTALLER_DEADLINE_MARGIN_SECONDS": "20",
            },
        )
        self.assertNotIn("VpcConfig", properties)

    def test_reserved_concurrency_is_unset_by_default_and_set_when_given(self):
        default = self.stack().resources()["AutoInstallerFunction"]["Properties"]
        self.assertNotIn("ReservedConcurrentExecutions", default)
        reserved = self.stack(ReservedConcurrency="50").resources()["AutoInstallerFunction"]["Properties"]
        self.assertEqual(reserved["ReservedConcurrentExecutions"], "50")
        pattern = self.source["Parameters"]["ReservedConcurrency"]["AllowedPattern"]
        for value in ("", "1", "50", "10000"):
            self.assertRegex(value, f"^(?:{pattern})$")
        for value in ("0", "-1", "05", "1.5", "100000", "ten"):
            with self.subTest(value=value):
                self.assertIsNone(re.fullmatch(pattern, value))

    def test_recipes_replace_the_script_and_pass_only_the_parameters_given(self):
        properties = self.stack(SetupRecipes="git-config,pip-index", PipIndexUrl="https://example.com/simple/").resources()[
            "AutoInstallerFunction"]["Properties"]
        variables = properties["Environment"]["Variables"]
        self.assertEqual(variables["AUTO_INSTALLER_SETUP_RECIPES"], "git-config,pip-index")
        self.assertEqual(variables["AUTO_INSTALLER_PIP_INDEX_URL"], "https://example.com/simple/")
        self.assertNotIn("AUTO_INSTALLER_SETUP_SCRIPT", variables)
        self.assertNotIn("AUTO_INSTALLER_GIT_DEFAULT_BRANCH", variables)
        self.assertNotIn("AUTO_INSTALLER_PIP_CONDA_CHANNEL", variables)

    def test_a_script_in_s3_adds_read_access_to_exactly_that_object_and_nothing_else(self):
        cases = [
            ({}, S3_URI, "arn:aws:s3:::setup-scripts/studio/setup.sh"),
            ({"DomainIds": FIVE_DOMAINS, "AppTypes": "JupyterServer,JupyterLab", **VPC_SETTINGS[1]}, S3_URI,
             "arn:aws:s3:::setup-scripts/studio/setup.sh"),
            ({}, "s3://my.dotted.bucket/team-a/setup+v2.sh", "arn:aws:s3:::my.dotted.bucket/team-a/setup+v2.sh"),
        ]
        for parameters, uri, arn in cases:
            with self.subTest(uri=uri, **parameters):
                without = list(self.statements(self.stack(**parameters).resources()))
                resources = self.stack(SetupScriptS3Uri=uri, **parameters).resources()
                added = [s for s in self.statements(resources) if s not in without]
                self.assertEqual(added, [{"Sid": "ReadSetupScript", "Effect": "Allow", "Action": "s3:GetObject", "Resource": arn}])
                self.assertFalse([a for s in without for a in as_list(s["Action"]) if a.startswith("s3:")])
                variables = resources["AutoInstallerFunction"]["Properties"]["Environment"]["Variables"]
                self.assertEqual(variables["AUTO_INSTALLER_SETUP_SCRIPT_S3_URI"], uri)
                self.assertNotIn("AUTO_INSTALLER_SETUP_SCRIPT", variables)
                self.assertNotIn("AUTO_INSTALLER_SETUP_RECIPES", variables)

    def test_without_a_script_in_s3_the_function_gets_no_s3_setting(self):
        for parameters in ({}, {"SetupRecipes": "git-config"}):
            with self.subTest(**parameters):
                variables = self.stack(**parameters).resources()["AutoInstallerFunction"]["Properties"]["Environment"]["Variables"]
                self.assertNotIn("AUTO_INSTALLER_SETUP_SCRIPT_S3_URI", variables)
                self.assertEqual(sum(name in variables for name in ("AUTO_INSTALLER_SETUP_SCRIPT", "AUTO_INSTALLER_SETUP_RECIPES")), 1)

    def test_a_script_in_s3_and_recipes_together_are_refused_at_deployment(self):
        rule = self.source["Rules"]["SetupScriptS3UriWithoutRecipes"]
        for recipes, holds in (("", True), ("git-config", False)):
            with self.subTest(SetupRecipes=recipes):
                stack = self.stack(SetupScriptS3Uri=S3_URI, SetupRecipes=recipes)
                self.assertTrue(stack.render(rule["RuleCondition"]))
                self.assertEqual(all(stack.render(a["Assert"]) for a in rule["Assertions"]), holds)
        self.assertFalse(self.stack(SetupRecipes="git-config").render(rule["RuleCondition"]))

    def test_script_s3_uri_parameter_accepts_one_object_without_wildcards(self):
        pattern = self.source["Parameters"]["SetupScriptS3Uri"]["AllowedPattern"]
        for value in ("", S3_URI, "s3://abc/x", "s3://my.dotted.bucket/team-a/setup+v2_(1).sh"):
            with self.subTest(value=value):
                self.assertIsNotNone(re.fullmatch(pattern, value))
        refused = ("s3://abc", "s3://abc/", "s3://abc//x", "s3://abc/a//b", "s3://abc/x/", "s3://abc/*", "s3://abc/x?y",
                   "s3://abc/${AWS::AccountId}", "s3://abc/a b", "s3://ABC/x", "s3://ab/x", "https://abc/x", " s3://abc/x")
        for value in refused:
            with self.subTest(value=value):
                self.assertIsNone(re.fullmatch(pattern, value))

    def test_recipe_list_parameter_accepts_names_only(self):
        pattern = self.template["Parameters"]["SetupRecipes"]["AllowedPattern"]
        for value in ("", "git-config", "git-config,pip-index,welcome"):
            with self.subTest(value=value):
                self.assertIsNotNone(re.fullmatch(pattern, value))
        for value in ("git-config, pip-index", "Git", "a,,b", "../x", "a,"):
            with self.subTest(value=value):
                self.assertIsNone(re.fullmatch(pattern, value))

    def test_log_group_is_the_functions_with_retention(self):
        resources = self.stack(LogRetentionDays=14).resources()
        log_group = resources["AutoInstallerLogGroup"]["Properties"]
        self.assertEqual(log_group, {"LogGroupName": "/aws/lambda/studio-auto-installer", "RetentionInDays": "14"})
        self.assertEqual(resources["AutoInstallerFunction"]["Properties"]["FunctionName"], "studio-auto-installer")

    def test_vpc_config_only_when_subnets_are_given(self):
        properties = self.stack(**VPC_SETTINGS[1]).resources()["AutoInstallerFunction"]["Properties"]
        self.assertEqual(
            properties["VpcConfig"],
            {"SubnetIds": ["subnet-0a1b2c3d", "subnet-4e5f6a7b"], "SecurityGroupIds": ["sg-0123abcd"]},
        )

    def test_failures_are_bounded_and_end_in_the_dead_letter_queue(self):
        resources = self.stack().resources()
        (target,) = resources["CreateAppRule"]["Properties"]["Targets"]
        self.assertEqual(target["Arn"], "<AutoInstallerFunction.Arn>")
        self.assertEqual(target["DeadLetterConfig"], {"Arn": "<DeadLetterQueue.Arn>"})
        self.assertLessEqual(target["RetryPolicy"]["MaximumRetryAttempts"], 10)
        self.assertLessEqual(target["RetryPolicy"]["MaximumEventAgeInSeconds"], 3600)
        invoke_config = resources["AutoInstallerFunctionEventInvokeConfig"]["Properties"]
        self.assertLessEqual(invoke_config["MaximumRetryAttempts"], 2)
        self.assertLessEqual(invoke_config["MaximumEventAgeInSeconds"], 3600)
        self.assertEqual(invoke_config["DestinationConfig"], {"OnFailure": {"Destination": "<DeadLetterQueue.Arn>"}})
        permission = resources["CreateAppRulePermission"]["Properties"]
        self.assertEqual(permission["Principal"], "events.amazonaws.com")
        self.assertEqual(permission["SourceArn"], "<CreateAppRule.Arn>")

    def test_dead_letter_queue_is_encrypted_and_only_the_rule_may_send(self):
        resources = self.stack().resources()
        self.assertTrue(resources["DeadLetterQueue"]["Properties"]["SqsManagedSseEnabled"])
        statements = resources["DeadLetterQueuePolicy"]["Properties"]["PolicyDocument"]["Statement"]
        allows = [s for s in statements if s["Effect"] == "Allow"]
        self.assertEqual(
            allows,
            [
                {
                    "Sid": "UndeliverableEventsFromTheRule",
                    "Effect": "Allow",
                    "Principal": {"Service": "events.amazonaws.com"},
                    "Action": "sqs:SendMessage",
                    "Resource": "<DeadLetterQueue.Arn>",
                    "Condition": {"ArnEquals": {"aws:SourceArn": "<CreateAppRule.Arn>"}},
                }
            ],
        )
        self.assertIn({"Bool": {"aws:SecureTransport": "false"}}, [s.get("Condition") for s in statements if s["Effect"] == "Deny"])

    def test_alarms_watch_function_errors_and_queue_depth(self):
        for topic in ("", "arn:aws:sns:us-east-1:123456789012:platform-alerts"):
            with self.subTest(AlarmTopicArn=topic):
                resources = self.stack(AlarmTopicArn=topic).resources()
                errors = resources["FunctionErrorsAlarm"]["Properties"]
                self.assertEqual((errors["Namespace"], errors["MetricName"]), ("AWS/Lambda", "Errors"))
                self.assertEqual(errors["Dimensions"], [{"Name": "FunctionName", "Value": "<AutoInstallerFunction>"}])
                depth = resources["DeadLetterQueueAlarm"]["Properties"]
                self.assertEqual((depth["Namespace"], depth["MetricName"]), ("AWS/SQS", "ApproximateNumberOfMessagesVisible"))
                self.assertEqual(depth["Dimensions"], [{"Name": "QueueName", "Value": "<DeadLetterQueue.QueueName>"}])
                for alarm in (errors, depth):
                    self.assertEqual(alarm.get("AlarmActions"), [topic] if topic else None)

    def test_failed_setups_raise_an_alarm_on_the_functions_own_metric(self):
        for topic, threshold in (("", "1"), ("arn:aws:sns:us-east-1:123456789012:platform-alerts", "5")):
            with self.subTest(AlarmTopicArn=topic, FailedSetupsThreshold=threshold):
                alarm = self.stack(AlarmTopicArn=topic, FailedSetupsThreshold=threshold).resources()["FailedSetupsAlarm"]["Properties"]
                self.assertEqual((alarm["Namespace"], alarm["MetricName"]), (METRICS_NAMESPACE, "Runs"))
                self.assertEqual(alarm["Dimensions"], [{"Name": "Outcome", "Value": "failed"}])
                self.assertEqual((alarm["Statistic"], alarm["Threshold"]), ("Sum", threshold))
                self.assertEqual(alarm["ComparisonOperator"], "GreaterThanOrEqualToThreshold")
                self.assertEqual(alarm["TreatMissingData"], "notBreaching")
                self.assertEqual(alarm.get("AlarmActions"), [topic] if topic else None)
        self.assertEqual(self.source["Parameters"]["FailedSetupsThreshold"]["MinValue"], 1)

    def test_dashboard_shows_outcomes_durations_alarms_and_the_latest_failed_runs(self):
        body = json.loads(self.stack().resources()["Dashboard"]["Properties"]["DashboardBody"])
        widgets = {w["type"]: [] for w in body["widgets"]}
        for widget in body["widgets"]:
            widgets[widget["type"]].append(widget["properties"])
        self.assertEqual(sorted(widgets), ["alarm", "log", "metric"])

        outcomes, durations = widgets["metric"]
        series = expand_metrics(outcomes["metrics"])
        self.assertEqual({(m[0], m[1], m[2]) for m in series}, {(METRICS_NAMESPACE, "Runs", "Outcome")})
        self.assertEqual({m[3] for m in series}, OUTCOMES)
        self.assertEqual((outcomes["stat"], outcomes["period"]), ("Sum", 300))
        timed = {(m[1], m[3], m[4]["stat"]) for m in expand_metrics(durations["metrics"])}
        self.assertEqual(timed, {(name, "succeeded", stat) for name in ("TotalMs", "WaitMs") for stat in ("p50", "p95")})
        for metric in (outcomes, durations):
            self.assertEqual(metric["region"], "us-east-1")

        (alarms,) = widgets["alarm"]
        self.assertEqual(alarms["alarms"], ["<FailedSetupsAlarm.Arn>", "<FunctionErrorsAlarm.Arn>", "<DeadLetterQueueAlarm.Arn>"])

        (table,) = widgets["log"]
        self.assertEqual(table["view"], "table")
        source, *commands = [part.strip() for part in table["query"].split("|")]
        self.assertEqual(source, "SOURCE '<AutoInstallerLogGroup>'")
        fields = commands[0].removeprefix("fields ").split(", ")
        self.assertEqual(fields[0], "@timestamp")
        self.assertLessEqual({"userProfileName", "spaceName", "appType", "appName", "failedStep", "reason"}, set(fields))
        self.assertIn("filter message = 'Setup result' and outcome = 'failed'", commands)
        self.assertIn("sort @timestamp desc", commands)

    def test_metric_names_and_outcomes_are_the_ones_the_function_emits(self):
        """The dashboard and alarm read names that the function's source writes, not names of their own."""
        metrics_source = (cfn.REPO / "src/AutoInstaller/Setup/ResultMetrics.cs").read_text()
        outcome_source = (cfn.REPO / "src/AutoInstaller/Setup/SetupOutcome.cs").read_text()
        self.assertIn(f'Namespace = "{METRICS_NAMESPACE}"', metrics_source)
        for name in ("Runs", "TotalMs", "WaitMs"):
            self.assertIn(f'("{name}", ', metrics_source)
        for outcome in OUTCOMES:
            self.assertIn(f'[JsonStringEnumMemberName("{outcome}")]', outcome_source)
            self.assertIn(f'=> "{outcome}"', outcome_source)

    def test_trail_exists_only_when_requested(self):
        trail_resources = {"Trail", "TrailBucket", "TrailBucketPolicy"}
        self.assertLessEqual(trail_resources, set(self.stack().resources()))
        self.assertEqual(self.source["Parameters"]["CreateTrail"]["Default"], "true")
        without = cfn.Stack(self.template, DomainIds=ONE_DOMAIN, CreateTrail="false")
        self.assertFalse(trail_resources & set(without.resources()))
        self.assertFalse({"TrailArn", "TrailBucketName"} & set(without.outputs()))

    def test_trail_records_write_management_events_with_validation(self):
        trail = self.stack().resources()["Trail"]["Properties"]
        self.assertEqual(trail["EventSelectors"], [{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": True}])
        self.assertTrue(trail["IsLogging"])
        self.assertTrue(trail["EnableLogFileValidation"])
        self.assertEqual(trail["S3BucketName"], "<TrailBucket>")

    def test_trail_bucket_is_private_encrypted_and_expires_logs(self):
        resources = self.stack(TrailLogExpirationDays=30).resources()
        bucket = resources["TrailBucket"]
        self.assertEqual((bucket["DeletionPolicy"], bucket["UpdateReplacePolicy"]), ("Retain", "Retain"))
        properties = bucket["Properties"]
        self.assertEqual(set(properties["PublicAccessBlockConfiguration"].values()), {True})
        self.assertEqual(len(properties["PublicAccessBlockConfiguration"]), 4)
        self.assertEqual(properties["OwnershipControls"], {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
        (encryption,) = properties["BucketEncryption"]["ServerSideEncryptionConfiguration"]
        self.assertEqual(encryption["ServerSideEncryptionByDefault"]["SSEAlgorithm"], "AES256")
        (rule,) = properties["LifecycleConfiguration"]["Rules"]
        self.assertEqual((rule["Status"], rule["ExpirationInDays"]), ("Enabled", "30"))

    def test_trail_bucket_policy_admits_only_this_trail_over_tls(self):
        resources = self.stack().resources()
        trail_arn = "arn:aws:cloudtrail:us-east-1:123456789012:trail/" + resources["Trail"]["Properties"]["TrailName"]
        statements = resources["TrailBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
        allows = [s for s in statements if s["Effect"] == "Allow"]
        self.assertEqual({s["Action"] for s in allows}, {"s3:GetBucketAcl", "s3:PutObject"})
        for statement in allows:
            self.assertEqual(statement["Principal"], {"Service": "cloudtrail.amazonaws.com"})
            self.assertEqual(statement["Condition"]["StringEquals"]["aws:SourceArn"], trail_arn)
        (deny,) = [s for s in statements if s["Effect"] == "Deny"]
        self.assertEqual((deny["Principal"], deny["Action"]), ("*", "s3:*"))
        self.assertEqual(deny["Condition"], {"Bool": {"aws:SecureTransport": "false"}})
        self.assertEqual(deny["Resource"], ["<TrailBucket.Arn>", "<TrailBucket.Arn>/*"])

    def test_outputs(self):
        self.assertEqual(
            set(self.stack().outputs()),
            {"FunctionName", "FunctionArn", "RuleArn", "DeadLetterQueueUrl", "DeadLetterQueueArn",
             "LogGroupName", "DashboardName", "TrailArn", "TrailBucketName"},
        )

    def test_samconfig_overrides_are_valid_parameter_values(self):
        with open(cfn.REPO / "samconfig.toml", "rb") as f:
            deploy = tomllib.load(f)["default"]["deploy"]["parameters"]
        overrides = dict(item.split("=", 1) for item in shlex.split(deploy["parameter_overrides"]))
        self.assertNotIn("DomainIds", overrides, "DomainIds is the operator's choice, asked by sam deploy --guided")
        for name, value in overrides.items():
            declaration = self.source["Parameters"][name]
            if "AllowedValues" in declaration:
                self.assertIn(value, [str(v) for v in declaration["AllowedValues"]], name)
            self.assertEqual(value, str(declaration["Default"]), f"{name}: samconfig and template defaults differ")
        self.stack(**overrides).resources()


if __name__ == "__main__":
    unittest.main()
