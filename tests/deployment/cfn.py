"""Loads template.yaml, applies the SAM transform and renders the CloudFormation intrinsic
functions the template uses, for given parameter values, the way CloudFormation would.

Only the subset template.yaml needs is implemented; anything else raises, so a template change
that outgrows the renderer fails loudly instead of rendering wrong.
"""

import copy
import json
import os
import re
from pathlib import Path

from cfnlint.decode import decode
from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "template.yaml"

PSEUDO_PARAMETERS = {
    "AWS::Partition": "aws",
    "AWS::Region": "us-east-1",
    "AWS::AccountId": "123456789012",
    "AWS::StackName": "studio-auto-installer",
}

_NO_VALUE = object()
_SUB_VARIABLE = re.compile(r"\$\{(!?)([^}]+)\}")


def load_template():
    """template.yaml as plain data, short-form tags (!Ref, !Sub, ...) in their long form."""
    template, problems = decode(str(TEMPLATE))
    if problems:
        raise ValueError(f"cannot parse {TEMPLATE}: {problems}")
    return json.loads(json.dumps(template))


def sam_transform(template):
    """The CloudFormation template the SAM transform makes of `template` (intrinsics kept)."""
    template = copy.deepcopy(template)
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = "s3://bucket/package.zip"
    os.environ.setdefault("AWS_DEFAULT_REGION", PSEUDO_PARAMETERS["AWS::Region"])
    translator = Translator(managed_policy_map={}, sam_parser=Parser())
    return translator.translate(sam_template=template, parameter_values={})


class Stack:
    """A template rendered for one set of parameter values.

    References to resources render as "<LogicalId>", attributes as "<LogicalId.Attribute>".
    """

    def __init__(self, template, **parameters):
        self.template = template
        self.values = dict(PSEUDO_PARAMETERS)
        for name, declaration in template["Parameters"].items():
            if name in parameters:
                value = parameters.pop(name)
            elif "Default" in declaration:
                value = declaration["Default"]
            else:
                raise ValueError(f"parameter {name} has no default and no value")
            value = str(value)
            if declaration["Type"] == "CommaDelimitedList":
                value = value.split(",")
            self.values[name] = value
        if parameters:
            raise ValueError(f"unknown parameters: {sorted(parameters)}")
        self._conditions = {}

    def condition(self, name):
        if name not in self._conditions:
            self._conditions[name] = self.render(self.template["Conditions"][name])
        return self._conditions[name]

    def resources(self):
        """The resources that exist for these parameters, rendered."""
        return {
            name: self.render(resource)
            for name, resource in self.template["Resources"].items()
            if "Condition" not in resource or self.condition(resource["Condition"])
        }

    def outputs(self):
        return {
            name: self.render(output)
            for name, output in self.template.get("Outputs", {}).items()
            if "Condition" not in output or self.condition(output["Condition"])
        }

    def render(self, node):
        if isinstance(node, list):
            return [v for v in (self.render(item) for item in node) if v is not _NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            (key, argument), = node.items()
            if key == "Ref" or key.startswith("Fn::") or key == "Condition":
                return self._function(key, argument)
        rendered = {key: self.render(value) for key, value in node.items()}
        return {key: value for key, value in rendered.items() if value is not _NO_VALUE}

    def _function(self, name, argument):
        if name == "Ref":
            if argument == "AWS::NoValue":
                return _NO_VALUE
            return self.values.get(argument, f"<{argument}>")
        if name == "Fn::GetAtt":
            resource, attribute = argument if isinstance(argument, list) else argument.split(".", 1)
            return f"<{resource}.{attribute}>"
        if name == "Fn::Sub":
            return self._sub(argument)
        if name == "Fn::Join":
            delimiter, items = argument
            return delimiter.join(self.render(items))
        if name == "Fn::Split":
            delimiter, source = argument
            return self.render(source).split(delimiter)
        if name == "Fn::Select":
            index, items = argument
            return self.render(items)[int(self.render(index))]
        if name == "Fn::If":
            condition, if_true, if_false = argument
            return self.render(if_true if self.condition(condition) else if_false)
        if name == "Fn::Equals":
            left, right = self.render(argument)
            return left == right
        if name == "Fn::Not":
            return not self.render(argument)[0]
        if name == "Fn::And":
            return all(self.render(argument))
        if name == "Fn::Or":
            return any(self.render(argument))
        if name == "Condition":
            return self.condition(argument)
        raise NotImplementedError(f"{name} is not rendered by {__name__}")

    def _sub(self, argument):
        if isinstance(argument, str):
            text, variables = argument, {}
        else:
            text, variables = argument[0], {k: self.render(v) for k, v in argument[1].items()}

        def replace(match):
            literal, variable = match.groups()
            if literal:
                return "${" + variable + "}"
            if variable in variables:
                return str(variables[variable])
            if variable in self.values:
                value = self.values[variable]
                return ",".join(value) if isinstance(value, list) else value
            return f"<{variable}>"

        return _SUB_VARIABLE.sub(replace, text)
