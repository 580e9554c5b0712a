"""Every recipe parameter is settable from template.yaml, reaches the function as its variable, and is documented;
the function's environment stays within Lambda's limit with every parameter at its longest."""

import re
import unittest

import cfn

RECIPES = cfn.REPO / "setup" / "recipes"
README = cfn.REPO / "README.md"

# A realistic value for each recipe's template parameter: it must pass the parameter's AllowedPattern or
# AllowedValues and reach the function unchanged.
SAMPLES = {
    "GitUserName": "Jane O'Doe",
    "GitUserEmail": "{user}@example.com",
    "GitDefaultBranch": "trunk",
    "GitCodeCommit": "false",
    "PipIndexUrl": "https://team-111122223333.d.codeartifact.us-east-1.amazonaws.com/pypi/shared/simple/",
    "PipTrustedHost": "pypi.internal.example.com:8443",
    "PipCondaChannel": "https://conda.internal.example.com/main",
    "WelcomeTarget": "getting-started",
    "CodeServerVersion": "4.16.1",
    "CodeServerUrl": "s3://tools-111122223333/code-server/code-server-4.16.1-linux-amd64.tar.gz",
    "CodeServerSha256": "5e3c6f5b0e0a4d8f9a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071",
    "CodeServerPort": "8443",
    "DisableDownloadRestart": "false",
    "AutoShutdownIdleMinutes": "60",
    "AutoShutdownKeepTerminals": "true",
    "AutoShutdownVersion": "0.1.5",
    "AutoShutdownUrl": "https://artifacts.internal.example.com/sagemaker_studio_autoshutdown-0.1.5.tar.gz",
    "AutoShutdownSha256": "0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C4B5A69788796A5B4C3D2E1F0",
    "AutoShutdownPython": "/opt/conda/envs/studio/bin/python",
}

# Lambda: "The total size of all environment variables doesn't exceed 4 KB" (keys and values).
LAMBDA_ENVIRONMENT_BYTES = 4096
CLOUDFORMATION_MAX_PARAMETERS = 200


def recipe_parameters():
    """{variable: recipe} from the '# parameters:' line of every shipped recipe."""
    declared = {}
    for recipe in sorted(RECIPES.glob("*.sh")):
        for line in recipe.read_text().splitlines():
            if match := re.match(r"^#\s*parameters:(.*)$", line):
                declared.update({name: recipe.stem for name in match.group(1).split()})
    return declared


class RecipeParametersTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.source = cfn.load_template()
        cls.template = cfn.sam_transform(cls.source)
        cls.variables = cls.source["Resources"]["AutoInstallerFunction"]["Properties"]["Environment"]["Variables"]
        cls.readme = README.read_text()

    def stack(self, **parameters):
        parameters.setdefault("DomainIds", "d-sandbox00001")
        return cfn.Stack(self.template, **parameters)

    def environment(self, **parameters):
        return self.stack(**parameters).resources()["AutoInstallerFunction"]["Properties"]["Environment"]["Variables"]

    def template_parameter(self, variable):
        """The template parameter passed as `variable` when it is not empty: !If [Has<P>, !Ref <P>, !Ref AWS::NoValue]."""
        wiring = self.variables.get(variable)
        self.assertIsNotNone(wiring, f"{variable} is not among the function's environment variables in template.yaml")
        condition, if_set, if_empty = wiring["Fn::If"]
        self.assertEqual(if_empty, {"Ref": "AWS::NoValue"}, variable)
        parameter = if_set["Ref"]
        self.assertEqual(self.source["Conditions"][condition], {"Fn::Not": [{"Fn::Equals": [{"Ref": parameter}, ""]}]}, variable)
        return parameter

    def test_every_recipe_declares_its_parameters(self):
        self.assertEqual(set(recipe_parameters().values()), {recipe.stem for recipe in RECIPES.glob("*.sh")})

    def test_every_recipe_parameter_is_a_template_parameter_passed_only_when_set(self):
        for variable, recipe in recipe_parameters().items():
            with self.subTest(variable=variable):
                parameter = self.template_parameter(variable)
                declaration = self.source["Parameters"][parameter]
                self.assertEqual(declaration["Default"], "")
                self.assertIn(f"Recipe {recipe},", declaration["Description"])
                self.assertIn(f"({variable})", declaration["Description"])
                sample = SAMPLES[parameter]
                if "AllowedValues" in declaration:
                    self.assertIn(sample, declaration["AllowedValues"])
                else:
                    self.assertIsNotNone(re.fullmatch(declaration["AllowedPattern"], sample), f"{parameter}={sample}")
                    self.assertLessEqual(len(sample), int(declaration["MaxLength"]))
                self.assertEqual(self.environment(**{parameter: sample})[variable], sample)
                self.assertNotIn(variable, self.environment())
                groups = self.source["Metadata"]["AWS::CloudFormation::Interface"]["ParameterGroups"]
                self.assertIn(parameter, next(g["Parameters"] for g in groups if g["Label"]["default"] == f"Recipe {recipe}"))

    def test_every_recipe_parameter_is_documented_with_its_template_parameter(self):
        recipes_section = self.readme.split("\n## Recipes\n", 1)[1].split("\n## ", 1)[0]
        for variable in recipe_parameters():
            with self.subTest(variable=variable):
                self.assertIn(f"`{variable}`", recipes_section)
                parameter = self.template_parameter(variable)
                row = next((line for line in self.readme.splitlines() if line.startswith(f"| `{parameter}` |")), "")
                self.assertIn(f"`{variable}`", row, f"README's Parameters table has no row for {parameter} naming {variable}")

    def test_parameters_stay_below_cloudformations_limit(self):
        self.assertLessEqual(len(self.source["Parameters"]), CLOUDFORMATION_MAX_PARAMETERS)

    def test_the_environment_fits_lambdas_limit_with_every_recipe_parameter_at_its_longest(self):
        longest = {"DomainIds": ",".join(f"d-{i:012d}" for i in range(5))}
        for variable in recipe_parameters():
            parameter = self.template_parameter(variable)
            declaration = self.source["Parameters"][parameter]
            self.assertTrue("MaxLength" in declaration or "AllowedValues" in declaration, f"{parameter} needs a MaxLength")
            longest[parameter] = ("x" * int(declaration["MaxLength"]) if "MaxLength" in declaration
                                  else max(declaration["AllowedValues"], key=len))
        recipes = self.source["Parameters"]["SetupRecipes"]
        longest["SetupRecipes"] = "x" * int(recipes["MaxLength"])

        variables = self.environment(**longest)
        size = sum(len(name.encode()) + len(value.encode()) for name, value in variables.items())
        print(f"\nfunction environment with every recipe parameter at its longest: {len(variables)} variables, {size} bytes "
              f"of Lambda's {LAMBDA_ENVIRONMENT_BYTES}; {len(self.source['Parameters'])} template parameters of "
              f"CloudFormation's {CLOUDFORMATION_MAX_PARAMETERS}")
        self.assertTrue(set(recipe_parameters()) <= set(variables))
        self.assertLessEqual(size, LAMBDA_ENVIRONMENT_BYTES)


if __name__ == "__main__":
    unittest.main()
